"""Operations endpoints."""

from contextlib import suppress

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .worker import queue_health


@require_safe
@cache_control(no_store=True)
def health(request: HttpRequest) -> JsonResponse:
    """Database and cache reachability, for load balancers and uptime checks."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "unavailable"
    try:
        cache.set("health-check", "1", 5)
        checks["cache"] = "ok" if cache.get("health-check") == "1" else "unavailable"
    except Exception:
        checks["cache"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    answer = {"status": "ok" if healthy else "unavailable", "checks": checks}
    # The background queue is shown, not judged: a stopped worker delays mail and index
    # updates but the site still serves, so a load balancer must keep sending it visitors.
    with suppress(Exception):
        if (queue := queue_health()) is not None:
            answer["queue"] = queue
    return JsonResponse(answer, status=200 if healthy else 503)
