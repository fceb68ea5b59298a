"""Per-client request limits on the costly or abusable addresses (search, verification,
exports, the API, form submissions), counted where every worker process sees the same count.

Rules live in ``settings.RATELIMITS`` as ``(name, path regex, requests, seconds)`` with an
optional fifth element, the HTTP methods the rule counts (all methods when left out). Every
rule that matches a request counts it, in a fixed window of ``seconds`` per client; the first
rule over its limit answers 429 with ``Retry-After``.

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

from .plain_answers import plain_answer

logger = logging.getLogger(__name__)


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


def configured_rules() -> list[Rule]:
    """The rules of the current settings, read per request so tests can change them
    (``re`` keeps its own cache of compiled patterns)."""
    rules = []
    for name, regex, requests, seconds, *methods in getattr(settings, "RATELIMITS", ()):
        allowed = frozenset(m.upper() for m in methods[0]) if methods else None
        rules.append(Rule(name, re.compile(regex), int(requests), int(seconds), allowed))
    return rules


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
    rules = [rule for rule in configured_rules() if rule.matches(request)]
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
        template="home/rate_limited.html",
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


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(settings, "RATELIMIT_ENABLED", True):
            over = exceeded(request)
            if over is not None:
                rule, retry_after = over
                logger.info(
                    "Rate limit %s exceeded by %s on %s",
                    rule.name,
                    client_address(request),
                    request.path_info,
                )
                return too_many_requests(request, retry_after)
        return self.get_response(request)
