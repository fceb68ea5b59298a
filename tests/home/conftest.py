"""Fixtures for the full-page cache tests (infrastructure.middleware.pagecache): the cache
switched on, in a real Redis, under a key prefix of the test's own; and a CDN that records
the purges it receives."""

import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import redis


@pytest.fixture
def page_cache(settings, redis_url):
    """PAGE_CACHE=on with the pages in Redis, as in production with REDIS_URL."""
    prefix = f"test-pages-{secrets.token_hex(6)}"
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        },
    }
    settings.WAGTAIL_CACHE = True
    server = redis.Redis.from_url(redis_url)
    yield server, prefix
    if keys := list(server.scan_iter(f"{prefix}:*")):
        server.delete(*keys)


class _PurgeRecorder(BaseHTTPRequestHandler):
    def do_PURGE(self) -> None:
        self.server.purged.append(f"http://{self.headers['Host']}{self.path}")
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def cdn(settings):
    """A CDN purge endpoint (like Varnish's) on a free local port; `.purged` lists the URLs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PurgeRecorder)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield server
    server.shutdown()
    server.server_close()
