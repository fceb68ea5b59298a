"""The test suite: fast hashing, plain static storage, no outside services unless asked."""

from .base import *  # noqa: F403
from .base import STORAGES, env

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env("MEDIA_ROOT", default="/tmp/registroimpact-test-media")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# The full-page cache and the CDN stay off whatever the environment says; their tests turn
# them on (tests/home/test_page_cache.py).
WAGTAIL_CACHE = False
WAGTAILFRONTENDCACHE = {}
WAGTAILADMIN_BASE_URL = "http://testserver"
# The suite sends many requests from one address; the rate-limit tests switch it back on.
RATELIMIT_ENABLED = False
