"""Production: every secret and host comes from the environment, and missing ones stop start-up.

The site runs under gunicorn (config/gunicorn.conf.py) behind a reverse proxy that terminates
TLS; README.md, "Production", lists every variable."""

import logging

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING, SECRET_KEY, email_settings, env

DEBUG = False

# The same bar as Django's own check (security.W009): long, varied, not a placeholder.
if (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith(("dev-", "test-", "django-insecure-"))
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of 50 characters or more, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names the site answers to.")
WAGTAILADMIN_BASE_URL = env(
    "WAGTAILADMIN_BASE_URL", default=f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
)

# HTTPS. The proxy terminates TLS and says so in X-Forwarded-Proto; it must overwrite any
# such header a client sends, and gunicorn must be reachable from the proxy only, since
# Django believes this header from whoever sends it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers probe the backend over plain HTTP; a redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
# Wagtail's admin and our forms take the token from the page, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Database connections kept between requests, checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Full-page cache for anonymous visitors: on unless PAGE_CACHE=off.
WAGTAIL_CACHE = env.bool("PAGE_CACHE", default=True)

# Mail (enquiries, Wagtail's workflow notifications, error reports), queued and sent by the
# worker through EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587
vars().update(email_settings("smtp://localhost:25"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"noreply@{ALLOWED_HOSTS[0].lstrip('.')}")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# One JSON object per line on stdout, for the log collector; gunicorn's access log uses the
# same format (config/gunicorn.conf.py).
JSON_LOG_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}
LOGGING = {
    **LOGGING,
    "formatters": {"json": JSON_LOG_FORMATTER},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
}
# Python's warnings become log records too, so nothing leaves the process as plain text.
logging.captureWarnings(True)
