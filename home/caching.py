"""Data shared by many requests (menu, footer, vocabularies, register figures), cached and
dropped as soon as an editor changes what it is built from.

Each kind of content ("pages", "register") has a version token in the cache, and every key
built from that kind includes it. A save, publication or deletion replaces the token at once
and again when the transaction commits, so that no request can keep data it read just before
the commit. The tokens live in a cache all processes share (Redis, or the page cache's files),
so every process sees a new token at once, while the data may stay in each process's memory.
"""

import logging
import time
import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)
T = TypeVar("T")
_MISSING = object()

# The kind of content of the site chrome: pages, sites, site settings, footer text, locales.
PAGES = "pages"


def timeout() -> int:
    return getattr(settings, "CONTENT_CACHE_TIMEOUT", 300)


def _version_key(kind: str) -> str:
    return f"content-version:{kind}"


def _tokens():
    """Where the tokens live: a cache every process shares (Redis, or the page cache's shared
    files), so a change seen by one worker is seen by all at once, even when the cached data
    itself sits in each process's memory."""
    return caches["pages"] if "pages" in settings.CACHES else cache


def version(kind: str) -> str:
    """The current token of a kind of content: part of every cache key built from it."""
    tokens = _tokens()
    token = tokens.get(_version_key(kind))
    if token is None:
        tokens.add(_version_key(kind), uuid.uuid4().hex, timeout=None)
        token = tokens.get(_version_key(kind)) or ""
    return token


def bump(kind: str) -> None:
    """Forget everything cached from this kind of content, now and after the commit."""

    def replace() -> None:
        try:
            _tokens().set(_version_key(kind), uuid.uuid4().hex, timeout=None)
        except Exception:
            # Saving must not fail because the cache is down; say so, the timeout limits it.
            logger.exception("Could not drop the cached %s content.", kind)

    replace()
    transaction.on_commit(replace)


def cached(kind: str, name: str, parts: Iterable, build: Callable[[], T]) -> T:
    """`build()`'s value, kept until this kind of content changes (or the timeout).
    Without a working cache, `build()` is simply called: slower, never wrong."""
    try:
        key = ":".join(["content", kind, version(kind), name, *(str(part) for part in parts)])
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


def bump_on_change(kind: str, *models: type, subclasses: bool = False) -> None:
    """Connect saves, deletions and many-to-many changes of these models to `bump(kind)`.
    With `subclasses`, a save of any subclass counts too (Page: every page type)."""

    def changed(sender, instance=None, **kwargs) -> None:
        if subclasses and not isinstance(instance, models):
            return
        bump(kind)

    uid = f"content-cache-{kind}-{'-'.join(model.__name__ for model in models)}"
    if subclasses:
        post_save.connect(changed, dispatch_uid=f"{uid}-save", weak=False)
        post_delete.connect(changed, dispatch_uid=f"{uid}-delete", weak=False)
        return
    for model in models:
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}-{model}-save", weak=False)
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}-{model}-del", weak=False)
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{model}-{field.name}-m2m",
                weak=False,
            )


_memo: dict[tuple[str, str], tuple[tuple, float, object]] = {}


def memoized(kind: str, name: str, parts: Iterable, build: Callable[[], T]) -> T:
    """`build()`'s value kept in this process's memory (not pickled through the cache: for
    large structures read on every request) until this kind of content changes, or for the
    timeout at most (with a per-process cache, another process's change is not seen sooner).
    The version token comes from the shared cache, so with Redis a change is seen at once."""
    try:
        stamp = (version(kind), *parts)
    except Exception:
        logger.warning("Cache unreachable; %s built without it.", name, exc_info=True)
        return build()
    held = _memo.get((kind, name))
    if held is not None and held[0] == stamp and time.monotonic() - held[1] < timeout():
        return held[2]
    value = build()
    _memo[(kind, name)] = (stamp, time.monotonic(), value)
    return value
