"""What drops the cached site chrome (menu, home page, footer, legal pages): any change to a
page, a view restriction, a site, the site settings, the footer text or the locales."""

from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from chrome.models import FooterText, SiteSettings

from .caching import PAGES, bump, bump_on_change


def _pages_changed(**kwargs) -> None:
    bump(PAGES)


def connect() -> None:
    bump_on_change(
        PAGES, Page, PageViewRestriction, Site, SiteSettings, FooterText, Locale, subclasses=True
    )
    page_published.connect(_pages_changed, dispatch_uid="content-cache-published", weak=False)
    page_unpublished.connect(_pages_changed, dispatch_uid="content-cache-unpublished", weak=False)
    post_page_move.connect(_pages_changed, dispatch_uid="content-cache-moved", weak=False)
