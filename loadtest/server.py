"""The site under gunicorn on loopback, as the load test and the benchmark run it: the
production configuration (config/gunicorn.conf.py) on a free port, and plain requests to it."""

import os
import platform
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(
    url: str, headers: dict[str, str] | None = None, data: bytes | None = None
) -> tuple[int, str]:
    """Status and page-cache header of one request (redirects not followed), body read; a
    POST of `data` when it is given."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=60) as response:
            response.read()
            return response.status, response.headers.get("X-Wagtail-Cache", "")
    except urllib.error.HTTPError as error:
        return error.code, ""


def start_server(
    env: dict[str, str], log_path: Path, headers: dict[str, str] | None = None, wait: int = 120
) -> tuple[subprocess.Popen, str]:
    """gunicorn on a free port of 127.0.0.1, once /health/ answers; its address."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [GUNICORN, "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env={**env, "BIND": f"127.0.0.1:{port}"},
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start-up; see {log_path}")
        try:
            if fetch(f"{base}/health/", headers)[0] == 200:
                return server, base
        except OSError:
            pass
        time.sleep(0.3)
    server.terminate()
    sys.exit(f"gunicorn did not answer /health/ within {wait} s; see {log_path}")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
