"""Every Python the project says it supports can install every locked dependency from a wheel.

`make setup` installs from uv.lock; a package without a wheel for the newcomer's Python and
platform would be compiled from source (or fail) on their machine, not on ours.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging import tags
from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import parse_wheel_filename

BASE_DIR = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())
LOCK = tomllib.loads((BASE_DIR / "uv.lock").read_text())
REQUIRES_PYTHON = SpecifierSet(PYPROJECT["project"]["requires-python"])
# The minor versions requires-python admits (it must have an upper bound: see the test below).
SUPPORTED = [(3, minor) for minor in range(8, 20) if f"3.{minor}.0" in REQUIRES_PYTHON]

# Platform tags pip and uv accept, newest first: glibc 2.28 Linux (Debian 10+, Ubuntu 20.04+)
# and macOS 13 on Intel, 14 on Apple silicon.
PLATFORMS = {
    "linux-x86_64": [f"manylinux_2_{glibc}_x86_64" for glibc in range(28, 4, -1)]
    + ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64", "linux_x86_64"],
    "macos-arm64": list(tags.mac_platforms((14, 0), "arm64")),
    "macos-x86_64": list(tags.mac_platforms((13, 0), "x86_64")),
}


def marker_environment(version: tuple[int, int], platform: str) -> dict[str, str]:
    linux = platform.startswith("linux")
    return {
        "python_version": "{}.{}".format(*version),
        "python_full_version": "{}.{}.0".format(*version),
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "os_name": "posix",
        "sys_platform": "linux" if linux else "darwin",
        "platform_system": "Linux" if linux else "Darwin",
        "platform_machine": platform.split("-")[1],
    }


def installed(environment: dict[str, str]) -> set[tuple[str, str]]:
    """(name, version) of the locked packages an install there takes: those reached from the
    project and its dev group through dependencies whose markers hold (brotlicffi, which
    fontTools needs only off CPython, is locked but never installed on CPython)."""
    environment = {**environment, "extra": ""}
    by_name: dict[str, list[dict]] = {}
    for package in LOCK["package"]:
        by_name.setdefault(package["name"], []).append(package)
    project = next(package for package in LOCK["package"] if "virtual" in package["source"])
    pending = list(project.get("dependencies", []))
    for group in project.get("dev-dependencies", {}).values():
        pending += group
    reached: set[tuple[str, str, tuple[str, ...]]] = set()
    while pending:
        dependency = pending.pop()
        if "marker" in dependency and not Marker(dependency["marker"]).evaluate(environment):
            continue
        extras = tuple(dependency.get("extra", ()))
        for package in by_name[dependency["name"]]:
            if dependency.get("version", package["version"]) != package["version"]:
                continue
            key = (package["name"], package["version"], extras)
            if key in reached:
                continue
            reached.add(key)
            pending += package.get("dependencies", [])
            for extra in extras:
                pending += package.get("optional-dependencies", {}).get(extra, [])
    return {(name, version) for name, version, _extras in reached}


def test_requires_python_names_a_closed_range_that_includes_311_to_313():
    # An open upper bound would claim Pythons nobody has installed the lock on.
    assert re.search(r"<\s*3\.\d+", PYPROJECT["project"]["requires-python"])
    assert SUPPORTED[:3] == [(3, 11), (3, 12), (3, 13)]
    assert SpecifierSet(LOCK["requires-python"]) == REQUIRES_PYTHON  # uv.lock is up to date


def test_ruff_targets_the_oldest_supported_python():
    assert PYPROJECT["tool"]["ruff"]["target-version"] == "py{}{}".format(*SUPPORTED[0])


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("version", SUPPORTED, ids=lambda v: "{}.{}".format(*v))
def test_every_locked_package_has_a_wheel(version, platform):
    platforms = PLATFORMS[platform]
    accepted = set(tags.cpython_tags(version, platforms=platforms))
    accepted |= set(tags.compatible_tags(version, platforms=platforms))
    environment = marker_environment(version, platform)
    needed = installed(environment)
    assert (
        "django",
        next(p["version"] for p in LOCK["package"] if p["name"] == "django"),
    ) in needed
    missing = []
    for package in LOCK["package"]:
        if "virtual" in package["source"]:  # the project itself, never built
            continue
        if (package["name"], package["version"]) not in needed:
            continue  # only under markers this Python and platform do not meet
        # A package locked in several versions applies only under its resolution markers.
        markers = package.get("resolution-markers")
        if markers and not any(Marker(marker).evaluate(environment) for marker in markers):
            continue
        wheels = [wheel["url"].rsplit("/", 1)[1] for wheel in package.get("wheels", [])]
        if not any(parse_wheel_filename(name)[3] & accepted for name in wheels):
            missing.append(f"{package['name']}=={package['version']}")
    assert not missing, f"no wheel in uv.lock for Python {version} on {platform}: {missing}"
