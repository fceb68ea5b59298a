"""gunicorn settings: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Every value can be changed from the environment (README.md, "Production"):

BIND                  full bind address, e.g. 0.0.0.0:8000 or unix:/run/registroimpact.sock
PORT                  port on 127.0.0.1 when BIND is not set (default 8000)
WEB_CONCURRENCY       worker processes (default 2 x cores + 1, at most 9)
GUNICORN_THREADS      threads per worker (default 4)
GUNICORN_TIMEOUT      seconds a request may take before its worker is restarted (default 30)
GUNICORN_KEEPALIVE    seconds an idle connection is kept open (default 0: closed after each
                      answer; the proxy keeps the clients' connections)
GUNICORN_MAX_REQUESTS requests after which a worker is replaced (default 20000, +0-50%)
FORWARDED_ALLOW_IPS   addresses of the reverse proxy, whose X-Forwarded-* headers gunicorn
                      believes (default 127.0.0.1,::1; never "*" unless only the proxy can
                      reach gunicorn)
ACCESS_LOG            "off" to silence the per-request log (default on)
"""

import os

from gunicorn.glogging import Logger


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
# Page rendering is CPU-bound: a process per core and one more; threads cover the time spent
# waiting on the database, Redis and the network.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * _cores() + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
# The proxy keeps the clients' connections alive, not gunicorn: a gthread worker keeps every
# connection it accepted, so with keep-alive a busy worker's clients queue while others idle
# (make loadtest, 32 connections: p95 105 ms without, 237 ms with 5 s keep-alive).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 0))
# A worker is replaced after this many requests, so a slow leak cannot grow for ever. The
# jitter is wide on purpose: workers under the same load reach the count together, and a
# worker that is stopping takes seconds to hand over its connections (make loadtest saw all
# five stop at once and the site stall for 8 s with 2000 +/- 200).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 2
# Load Django once before forking: quicker start, shared memory. Connections to the database
# and Redis are opened lazily, in each worker.
preload_app = True


def when_ready(server) -> None:
    """After the preloaded app, before the workers fork: WeasyPrint, which the site imports
    only where a PDF is made (it takes seconds), is then in every worker from the start, not
    loaded on each worker's first attestation."""
    import infrastructure.pdf  # noqa: F401


# gunicorn's control socket ($HOME/.gunicorn/gunicorn.ctl) is shared by every instance of the
# same user; the service manager starts and stops us instead.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Requests arrive through the proxy: a long header is a mistake or an attack.
limit_request_line = 8190
limit_request_fields = 100


class JsonAccessLogger(Logger):
    """gunicorn's logger with the access log as fields of a JSON object, not a text line."""

    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        self.access_log.info(
            "request",
            extra={
                "remote_addr": environ.get("REMOTE_ADDR", ""),
                "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR", ""),
                "method": environ.get("REQUEST_METHOD", ""),
                "path": environ.get("PATH_INFO", ""),
                "query": environ.get("QUERY_STRING", ""),
                "status": int(status),
                "bytes": getattr(resp, "sent", None),
                "duration_ms": round(request_time.total_seconds() * 1000, 2),
                "referer": environ.get("HTTP_REFERER", ""),
                "user_agent": environ.get("HTTP_USER_AGENT", ""),
                "page_cache": dict(resp.headers).get("X-Wagtail-Cache", ""),
            },
        )


logger_class = JsonAccessLogger
_json = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}
_stdout = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": _json},
    "handlers": {"stdout": _stdout},
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {
            "level": "INFO" if os.environ.get("ACCESS_LOG", "on") != "off" else "WARNING",
            "handlers": ["stdout"],
            "propagate": False,
        },
    },
}
