"""The chrome's content in the caches (infrastructure.invalidation): the site settings and the
footer text are on every page. Pages themselves are Wagtail's, watched by infrastructure."""

from infrastructure.invalidation import watch

from .models import FooterText, SiteSettings


def connect() -> None:
    watch(FooterText, SiteSettings)
