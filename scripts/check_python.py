"""Which Python `make` may use: `python scripts/check_python.py [VENV [--requested]]`.

Run by the Makefile with the interpreter it was given (PYTHON=, python3 by default), which
may be any Python 3 on the newcomer's machine: standard library only, Python 3.7 syntax.

Without VENV: exits 1 with a one-line message when this interpreter is outside the
project's requires-python. With VENV: prints why that virtual environment must be rebuilt
(half-made, made by a Python the project does not support, or, with --requested, made by
another Python than the one asked for), or nothing when it can be used as it is.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
CLAUSE = re.compile(r"^(>=|<=|>|<|==|!=)\s*(\d+(?:\.\d+)*)(\.\*)?$")


def requires_python() -> str:
    found = re.search(r'^requires-python\s*=\s*"([^"]+)"', PYPROJECT.read_text(), re.MULTILINE)
    if not found:
        raise SystemExit(f"{PYPROJECT} has no requires-python")
    return found.group(1)


def admits(spec: str, version: tuple[int, ...]) -> bool:
    """Whether `version` satisfies a simple specifier set such as ">=3.11,<3.14"."""
    for clause in spec.split(","):
        match = CLAUSE.match(clause.strip())
        if not match:
            raise SystemExit(f"cannot read requires-python clause {clause!r}")
        operator, number, wildcard = match.groups()
        bound = tuple(int(part) for part in number.split("."))
        mine = version[: len(bound)] if wildcard else version
        results = {
            ">=": mine >= bound,
            ">": mine > bound,
            "<=": mine <= bound,
            "<": mine < bound,
            "==": mine == bound,
            "!=": mine != bound,
        }
        if not results[operator]:
            return False
    return True


def supported_range(spec: str) -> str:
    minors = [minor for minor in range(6, 30) if admits(spec, (3, minor, 0))]
    if not minors:
        return spec
    return f"3.{minors[0]}" if len(minors) == 1 else f"3.{minors[0]}–3.{minors[-1]}"


def dotted(version: tuple[int, ...]) -> str:
    return ".".join(str(part) for part in version)


def venv_python_version(venv: Path) -> tuple[int, ...] | None:
    python = venv / "bin" / "python"
    try:
        answer = subprocess.run(
            [str(python), "-c", "import sys; print(*sys.version_info[:3])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if answer.returncode != 0:
        return None
    return tuple(int(part) for part in answer.stdout.split())


def rebuild_reason(venv: Path, requested: bool) -> str:
    """Empty when `venv` is usable (or absent); otherwise the one line `make` prints."""
    if not (venv / "pyvenv.cfg").is_file():
        # Absent, or not a virtual environment: `python -m venv` makes one there; never delete
        # what `python -m venv` did not make.
        return ""
    spec = requires_python()
    found = venv_python_version(venv)
    mine = tuple(sys.version_info[:3])
    if found is None:
        why = "is half-made (its Python does not start)"
    elif not admits(spec, found):
        why = f"was made by Python {dotted(found)}, which this project does not support"
    elif requested and found[:2] != mine[:2]:
        why = f"was made by Python {dotted(found)}, not by PYTHON={sys.executable}"
    elif not (venv / "bin" / "uv").exists():
        why = "is half-made (its set-up stopped before the end)"
    else:
        return ""
    return f"{venv} {why}: rebuilding it with Python {dotted(mine)}."


def check_interpreter(version: tuple[int, ...] = tuple(sys.version_info[:3])) -> None:
    spec = requires_python()
    if not admits(spec, version):
        raise SystemExit(
            f"{sys.executable} is Python {dotted(version)}; this project needs Python "
            f"{supported_range(spec)}: give one, e.g. make run PYTHON=python3.12"
        )


def main(arguments: list[str]) -> None:
    if not arguments:
        check_interpreter()
        return
    reason = rebuild_reason(Path(arguments[0]), requested="--requested" in arguments[1:])
    if reason:
        print(reason)


if __name__ == "__main__":
    main(sys.argv[1:])
