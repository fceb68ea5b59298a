"""What Wagtail itself holds that visitors see: pages (published, unpublished, moved, saved
other than as a draft, deleted), snippets published through the draft workflow, sites,
locales, privacy settings, search promotions, images and documents. The domain apps declare
their own models in their own ``receivers.py``."""

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from .invalidation import cdn_enabled, content_changed, in_bulk, watch


def page_urls(page: Page) -> list[str]:
    """A page and its parent (the listing that shows it), as absolute URLs."""
    urls = [page.get_full_url()]
    if parent := page.get_parent():
        urls.append(parent.specific_deferred.get_full_url())
    return [url for url in urls if url]


def _page_changed(sender, instance, **kwargs) -> None:
    if not in_bulk():  # a bulk writer announces its change itself
        content_changed(page_urls(instance) if cdn_enabled() else ())


def _object_changed(sender, instance, **kwargs) -> None:
    if not in_bulk():
        content_changed()


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_page_changed, weak=False, dispatch_uid=f"invalidation-{id(signal)}")
    for signal in (published, unpublished):
        signal.connect(_object_changed, weak=False, dispatch_uid=f"invalidation-{id(signal)}")
    watch(Page, urls=page_urls, subclasses=True)
    watch(
        Site,
        Locale,
        PageViewRestriction,
        CollectionViewRestriction,
        SearchPromotion,
        get_image_model(),
        get_document_model(),
    )
