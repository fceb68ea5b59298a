"""The site under test: its own SQLite file and media folder, served on a free loopback port.

Building the demo site (migrations, demo content) takes most of the suite's set-up time, so
the build starts in the background as soon as pytest knows browser tests will run, and the
built database is kept, keyed by a hash of everything that shapes it (code, migrations,
locked dependencies, today's date), in the system's temporary folder for the next run.
"""

import fcntl
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
# What the built database depends on, besides the Python code of config/ and of every app.
SOURCE_FILES = ["uv.lock", "tests/browser/prepare_site.py", "tests/browser/people.py"]
CACHE_ROOT = Path(tempfile.gettempdir()) / "registroimpact-browser-site"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build_key() -> str:
    digest = hashlib.sha256(date.today().isoformat().encode())
    files = [BASE_DIR / name for name in SOURCE_FILES]
    folders = [BASE_DIR / "config", *(apps.parent for apps in BASE_DIR.glob("*/apps.py"))]
    for folder in sorted(folders):
        files += sorted(folder.rglob("*.py"))
    for path in files:
        digest.update(str(path.relative_to(BASE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def site_environment(workdir: Path) -> dict[str, str]:
    """The developer's database, cache, search and mail settings never reach the served site."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="tests.browser.settings",
        DATABASE_URL=f"sqlite:///{workdir / 'site.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private"),
        # The site's mail as files the tests read (tests/browser/test_alerts.py).
        EMAIL_URL=f"filemail:///{workdir / 'mail'}",  # an absolute path: four slashes
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return environment


class SiteBuild:
    """The demo site's database and media, built once (in the background) or taken from cache."""

    def __init__(self) -> None:
        self.key = build_key()
        self.cached = CACHE_ROOT / self.key
        self.staging = CACHE_ROOT / f"{self.key}.{os.getpid()}"
        self.process: subprocess.Popen | None = None
        self.lock = None  # held while this process builds: the suite's other processes wait

    def start(self) -> None:
        if self.cached.exists() or self.process or self.lock:
            return
        CACHE_ROOT.mkdir(parents=True, exist_ok=True)
        self.lock = (CACHE_ROOT / f"{self.key}.lock").open("w")
        try:
            fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another process of this suite (pytest-xdist) builds it
            return
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.browser.prepare_site"],
            cwd=BASE_DIR,
            env=site_environment(self.staging),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def copy_to(self, workdir: Path) -> None:
        """Wait for the build, then give `workdir` its own copy (the tests may change it)."""
        self.start()
        if self.process:
            output, _ = self.process.communicate()
            failed, self.process = self.process.returncode, None
            if failed:
                shutil.rmtree(self.staging, ignore_errors=True)
                raise RuntimeError(f"Building the demo site failed:\n{output}")
            for older in CACHE_ROOT.iterdir():
                if "." not in older.name:  # finished builds of other keys, not others' staging
                    shutil.rmtree(older, ignore_errors=True)
            try:
                self.staging.rename(self.cached)
            except OSError:  # another session finished the same build first
                shutil.rmtree(self.staging, ignore_errors=True)
            self.release()
        if self.lock and not self.cached.exists():
            fcntl.flock(self.lock, fcntl.LOCK_EX)  # until the process that builds has finished
            self.release()
            if not self.cached.exists():
                raise RuntimeError("Another test process failed to build the demo site.")
        shutil.copytree(self.cached, workdir, dirs_exist_ok=True)

    def release(self) -> None:
        if self.lock:
            self.lock.close()  # closing the file releases the lock
            self.lock = None

    def cancel(self) -> None:
        self.release()
        if self.process:
            self.process.kill()
            self.process.wait()
            shutil.rmtree(self.staging, ignore_errors=True)


class LiveSite:
    """`with LiveSite(build, workdir) as site:` serves a copy of the built site, then stops."""

    def __init__(self, build: SiteBuild, workdir: Path) -> None:
        self.build = build
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "server.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "LiveSite":
        self.build.copy_to(self.workdir)
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
                cwd=BASE_DIR,
                env=site_environment(self.workdir),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_until_up()
        return self

    def __exit__(self, *exc_info) -> None:
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def server_log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def _wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The server stopped:\n{self.server_log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/health/", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise RuntimeError(f"The server did not answer in {timeout} s:\n{self.server_log()}")
