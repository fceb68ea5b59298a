"""The production configuration, run the way production runs it: `config.settings.production`
in a separate process with only environment variables, gunicorn with config/gunicorn.conf.py,
Redis for real, whitenoise over collected files."""

import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

from tests.snapshots import migrated_database

BASE_DIR = Path(settings.BASE_DIR)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

# Everything the settings read: a test starts from none of them, like a fresh server.
SETTINGS_VARIABLES = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "PAGE_CACHE",
    "PAGE_CACHE_DIR",
    "PAGE_CACHE_SECONDS",
    "ELASTICSEARCH_URL",
    "FRONTEND_CACHE_PURGE_URL",
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFLARE_ZONE_ID",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "WAGTAILADMIN_BASE_URL",
    "EMAIL_URL",
    "EMAIL_TIMEOUT",
    "TASKS_BACKEND",
    "TASKS_STALE_SECONDS",
}


def production_env(tmp_path: Path, **variables: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in SETTINGS_VARIABLES and not key.startswith("AWS_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="registroimpact.it,www.registroimpact.it",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PAGE_CACHE_DIR=str(tmp_path / "pagecache"),
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.update(variables)
    return env


def run(args: list[str], env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
default_storage._setup()
storage = default_storage._wrapped
print(json.dumps({
    "storage": type(storage).__module__ + "." + type(storage).__name__,
    "storage_options": settings.STORAGES["default"].get("OPTIONS", {}),
    "bucket": getattr(storage, "bucket_name", None),
    "endpoint": getattr(storage, "endpoint_url", None),
    "location": str(getattr(storage, "location", "")),
    "caches": {alias: conf["BACKEND"] for alias, conf in settings.CACHES.items()},
    "page_cache": settings.WAGTAIL_CACHE,
    "frontend_cache": {
        name: conf["BACKEND"] for name, conf in settings.WAGTAILFRONTENDCACHE.items()
    },
}))
"""


def probe(tmp_path: Path, **variables: str) -> dict:
    result = run([sys.executable, "-c", PROBE], production_env(tmp_path, **variables))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# Start-up ----------------------------------------------------------------------------------


@pytest.mark.django_db  # the suite's migrated snapshot, copied for the deployment
def test_check_deploy_reports_nothing_with_a_real_environment(tmp_path):
    check_deploy = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"]
    # As the README deploys: migrate first; it gives Wagtail's Site the public address.
    with migrated_database(tmp_path) as (database_url, sql):
        env = production_env(
            tmp_path,
            DATABASE_URL=database_url,
            REDIS_URL=REDIS_URL,
            EMAIL_URL="smtp+tls://mail:pw@smtp:587",
        )
        migrated = run([sys.executable, "manage.py", "migrate", "--noinput"], env, timeout=600)
        assert migrated.returncode == 0, migrated.stdout + migrated.stderr
        site = "SELECT hostname, port FROM wagtailcore_site WHERE is_default_site"
        assert sql(site) == [("registroimpact.it", 443)]
        result = run(check_deploy, env)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "System check identified no issues (0 silenced)." in result.stdout

        # Wagtail's placeholder address fails the deployment check.
        sql("UPDATE wagtailcore_site SET hostname = 'localhost', port = 80")
        result = run(check_deploy, env)
        assert result.returncode != 0
        assert "infrastructure.E003" in result.stderr and "http://localhost" in result.stderr


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "ab" * 30}, "SECRET_KEY must be set"),  # long but not random
        ({"SECRET_KEY": "dev-" + secrets.token_urlsafe(50)}, "SECRET_KEY must be set"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list"),
    ],
)
def test_production_refuses_to_start_without_what_it_needs(tmp_path, variables, message):
    result = run(
        [sys.executable, "-c", "import django; django.setup()"],
        production_env(tmp_path, **variables),
    )
    assert result.returncode != 0
    assert message in result.stderr


# Media storage -----------------------------------------------------------------------------


def test_media_go_to_local_disk_by_default(tmp_path):
    found = probe(tmp_path)
    assert found["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert found["location"] == str(tmp_path / "media")


def test_media_go_to_s3_compatible_storage_when_a_bucket_is_named(tmp_path):
    found = probe(
        tmp_path,
        AWS_STORAGE_BUCKET_NAME="registroimpact-media",
        AWS_S3_ENDPOINT_URL="https://s3.eu-south-1.example.net",
        AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY="not-a-real-secret",
        AWS_S3_REGION_NAME="eu-south-1",
    )
    assert found["storage"] == "storages.backends.s3.S3Storage"
    assert found["bucket"] == "registroimpact-media"
    assert found["endpoint"] == "https://s3.eu-south-1.example.net"
    assert found["storage_options"]["location"] == "media"
    assert found["storage_options"]["querystring_auth"] is True  # private bucket, signed links


S3_TEST_BUCKET = os.environ.get("AWS_TEST_STORAGE_BUCKET_NAME")


@pytest.mark.skipif(
    not S3_TEST_BUCKET,
    reason="no S3-compatible test bucket on this machine: set AWS_TEST_STORAGE_BUCKET_NAME "
    "(and AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) to run it",
)
def test_media_round_trip_through_a_real_s3_bucket(tmp_path):
    script = """
import django, uuid
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
name = default_storage.save(f"test/{uuid.uuid4().hex}.txt", ContentFile(b"registro"))
try:
    assert default_storage.open(name).read() == b"registro"
    assert default_storage.url(name).startswith("http")
finally:
    default_storage.delete(name)
assert not default_storage.exists(name)
print("ok")
"""
    variables = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}
    variables["AWS_STORAGE_BUCKET_NAME"] = S3_TEST_BUCKET
    variables["AWS_LOCATION"] = "registroimpact-tests"
    env = production_env(tmp_path)
    env.update(variables)
    result = run([sys.executable, "-c", script], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# Caches and CDN ----------------------------------------------------------------------------


def test_caches_are_local_without_redis_and_the_page_cache_is_on(tmp_path):
    found = probe(tmp_path)
    assert found["caches"] == {
        "default": "django.core.cache.backends.locmem.LocMemCache",
        # Shared by all worker processes, or invalidation would reach only one of them.
        "pages": "django.core.cache.backends.filebased.FileBasedCache",
    }
    assert found["page_cache"] is True
    assert found["frontend_cache"] == {}


def test_redis_url_puts_both_caches_in_redis_and_page_cache_can_be_switched_off(tmp_path):
    found = probe(tmp_path, REDIS_URL=REDIS_URL, PAGE_CACHE="off")
    redis_backend = "django.core.cache.backends.redis.RedisCache"
    assert found["caches"] == {"default": redis_backend, "pages": redis_backend}
    assert found["page_cache"] is False


def test_a_cdn_is_purged_through_the_configured_backend(tmp_path):
    found = probe(
        tmp_path,
        FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081",
        CLOUDFLARE_API_TOKEN="token",
        CLOUDFLARE_ZONE_ID="zone",
    )
    assert found["frontend_cache"] == {
        "http": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "cloudflare": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
    }


def test_django_cache_stores_and_reads_in_redis(tmp_path, redis_url):
    key = f"test-{secrets.token_hex(6)}"
    script = f"""
import django
django.setup()
from django.core.cache import cache
cache.set("{key}", {{"cooperatives": 42}}, 60)
print(cache.get("{key}"))
"""
    result = run([sys.executable, "-c", script], production_env(tmp_path, REDIS_URL=redis_url))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "{'cooperatives': 42}"
    # Really in Redis, under the site's prefix, where another process finds it.
    client = redis.Redis.from_url(redis_url)
    stored = client.keys(f"registroimpact:*:{key}")
    assert len(stored) == 1
    client.delete(*stored)


# Logs --------------------------------------------------------------------------------------


def test_application_logs_are_json_lines_on_stdout(tmp_path):
    script = """
import logging, django
django.setup()
logging.getLogger("register.importing").warning("imported %d rows", 3)
"""
    result = run([sys.executable, "-c", script], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout.strip().splitlines()[-1])
    assert record["level"] == "WARNING"
    assert record["logger"] == "register.importing"
    assert record["message"] == "imported 3 rows"
    assert "time" in record


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(request, timeout=5)
    except urllib.error.HTTPError as error:
        return error


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def database_url_for_another_process(tmp_path: Path) -> str:
    """The suite's database (demo content included), for a server in another process: a copy
    of SQLite's in-memory database, or PostgreSQL's test database itself."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = tmp_path / "db.sqlite3"
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{target}"
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.django_db
@pytest.mark.demo  # serves a copy of the demo site
def test_gunicorn_serves_https_settings_and_logs_each_request_as_json(tmp_path):
    port = free_port()
    env = production_env(
        tmp_path,
        DATABASE_URL=database_url_for_another_process(tmp_path),
        PORT=str(port),
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="2",
        ALLOWED_HOSTS="127.0.0.1",
    )
    log = (tmp_path / "gunicorn.log").open("w+")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "config/gunicorn.conf.py",
            "config.wsgi",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                health = get(f"{base}/health/", **{"X-Forwarded-Proto": "https"})
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start:\n" + (tmp_path / "gunicorn.log").read_text())
        assert health.status == 200
        assert json.load(health) == {
            "status": "ok",
            "checks": {"database": "ok", "cache": "ok"},
            # Production queues tasks for the worker (none runs here, none waits yet).
            "queue": {"status": "ok", "waiting": 0, "oldest_seconds": 0},
        }
        assert health.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        # Plain HTTP is sent to HTTPS, except the load balancer's health check.
        plain = get(f"{base}/it/?q=1")
        assert plain.status == 301
        assert plain.headers["Location"] == f"https://127.0.0.1:{port}/it/?q=1"
        assert get(f"{base}/health/").status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = [json.loads(line) for line in (tmp_path / "gunicorn.log").read_text().splitlines()]
    requests = [line for line in lines if line.get("logger") == "gunicorn.access"]
    # Threads log when they finish, not necessarily in the order requests came.
    assert sorted((r["method"], r["path"], r["query"], r["status"]) for r in requests) == [
        ("GET", "/health/", "", 200),
        ("GET", "/health/", "", 200),
        ("GET", "/it/", "q=1", 301),
    ]
    assert all(isinstance(r["duration_ms"], float) for r in requests)
    assert any(line.get("logger") == "gunicorn.error" for line in lines)  # start-up, as JSON


# Static files ------------------------------------------------------------------------------


def test_collected_static_files_are_served_hashed_compressed_and_cached_for_ever(
    settings, tmp_path
):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/main.css"]
    assert hashed != "css/main.css"
    assert (tmp_path / "static" / f"{hashed}.gz").exists()

    client = Client()  # a new handler: whitenoise reads the collected files at start-up
    response = client.get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Encoding"] == "gzip"
    assert response["Vary"] == "Accept-Encoding"
    # The unhashed name still works, but may change any time: browsers keep it briefly.
    plain = client.get("/static/css/main.css")
    assert plain.status_code == 200
    assert "immutable" not in plain["Cache-Control"]
