"""/health/ for load balancers and uptime checks: 200 when the database and the cache answer,
503 when one does not, and 200 again once it is back. The cache is a real Redis server of the
test's own, stopped and started again."""

import shutil
import socket
import subprocess
import time

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]

HEALTHY = {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
CACHE_DOWN = {"status": "unavailable", "checks": {"database": "ok", "cache": "unavailable"}}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, port: int):
        self.port = port
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *(shutil.which("redis-server"), "--port", str(self.port)),
                *("--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server(settings):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer(free_port())
    server.start()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    yield server
    server.stop()


def test_health_is_503_while_the_cache_is_down_and_200_once_it_is_back(client, redis_server):
    response = client.get("/health/")
    assert (response.status_code, response.json()) == (200, HEALTHY)

    redis_server.stop()
    down = client.get("/health/")
    assert (down.status_code, down.json()) == (503, CACHE_DOWN)
    assert down["Cache-Control"] == "no-store"
    body = down.content.decode()
    assert "redis" not in body.lower() and str(redis_server.port) not in body  # no secrets

    redis_server.start()
    back = client.get("/health/")
    assert (back.status_code, back.json()) == (200, HEALTHY)


def test_health_is_503_when_redis_was_never_there(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # a closed port
        },
    }
    response = client.get("/health/")
    assert (response.status_code, response.json()) == (503, CACHE_DOWN)
