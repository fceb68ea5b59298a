"""Addresses in the site's e-mail: absolute, from the site's public address
(WAGTAILADMIN_BASE_URL, as Wagtail's own mail), in the reader's language. Shared by every app
that writes to people (alerts, quotes)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def absolute(url: str) -> str:
    if "://" in url:
        return url  # Wagtail writes whole addresses when there are several sites
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def path_in(language: str, name: str, **kwargs) -> str:
    """A named address in a language: its translated path segments in that language."""
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)
