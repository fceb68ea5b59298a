"""`make` refuses an unsupported Python and rebuilds a virtual environment it cannot use.

scripts/check_python.py is what the Makefile asks; a stale .venv used to make every retry
fail with uv's "incompatible with the project's Python requirement" until deleted by hand.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from scripts import check_python

BASE_DIR = Path(__file__).resolve().parents[2]
SCRIPT = BASE_DIR / "scripts" / "check_python.py"
RUNNING = "{}.{}.{}".format(*sys.version_info[:3])


def check(*arguments: str, python: str = sys.executable) -> subprocess.CompletedProcess:
    return subprocess.run(
        [python, str(SCRIPT), *arguments], capture_output=True, text=True, timeout=60
    )


def fake_venv(path: Path, version: str | None, uv: bool = True) -> Path:
    """A virtual environment whose Python reports `version` (None: its Python is missing)."""
    (path / "bin").mkdir(parents=True)
    (path / "pyvenv.cfg").write_text("home = /nowhere\n")
    if version:
        python = path / "bin" / "python"
        python.write_text(f"#!/bin/sh\necho {version.replace('.', ' ')}\n")
        python.chmod(0o755)
    if uv:
        (path / "bin" / "uv").write_text("")
    return path


def test_the_running_python_is_supported():
    assert check().returncode == 0


@pytest.mark.parametrize("version", [(3, 10, 13), (3, 14, 0)])
def test_an_unsupported_python_is_refused_with_the_supported_range(version):
    with pytest.raises(SystemExit) as refusal:
        check_python.check_interpreter(version)
    message = str(refusal.value)
    assert "is Python {}.{}.{}; this project needs Python 3.11–3.13".format(*version) in message
    assert "PYTHON=" in message


@pytest.mark.parametrize("version", [(3, 11, 0), (3, 12, 1), (3, 13, 0)])
def test_every_supported_python_is_accepted(version):
    check_python.check_interpreter(version)


@pytest.mark.parametrize(
    ("version", "uv", "requested", "reason"),
    [
        ("3.10.13", True, False, "was made by Python 3.10.13, which this project does not support"),
        ("3.14.0", True, False, "was made by Python 3.14.0, which this project does not support"),
        (None, True, False, "is half-made (its Python does not start)"),
        (RUNNING, False, False, "is half-made (its set-up stopped before the end)"),
        ("3.12.1" if sys.version_info[:2] != (3, 12) else "3.13.0", True, True, "not by PYTHON="),
    ],
)
def test_an_unusable_venv_is_rebuilt_with_one_line_saying_why(
    tmp_path, version, uv, requested, reason
):
    venv = fake_venv(tmp_path / "venv", version, uv=uv)
    answer = check(str(venv), *(["--requested"] if requested else []))
    assert answer.returncode == 0
    assert answer.stdout.count("\n") == 1
    assert reason in answer.stdout
    assert answer.stdout.strip().endswith(f"rebuilding it with Python {RUNNING}.")


@pytest.mark.parametrize("requested", [False, True])
def test_a_venv_of_the_same_python_is_kept(tmp_path, requested):
    venv = fake_venv(tmp_path / "venv", RUNNING)
    answer = check(str(venv), *(["--requested"] if requested else []))
    assert (answer.returncode, answer.stdout) == (0, "")


def test_another_supported_python_is_kept_unless_another_one_is_asked_for(tmp_path):
    other = "3.12.1" if sys.version_info[:2] != (3, 12) else "3.13.0"
    venv = fake_venv(tmp_path / "venv", other)
    assert check(str(venv)).stdout == ""


def test_a_folder_that_is_not_a_venv_is_never_marked_for_deletion(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    assert check(str(tmp_path / "mine")).stdout == ""
    assert check(str(tmp_path / "absent")).stdout == ""
