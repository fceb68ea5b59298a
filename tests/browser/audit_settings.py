"""Production settings for `make audit`, plus the uploaded media production leaves to storage.

In production, media come from object storage or the proxy; the audit has neither, and a
page with missing images would be audited for errors it does not have.
"""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.browser.urls"
