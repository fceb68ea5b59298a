"""One notion of "the content changed", for every cache of the site.

One token stands for the state of everything a visitor can see. It lives in the ``pages``
cache, which every process shares (Redis, or the page cache's files), so a change seen by one
worker is seen by all at once. Everything cached from content is keyed by it:

* the full-page cache stores and looks up pages under the token
  (``infrastructure.middleware.pagecache``);
* the fragments shared by many requests (menu, footer, vocabularies, register figures) are
  kept by ``cached`` (shared cache) and ``memoized`` (this process's memory) under it;
* the ETags of the register's API, exports and feed are derived from it (``conditional``).

``content_changed()`` replaces the token at once and again when the transaction commits, so
that no request keeps data it read just before the commit, and purges the CDN of the given
addresses after the commit. The apps say which of their models count in their own
``receivers.py`` (``watch``); writers of many rows wrap their work in ``bulk_changes()``, so
the per-row receivers stay quiet and one change is announced at the end.

One token rather than one per kind of content: any change already empties the page cache,
so a token per kind would only spare rebuilding the other kind's fragments once per change and
process (measured at 10,000 cooperatives: the register's about 0.4 s on the first listing
request, the chrome's 0.03 s), at the price of a second scheme to keep right.
"""

import datetime
import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.base import BaseCache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils import timezone
from django.views.decorators.http import condition
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

logger = logging.getLogger(__name__)
T = TypeVar("T")
_MISSING = object()

TOKEN_KEY = "content-version"
# The token lives beside the pages under a version of its own, untouched by the versions the
# page cache stores its pages under.
TOKEN_VERSION = "meta"

# Fields Wagtail saves when an editor saves a draft, locks or unlocks: nothing a visitor sees.
DRAFT_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "draft_title",
        "wagtail_admin_comments",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def timeout() -> int:
    """How long a cached fragment lives at most (a change made without signals, by another
    process's raw write, shows after this)."""
    return getattr(settings, "CONTENT_CACHE_TIMEOUT", 300)


def cdn_enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def shared_cache() -> BaseCache:
    """The cache every process shares: the page cache's (this thread's connection)."""
    return caches[settings.WAGTAIL_CACHE_BACKEND]


# The token ---------------------------------------------------------------------------------


def _new_token() -> tuple[str, float]:
    return secrets.token_hex(8), time.time()


def _current() -> tuple[str, float]:
    tokens = shared_cache()
    token = tokens.get(TOKEN_KEY, version=TOKEN_VERSION)
    if token is None:
        # First use, or the token was evicted: a new random one never revives old entries.
        tokens.add(TOKEN_KEY, _new_token(), None, version=TOKEN_VERSION)
        token = tokens.get(TOKEN_KEY, version=TOKEN_VERSION)
    # A cache that keeps nothing (a dummy one) gets a new token every time: nothing is reused.
    return token or _new_token()


def version() -> str:
    """The current token: part of every key of anything cached from content. Raises when the
    shared cache is unreachable (callers then work without a cache)."""
    return _current()[0]


def _replace_token() -> None:
    try:
        shared_cache().set(TOKEN_KEY, _new_token(), None, version=TOKEN_VERSION)
    except Exception:
        # Saving must not fail because the cache is down; say so, the timeouts limit the harm.
        logger.exception("Could not invalidate the cached content.")


# Saying that content changed ---------------------------------------------------------------

_state = threading.local()


def _pending_urls() -> set[str]:
    if not hasattr(_state, "urls"):
        _state.urls, _state.dirty, _state.bulk = set(), False, 0
    return _state.urls


def in_bulk() -> bool:
    """Inside `bulk_changes()`: per-row receivers do nothing."""
    _pending_urls()
    return _state.bulk > 0


def content_changed(urls: Iterable[str] = ()) -> None:
    """Content visitors see changed: forget everything cached from it now and again once the
    transaction commits, then purge ``urls`` (absolute; read only when a CDN is configured)
    from the CDN. Many calls in one transaction cost one purge; inside `bulk_changes()` the
    call waits for the end of the bulk."""
    pending = _pending_urls()
    if cdn_enabled():
        pending.update(urls)
    _state.dirty = True
    if in_bulk():
        return
    if transaction.get_connection().in_atomic_block:
        _replace_token()  # at once: this transaction's own later reads see fresh data
    # Scheduled by every call: a savepoint rolled back drops the callbacks it scheduled.
    transaction.on_commit(_flush, robust=True)


def _flush() -> None:
    if not getattr(_state, "dirty", False) or in_bulk():
        return
    urls = _state.urls
    _state.dirty, _state.urls = False, set()
    _replace_token()
    if urls and cdn_enabled():
        purge_urls_from_cache(sorted(urls))


@contextmanager
def bulk_changes(urls: Iterable[str] = ()) -> Iterator[None]:
    """Around a writer of many rows (import, generator, restore): the receivers of `watch` do
    nothing inside, and one `content_changed(urls)` is made at the end (``urls`` is read then,
    and only with a CDN). Nested bulks make one call, at the end of the outermost."""
    _pending_urls()
    _state.bulk += 1
    try:
        yield
    finally:
        _state.bulk -= 1
        if not _state.bulk:
            content_changed(urls)


def watch(
    *models: type[Model],
    urls: Callable[[Model], Iterable[str]] | None = None,
    subclasses: bool = False,
) -> None:
    """Visitors see these models: a save (other than a draft's), a deletion or a change of
    their many-to-many relations is a `content_changed`, with ``urls(instance)`` to purge from
    the CDN. With ``subclasses``, any subclass counts too (Page: every page type)."""

    def changed(sender, instance=None, raw=False, update_fields=None, **kwargs) -> None:
        if raw or in_bulk():  # loaddata, or a bulk writer that announces its change itself
            return
        if subclasses and not isinstance(instance, models):
            return
        if update_fields and DRAFT_FIELDS.issuperset(update_fields):
            return
        if kwargs.get("action", "post_").startswith("pre_"):  # m2m: count the "post_" only
            return
        content_changed(urls(instance) if urls and instance is not None and cdn_enabled() else ())

    uid = "invalidation-" + "-".join(model._meta.label for model in models)
    if subclasses:
        post_save.connect(changed, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(changed, weak=False, dispatch_uid=f"{uid}-delete")
        return
    for model in models:
        label = model._meta.label
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-{label}-save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-{label}-del")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                changed,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"{uid}-{label}-{field.name}-m2m",
            )


# Caching under the token -------------------------------------------------------------------


def cached(name: str, parts: Iterable, build: Callable[[], T]) -> T:
    """`build()`'s value, kept in the shared cache until the content changes (or the timeout).
    Without a working cache, `build()` is simply called: slower, never wrong."""
    try:
        key = ":".join(["content", version(), name, *(str(part) for part in parts)])
        value = cache.get(key, _MISSING)
    except Exception:
        logger.warning("Cache unreachable; %s built without it.", name, exc_info=True)
        return build()
    if value is _MISSING:
        value = build()
        try:
            cache.set(key, value, timeout())
        except Exception:
            logger.warning("Cache unreachable; %s not stored.", name, exc_info=True)
    return value


_memo: dict[str, tuple[tuple, float, object]] = {}


def memoized(name: str, parts: Iterable, build: Callable[[], T]) -> T:
    """`build()`'s value kept in this process's memory (not pickled through the cache: for
    large structures read on every request) until the content changes, or for the timeout at
    most. The token comes from the shared cache, so a change is seen at once."""
    try:
        stamp = (version(), *parts)
    except Exception:
        logger.warning("Cache unreachable; %s built without it.", name, exc_info=True)
        return build()
    held = _memo.get(name)
    if held is not None and held[0] == stamp and time.monotonic() - held[1] < timeout():
        return held[2]
    value = build()
    _memo[name] = (stamp, time.monotonic(), value)
    return value


# Conditional GET from the token ------------------------------------------------------------


def local_midnight() -> datetime.datetime:
    """The start of today, local time: what depends on today's date changes then."""
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))


def _request_token(request: HttpRequest) -> tuple[str, float] | None:
    # One read per request: Django asks for the ETag and Last-Modified separately.
    if not hasattr(request, "_content_token"):
        try:
            request._content_token = _current()
        except Exception:
            logger.warning("Cache unreachable; answering without validators.", exc_info=True)
            request._content_token = None
    return request._content_token


def _etag(request: HttpRequest, *args, **kwargs) -> str | None:
    if (token := _request_token(request)) is None:
        return None
    fingerprint = f"{token[0]}|{timezone.localdate().isoformat()}|{request.get_full_path()}"
    return hashlib.sha256(fingerprint.encode()).hexdigest()[:32]


def _last_modified(request: HttpRequest, *args, **kwargs) -> datetime.datetime | None:
    if (token := _request_token(request)) is None:
        return None
    # When the token was made: the last change (or, if the token was lost, a later moment).
    changed = datetime.datetime.fromtimestamp(token[1], tz=datetime.UTC)
    # Statuses are "as of today": an answer is never older than this morning's midnight.
    return max(changed, local_midnight())


def conditional(view: Callable) -> Callable:
    """ETag and Last-Modified from the content token, today's date and the address (statuses
    expire at midnight); 304 when the client's copy is current. Last-Modified is the token's
    time: when anything visible last changed, so never earlier than the answer's own change."""
    return condition(etag_func=_etag, last_modified_func=_last_modified)(view)
