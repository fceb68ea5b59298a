"""`make audit`: Lighthouse (mobile) on the demo site served as in production.

The site runs under gunicorn with the production settings (DEBUG off, static files collected
and served by whitenoise, page cache on), over plain HTTP on a free loopback port; Lighthouse
from npm drives Debian's Chromium. Prints the four scores of each page, saves the HTML
reports in artifacts/lighthouse/ and exits with 1 when a score is below its target.
"""

import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from .chromium import CHROMIUM, CHROMIUM_ARGS
from .server import BASE_DIR, SiteBuild, free_port, site_environment

PAGES = {
    "home": "/it/",
    "register": "/it/registro/",
    "cooperative": "/it/registro/cooperativa-carico-giusto/",
    "news index": "/it/notizie/",
    "news item": "/it/notizie/nasce-il-registro-impact/",
}
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 100}
LIGHTHOUSE = BASE_DIR / "node_modules" / ".bin" / "lighthouse"
REPORTS = BASE_DIR / "artifacts" / "lighthouse"


def production_environment(workdir: Path, port: int) -> dict[str, str]:
    environment = site_environment(workdir)
    environment.update(
        DJANGO_SETTINGS_MODULE="tests.browser.audit_settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",  # no TLS-terminating proxy in front of it here
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(workdir / "static"),
        PAGE_CACHE_DIR=str(workdir / "pagecache"),
        PORT=str(port),
        WEB_CONCURRENCY="2",
        ACCESS_LOG="off",
    )
    return environment


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped before answering.")
        try:
            with urllib.request.urlopen(f"{url}/health/", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer in {timeout} s.")


def lighthouse(url: str, name: str) -> dict[str, int]:
    """Run Lighthouse with its default (mobile) settings; return the four scores out of 100."""
    report = REPORTS / name.replace(" ", "-")
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            "--output=html",
            f"--output-path={report}",
            f"--only-categories={','.join(TARGETS)}",
            f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
    )
    result = json.loads(report.with_suffix(".report.json").read_text())
    return {key: round(result["categories"][key]["score"] * 100) for key in TARGETS}


def main() -> int:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `npm ci`.")
    REPORTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="registroimpact-audit-") as folder:
        workdir = Path(folder)
        SiteBuild().copy_to(workdir)
        port = free_port()
        environment = production_environment(workdir, port)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
            cwd=BASE_DIR,
            env=environment,
            check=True,
        )
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=BASE_DIR,
            env=environment,
            stdout=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base, server)
            for path in PAGES.values():  # as on a live site: code loaded, caches warm
                urllib.request.urlopen(base + path, timeout=30).close()
            scores = {name: lighthouse(base + path, name) for name, path in PAGES.items()}
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(f"\n{'page':<14}" + "".join(f"{key:>16}" for key in TARGETS))
    short = []
    for name, found in scores.items():
        print(f"{name:<14}" + "".join(f"{found[key]:>16}" for key in TARGETS))
        short += [
            f"{name}: {key} {found[key]} < {TARGETS[key]}"
            for key in TARGETS
            if found[key] < TARGETS[key]
        ]
    print("targets       " + "".join(f"{'≥ ' + str(value):>16}" for value in TARGETS.values()))
    print(f"\nReports: {REPORTS.relative_to(BASE_DIR)}/")
    if short:
        print("Below target:\n  " + "\n  ".join(short))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
