"""Full-page cache for anonymous visitors, on wagtail-cache, switched on by ``PAGE_CACHE``.

wagtail-cache decides what a request and a response may share (GET/HEAD of an anonymous
visitor, not a preview; no ``private``/``no-cache``, not streamed) and stores whole responses
in the ``pages`` cache. This module adds what a register needs on top:

* **Freshness by generation.** Every cached response is stored under the current generation
  token; any change to published content sets a new token after its transaction commits, so all
  cached pages become unreachable at once (wagtail-cache's own "clear" would empty the whole
  Redis database). The token is read once at the start of a request and used for both the
  lookup and the store, so a page rendered from data that changed during the request is stored
  under the old token and never served.
* **Midnight.** A cooperative's status is derived from today's date, so no entry outlives the
  local midnight (nor ``PAGE_CACHE_SECONDS``).
* **Nothing personal.** Responses that carry a CSRF token, set a cookie or read a non-empty
  session (a passed page password) are marked ``private``; only 200 answers are stored.
* **Browsers revalidate.** What leaves the server says ``max-age=0`` (plus ``s-maxage`` for a
  CDN that is purged on change), so no browser keeps a stale status.
"""

import datetime
import logging
import secrets
import threading
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_max_age, patch_cache_control
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtailcache.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

logger = logging.getLogger(__name__)

STATUS_HEADER = "X-Wagtail-Cache"
GENERATION_KEY = "generation"
# The token lives beside the pages under a version of its own, untouched by page versions.
GENERATION_VERSION = "meta"


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAIL_CACHE", False))


def cdn_enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def page_cache() -> BaseCache:
    """This thread's connection to the page cache (Django keeps one per thread)."""
    return caches[settings.WAGTAIL_CACHE_BACKEND]


def current_generation(cache: BaseCache) -> str:
    token = cache.get(GENERATION_KEY, version=GENERATION_VERSION)
    if token is None:
        # First use, or the token was evicted: a new random one never revives old entries.
        cache.add(GENERATION_KEY, secrets.token_hex(8), None, version=GENERATION_VERSION)
        token = cache.get(GENERATION_KEY, version=GENERATION_VERSION)
    return token


def invalidate() -> None:
    """Make every cached page unreachable now."""
    if not enabled():
        return
    try:
        page_cache().set(GENERATION_KEY, secrets.token_hex(8), None, version=GENERATION_VERSION)
    except Exception:
        # The pages cannot be served from a cache that is down either; say so loudly.
        logger.exception("Could not invalidate the page cache.")


def seconds_until_midnight(now: datetime.datetime | None = None) -> int:
    now = timezone.localtime(now)
    midnight = timezone.make_aware(
        datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time())
    )
    return max(1, int((midnight - now).total_seconds()))


def storage_seconds(now: datetime.datetime | None = None) -> int:
    return max(1, min(settings.PAGE_CACHE_SECONDS, seconds_until_midnight(now)))


# Invalidation -----------------------------------------------------------------------------

_pending = threading.local()


def content_changed(urls: Iterable[str] = ()) -> None:
    """Published content changed: once the transaction commits, drop every cached page and
    purge ``urls`` (absolute) from the CDN, if one is configured.

    Many changes in one transaction (an import) cost one invalidation: each schedules a
    callback, the first to run does the work for all."""
    if not (enabled() or cdn_enabled()):
        return
    if not getattr(_pending, "dirty", False):
        _pending.dirty, _pending.urls = True, set()
    _pending.urls.update(urls)
    transaction.on_commit(_flush, robust=True)


def _flush() -> None:
    if not getattr(_pending, "dirty", False):
        return
    urls = _pending.urls
    _pending.dirty, _pending.urls = False, set()
    invalidate()
    if urls and cdn_enabled():
        purge_urls_from_cache(sorted(urls))


def invalidate_when_saved(*models: type, urls: Callable[[object], Iterable[str]] | None = None):
    """Cached pages show these models: any save or delete (and change of their many-to-many
    relations) invalidates them; ``urls(instance)`` names the CDN addresses to purge."""

    def changed(sender, instance=None, **kwargs) -> None:
        if kwargs.get("raw"):  # loaddata
            return
        content_changed(urls(instance) if urls and cdn_enabled() and instance else ())

    for model in models:
        post_save.connect(changed, sender=model, weak=False)
        post_delete.connect(changed, sender=model, weak=False)
        for field in model._meta.many_to_many:
            m2m_changed.connect(changed, sender=field.remote_field.through, weak=False)


def _page_urls(page) -> list[str]:
    """A page and its parent (the listing that shows it), as absolute URLs."""
    urls = [page.get_full_url()]
    if parent := page.get_parent():
        urls.append(parent.specific_deferred.get_full_url())
    return [url for url in urls if url]


def connect_signals() -> None:
    """Invalidate on changes to pages, to what every page shows (site settings, images,
    documents, privacy) and to anything published through Wagtail's draft workflow. The apps
    that own other content connect their models with ``invalidate_when_saved``."""
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        CollectionViewRestriction,
        Locale,
        Page,
        PageViewRestriction,
        Site,
    )
    from wagtail.signals import (
        page_published,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    from chrome.models import FooterText, SiteSettings

    def page_changed(sender, instance, **kwargs) -> None:
        if isinstance(instance, Page):
            content_changed(_page_urls(instance) if cdn_enabled() else ())

    def object_published(sender, instance, **kwargs) -> None:
        content_changed()

    for signal in (page_published, page_unpublished, post_page_move, post_delete):
        signal.connect(page_changed, weak=False, dispatch_uid=f"pagecache-{id(signal)}")
    for signal in (published, unpublished):
        signal.connect(object_published, weak=False, dispatch_uid=f"pagecache-{id(signal)}")
    invalidate_when_saved(
        Site,
        Locale,
        PageViewRestriction,
        CollectionViewRestriction,
        SearchPromotion,
        get_image_model(),
        get_document_model(),
        FooterText,
        SiteSettings,
    )


# Middleware -------------------------------------------------------------------------------


def _is_personal(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
        or response.cookies
        or (session is not None and session.accessed and not session.is_empty())
    )


def _set_client_headers(request: HttpRequest, response: HttpResponse) -> None:
    """Whatever the server cached, browsers ask again every time; a CDN may keep a page that
    has no query string (those are the addresses that get purged) until midnight at most."""
    if response.get(STATUS_HEADER) not in ("hit", "miss"):
        return
    if "public" in response.get("Cache-Control", ""):
        return  # the view chose its own browser caching (robots.txt)
    response.headers.pop("Expires", None)
    if cdn_enabled() and not request.META.get("QUERY_STRING"):
        shared = min(settings.FRONTEND_CACHE_SECONDS, seconds_until_midnight())
        response["Cache-Control"] = f"public, max-age=0, s-maxage={shared}"
    else:
        response["Cache-Control"] = "max-age=0"


class PageCacheMiddleware:
    """Serves anonymous GETs from the page cache and stores what may be shared.

    Last in MIDDLEWARE: it needs ``request.user``, and requests served from the cache still
    pass the security, rate-limit and locale middleware before it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            return self.get_response(request)
        cache = page_cache()
        try:
            cache.version = current_generation(cache)
        except Exception:
            logger.warning("Page cache unreachable; serving without it.", exc_info=True)
            return self.get_response(request)
        cache.default_timeout = storage_seconds()

        # wagtail-cache's middleware, built per request so it uses this thread's connection.
        response = FetchFromCacheMiddleware(self.get_response).process_request(request)
        if response is None:
            response = self.get_response(request)
            if response.status_code != 200 or "no-store" in response.get("Cache-Control", ""):
                response[STATUS_HEADER] = "skip"
                return response
            if _is_personal(request, response):
                patch_cache_control(response, private=True)
            # A view's own max-age (the API's) is a storage time too: it must not pass midnight.
            declared = get_max_age(response)
            if declared is not None and declared > cache.default_timeout:
                patch_cache_control(response, max_age=cache.default_timeout)
        response = UpdateCacheMiddleware(self.get_response).process_response(request, response)
        _set_client_headers(request, response)
        return response
