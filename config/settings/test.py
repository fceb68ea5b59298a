"""The test suite: fast hashing, plain static storage, no outside services unless asked."""

from .base import *  # noqa: F403
from .base import STORAGES, email_settings, env, tasks_setting

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
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default="/tmp/registroimpact-test-private")
# Tasks run inside the request unless TASKS_BACKEND says otherwise (the worker's own test
# runs `manage.py db_worker` with TASKS_BACKEND=database).
TASKS = tasks_setting("immediate")
# pytest-django swaps in Django's locmem backend; the mail tests queue and deliver to a real
# SMTP server on loopback (the smtp_server fixture in tests/conftest.py).
vars().update(email_settings("memorymail://"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# A test that runs the worker in another process shares the cache every process shares (the
# progress of import jobs) with it through files (tests/register/test_import_jobs.py).
if shared_cache_dir := env("TEST_SHARED_CACHE_DIR", default=""):
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": shared_cache_dir,
    }
# The full-page cache and the CDN stay off whatever the environment says; their tests turn
# them on (tests/home/test_page_cache.py).
WAGTAIL_CACHE = False
WAGTAILFRONTENDCACHE = {}
WAGTAILADMIN_BASE_URL = "http://testserver"
# The suite sends many requests from one address; the rate-limit tests switch it back on.
RATELIMIT_ENABLED = False
