"""The rate limits hold under gunicorn with several workers and no Redis (the documented
default): every worker counts in the same place, so a client gets exactly the limit, not the
limit once per worker. Served the way production serves, as in test_production."""

import secrets
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from loadtest.server import start_server, stop_server

from .test_production import database_url_for_another_process, production_env, run

WORKERS = 3
LIMITS = {name: requests for name, (requests, _seconds) in settings.RATELIMITS.items()}
# (rule, method, path, requests sent): more than the limit, in one burst from one client.
BURSTS = [
    ("exports", "GET", "/it/registro/export.csv", LIMITS["exports"] + 15),
    ("api", "GET", "/api/v1/sectors/", LIMITS["api"] + 30),
    ("forms", "POST", "/it/chiedi-del-marchio/", LIMITS["forms"] + 10),
]


def status_of(base: str, method: str, path: str, client: str) -> int:
    request = urllib.request.Request(
        base + path,
        method=method,
        data=b"" if method == "POST" else None,
        # As from our proxy: the client's address, and HTTPS already terminated.
        headers={"X-Forwarded-For": client, "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.build_opener().open(request, timeout=30) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def gunicorn(tmp_path):
    env = production_env(
        tmp_path,
        DATABASE_URL=database_url_for_another_process(tmp_path),
        WEB_CONCURRENCY=str(WORKERS),
        GUNICORN_THREADS="4",
        ALLOWED_HOSTS="127.0.0.1",
        RATELIMIT_TRUSTED_PROXIES="127.0.0.1",
        ACCESS_LOG="off",
    )
    # The pages (the 429 page too) name their files through the collected manifest. Only the
    # site's own files: the admin's thousands (46 s of compression) are never asked for here.
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-i", "wagtail*"]
    collected = run([*collect, "-i", "ninja"], env, timeout=300)
    assert collected.returncode == 0, collected.stderr
    log_path = tmp_path / "gunicorn.log"
    server, base = start_server(env, log_path, {"X-Forwarded-Proto": "https"})
    try:
        # /health/ answers once one worker is up; the burst must meet all of them.
        for _ in range(300):
            if log_path.read_text().count("Booting worker") == WORKERS:
                break
            time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start every worker:\n" + log_path.read_text())
        yield base, log_path
    finally:
        stop_server(server)


@pytest.mark.django_db
@pytest.mark.demo  # serves a copy of the demo site
def test_each_limit_holds_across_every_worker(gunicorn):
    base, log_path = gunicorn
    # Fixed windows of 60 s (and 600 s, which end on a minute too): start early in one, so
    # the whole burst falls inside it.
    if time.time() % 60 > 20:
        time.sleep(60.2 - time.time() % 60)
    clients = {rule: f"198.51.100.{secrets.randbelow(250) + 1}" for rule, *_ in BURSTS}
    while len(set(clients.values())) < len(clients):
        clients = {rule: f"198.51.100.{secrets.randbelow(250) + 1}" for rule, *_ in BURSTS}
    jobs = [
        (rule, method, path, clients[rule])
        for rule, method, path, sent in BURSTS
        for _ in range(sent)
    ]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda job: (job[0], status_of(base, *job[1:])), jobs))
    assert time.monotonic() - started < 40, "the burst must fit in one window"
    allowed = {rule: 0 for rule, *_ in BURSTS}
    refused = dict(allowed)
    for rule, status in statuses:
        assert status < 500, log_path.read_text()[-3000:]
        if status == 429:
            refused[rule] += 1
        else:
            allowed[rule] += 1
    log = log_path.read_text()
    assert allowed == {rule: LIMITS[rule] for rule, *_ in BURSTS}, log[-3000:]
    assert refused == {rule: sent - LIMITS[rule] for rule, _m, _p, sent in BURSTS}
