"""Settings of the site the browser tests serve: the test settings, made servable.

The server runs with DEBUG off, as visitors see the site (the real 404 page, no debug
toolbar of errors), so static files come through whitenoise's finders instead of a
collected STATIC_ROOT, and media through `tests.browser.urls`.
"""

from config.settings.test import *  # noqa: F403

ROOT_URLCONF = "tests.browser.urls"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# One browser on one loopback address sends every request of the suite.
RATELIMIT_ENABLED = False
