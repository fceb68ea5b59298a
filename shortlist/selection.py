"""The visitor's shortlist: the cooperatives' translation keys in the session, no account.

A translation key is the same for a cooperative's Italian and English records, so the list
reads the same in both languages and survives a change of name, slug or VAT number. The
session is only read when the visitor already has a session cookie (`visible`): a visitor
without one never touches it, so the pages stay shareable by the page cache."""

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

SESSION_KEY = "shortlist"
# Enough for any comparison or tender; keeps the session row and the share link small.
CAP = 50

ADDED, ALREADY, FULL, REMOVED, UNKNOWN = "added", "already", "full", "removed", "unknown"


def read_key(value: object) -> str | None:
    """A translation key as the site writes it (a UUID in its canonical form), or None."""
    if not isinstance(value, str) or len(value) > 36:
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def clean_keys(values: Iterable[object], limit: int = CAP) -> list[str]:
    """Valid keys, each once, in their order, at most `limit`."""
    keys: list[str] = []
    for value in values:
        key = read_key(value)
        if key is not None and key not in keys:
            keys.append(key)
            if len(keys) == limit:
                break
    return keys


def stored(request: HttpRequest) -> list[str]:
    """The shortlist, reading the session (for the views that show or change it)."""
    return clean_keys(request.session.get(SESSION_KEY, []))


def visible(request: HttpRequest) -> list[str]:
    """The shortlist for pages anyone may be shown: empty, without touching the session, when
    the visitor has no session cookie."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES or not hasattr(request, "session"):
        return []
    return stored(request)


def save(request: HttpRequest, keys: list[str]) -> None:
    if keys:
        request.session[SESSION_KEY] = keys
    else:
        request.session.pop(SESSION_KEY, None)


def add(request: HttpRequest, key: str) -> str:
    keys = stored(request)
    if key in keys:
        return ALREADY
    if len(keys) >= CAP:
        return FULL
    save(request, [*keys, key])
    return ADDED


def add_many(request: HttpRequest, new_keys: list[str]) -> tuple[int, int]:
    """Adds those not there yet, up to the cap: (how many were added, how many did not fit)."""
    keys = stored(request)
    fresh = [key for key in new_keys if key not in keys]
    room = max(0, CAP - len(keys))
    save(request, [*keys, *fresh[:room]])
    return len(fresh[:room]), len(fresh[room:])


def remove(request: HttpRequest, key: str) -> str:
    keys = stored(request)
    if key not in keys:
        return UNKNOWN
    keys.remove(key)
    save(request, keys)
    return REMOVED


def clear(request: HttpRequest) -> None:
    save(request, [])
