"""Full-page cache for anonymous visitors, on wagtail-cache, switched on by ``PAGE_CACHE``.

wagtail-cache decides what a request and a response may share (GET/HEAD of an anonymous
visitor, not a preview; no ``private``/``no-cache``, not streamed) and stores whole responses
in the ``pages`` cache. This middleware adds what a register needs on top:

* **Freshness by the content token.** Every cached response is stored under the current
  content token (``infrastructure.invalidation``); any change to published content replaces
  the token, so all cached pages become unreachable at once (wagtail-cache's own "clear" would
  empty the whole Redis database). The token is read once at the start of a request and used
  for both the lookup and the store, so a page rendered from data that changed during the
  request is stored under the old token and never served.
* **Midnight.** A cooperative's status is derived from today's date, so no entry outlives the
  local midnight (nor ``PAGE_CACHE_SECONDS``).
* **Nothing personal.** Responses that carry a CSRF token, set a cookie or read a non-empty
  session (a passed page password) are marked ``private``; only 200 answers are stored.
* **Browsers revalidate.** What leaves the server says ``max-age=0`` (plus ``s-maxage`` for a
  CDN that is purged on change), so no browser keeps a stale status. A view that says
  ``max-age=0`` itself (the live badge) is stored all the same.
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_max_age, patch_cache_control
from wagtailcache.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

from infrastructure.invalidation import cdn_enabled, shared_cache, version

logger = logging.getLogger(__name__)

STATUS_HEADER = "X-Wagtail-Cache"


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAIL_CACHE", False))


def seconds_until_midnight(now: datetime.datetime | None = None) -> int:
    now = timezone.localtime(now)
    midnight = timezone.make_aware(
        datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time())
    )
    return max(1, int((midnight - now).total_seconds()))


def storage_seconds(now: datetime.datetime | None = None) -> int:
    return max(1, min(settings.PAGE_CACHE_SECONDS, seconds_until_midnight(now)))


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


def _drop_max_age(response: HttpResponse) -> None:
    directives = [
        directive
        for directive in cc_delim_re.split(response["Cache-Control"])
        if directive.split("=", 1)[0].strip().lower() != "max-age"
    ]
    if directives:
        response["Cache-Control"] = ", ".join(directives)
    else:
        del response["Cache-Control"]


class PageCacheMiddleware:
    """Serves anonymous GETs from the page cache and stores what may be shared.

    Last in MIDDLEWARE: it needs ``request.user``, and requests served from the cache still
    pass the security, rate-limit and locale middleware before it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            return self.get_response(request)
        # This thread's connection to the page cache, the one the token lives in too.
        cache = shared_cache()
        try:
            cache.version = version()
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
            if declared == 0:
                # "Ask again every time" (the live badge, right with the page cache off too) is
                # what browsers are told of every stored answer anyway: no reason not to store.
                _drop_max_age(response)
            elif declared is not None and declared > cache.default_timeout:
                patch_cache_control(response, max_age=cache.default_timeout)
        response = UpdateCacheMiddleware(self.get_response).process_response(request, response)
        _set_client_headers(request, response)
        return response
