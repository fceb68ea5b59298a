"""Per-client request limits on the costly or abusable addresses (search, verification,
exports, the API, form submissions), counted where every worker process sees the same count.

Which addresses a rule counts is said by the app that owns them: each declares its rules'
paths in a ``rate_limited_paths`` Wagtail hook returning ``LimitedPaths`` (the register from
its live pages' routes, the search from its translated route, the API from its URL name), so
an editor may rename a page's slug. ``settings.RATELIMITS`` holds only the numbers, ``{rule
name: (requests, seconds)}``; a rule without numbers is not applied. Every rule that matches a
request counts it, in a fixed window of ``seconds`` per client; the first rule over its limit
(in the settings' order) answers 429 with ``Retry-After``. The declared paths are kept in each
process until content changes (one token read per request, no query).

``settings.RATELIMIT_STORAGE`` says where the counts live: ``"cache"`` (Django's cache, with
its atomic ``add``/``incr``: Redis, shared by every process and machine) or ``"database"``
(one row per client, rule and window, incremented by a single atomic upsert; the default
without Redis, since a local-memory cache is per process and would multiply every limit by
the number of gunicorn workers). If the storage cannot be reached the request goes through:
a broken cache must not take the site down with it.
"""

import ipaddress
import logging
import math
import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext
from wagtail import hooks

from .invalidation import memoized
from .plain_answers import plain_answer

logger = logging.getLogger(__name__)


# The Wagtail hook through which an app declares the paths of its rules.
HOOK = "rate_limited_paths"
# Addresses (regular expressions searched after the start of the path) whose POSTs are one
# click each, counted by a rule of their own app: the "forms" rule, made for forms that are
# filled in, leaves them out (the shortlist's "Add" buttons: a buyer clicks dozens).
FORMS_EXEMPT = "form_rate_limit_exempt_paths"


@dataclass(frozen=True)
class LimitedPaths:
    """Addresses that one rule counts, declared by the app that owns them."""

    rule: str
    pattern: str  # a regular expression searched in the request's path
    methods: frozenset[str] | None = None  # the HTTP methods counted; None: all of them


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    requests: int
    seconds: int
    methods: frozenset[str] | None = None

    def matches(self, request: HttpRequest) -> bool:
        if self.methods is not None and request.method not in self.methods:
            return False
        return bool(self.pattern.search(request.path_info))


def _declared_patterns() -> dict[tuple[str, frozenset[str] | None], re.Pattern]:
    patterns = defaultdict(list)
    for declare in hooks.get_hooks(HOOK):
        for paths in declare():
            patterns[(paths.rule, paths.methods)].append(paths.pattern)
    return {
        key: re.compile("|".join(f"(?:{pattern})" for pattern in dict.fromkeys(values)))
        for key, values in patterns.items()
    }


def declared_patterns() -> dict[tuple[str, frozenset[str] | None], re.Pattern]:
    """Each rule's paths as its owners declare them, kept in this process until content
    changes (a register page's slug is part of them)."""
    return memoized("rate-limited-paths", (), _declared_patterns)


def limit_of(name: str) -> tuple[int, int] | None:
    """(requests, seconds) allowed to each client under the rule `name`, None when rate
    limiting is off or the rule has no numbers."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return None
    numbers = getattr(settings, "RATELIMITS", {}).get(name)
    return (int(numbers[0]), int(numbers[1])) if numbers else None


def configured_rules() -> list[Rule]:
    """The rules that have numbers in the current settings (read per request, so tests can
    change them), in the settings' order, with the paths their owners declare."""
    numbers = getattr(settings, "RATELIMITS", {})
    order = {name: position for position, name in enumerate(numbers)}
    rules = [
        Rule(name, pattern, int(numbers[name][0]), int(numbers[name][1]), methods)
        for (name, methods), pattern in declared_patterns().items()
        if name in numbers
    ]
    return sorted(rules, key=lambda rule: order[rule.name])


def _trusted_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(entry, strict=False)
        for entry in getattr(settings, "RATELIMIT_TRUSTED_PROXIES", ())
    ]


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_within(address: str, networks: Iterable) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address: the peer, or, when the peer is one of our own proxies
    (``RATELIMIT_TRUSTED_PROXIES``), the nearest address in X-Forwarded-For that is not.
    None when the request names no valid address (a test client, a Unix socket).

    X-Forwarded-For is trusted only from our proxies: anyone else could write any address in
    it and get a fresh allowance with each request. The admin sign-in lockout uses the same
    address (``AXES_CLIENT_IP_CALLABLE``).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not _is_ip(remote):
        return None
    trusted = _trusted_networks()
    if not trusted or not _is_within(remote, trusted):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    # Read from the right: each proxy appends the address it received the request from.
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if not _is_ip(hop):
            break
        if not _is_within(hop, trusted):
            return hop
    return remote


def _count_in_cache(key: str, left: int) -> int:
    # The key outlives its window by a second so incr never meets an expired key in it.
    if cache.add(key, 1, left + 1):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr: start again
        cache.add(key, 1, left + 1)
        return 1


def _count_in_database(key: str, ends: float, moment: float) -> int:
    from .models import RateLimitCount

    quote = connection.ops.quote_name
    table = quote(RateLimitCount._meta.db_table)
    key_column, count_column, expires_column = (quote(name) for name in ("key", "count", "expires"))
    # One statement, atomic on SQLite (3.35+) and PostgreSQL alike: concurrent workers
    # each get their own count back, never the same one.
    upsert = (
        f"INSERT INTO {table} ({key_column}, {count_column}, {expires_column}) "
        f"VALUES (%s, 1, %s) ON CONFLICT ({key_column}) "
        f"DO UPDATE SET {count_column} = {table}.{count_column} + 1 RETURNING {count_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(upsert, [key, ends])
        count = cursor.fetchone()[0]
        if count == 1:  # a window begins: forget the ones that have ended
            cursor.execute(f"DELETE FROM {table} WHERE {expires_column} < %s", [moment])
    return count


def storage() -> str:
    """Where the counts live: "cache" or "database" (see the module's docstring)."""
    return getattr(settings, "RATELIMIT_STORAGE", "cache")


def _count(rule: Rule, client: str, now: float) -> tuple[int, int]:
    """Count this request in the rule's current window; return (count, seconds left)."""
    window = int(now // rule.seconds)
    ends = (window + 1) * rule.seconds
    left = max(1, math.ceil(ends - now))
    key = f"ratelimit:{rule.name}:{client}:{window}"
    if storage() == "database":
        return _count_in_database(key, ends, now), left
    return _count_in_cache(key, left), left


def now() -> float:
    """The clock the windows are cut from (one place, so tests can set it)."""
    return time.time()


def exceeded(request: HttpRequest) -> tuple[Rule, int] | None:
    """The first rule this request goes over, with the seconds until its window ends."""
    try:
        rules = [rule for rule in configured_rules() if rule.matches(request)]
    except Exception as error:
        # The owners' addresses are read from the pages, through the cache: fail open.
        failed = "database" if isinstance(error, DatabaseError) else "cache"
        for name in getattr(settings, "RATELIMITS", {}):
            logger.warning("Rate limit %s not applied: the %s is unavailable", name, failed)
        return None
    if not rules:
        return None
    client = client_address(request) or "unknown"
    moment = now()
    for rule in rules:
        try:
            count, left = _count(rule, client, moment)
        except Exception:
            logger.warning("Rate limit %s not applied: the %s is unavailable", rule.name, storage())
            return None
        if count > rule.requests:
            return rule, left
    return None


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    response = plain_answer(
        request,
        status=429,
        template="infrastructure/rate_limited.html",
        detail=lambda: (
            ngettext(
                "Too many requests. Try again in %(seconds)d second.",
                "Too many requests. Try again in %(seconds)d seconds.",
                retry_after,
            )
            % {"seconds": retry_after}
        ),
        context={"retry_after": retry_after},
    )
    response["Retry-After"] = str(retry_after)
    return response
