from contextlib import suppress

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from infrastructure.worker import queue_health

# Addresses that are not content: answers to a query (search, verification), data downloads
# (register exports: export.csv, export.json), the admin and the document store. The register's
# are its pages' slugs in each language (see DESIGN.md, "Public URLs").
NOT_FOR_CRAWLERS = [
    "/admin/",
    "/documents/",
    "/it/registro/verifica/",
    "/en/register/verify/",
    "/it/registro/export",
    "/en/register/export",
]


def search_paths() -> list[str]:
    """The site search in every language (its route is translated: /it/cerca/, /en/search/)."""
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code), suppress(NoReverseMatch):
            paths.append(reverse("search"))
    return paths


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in dict.fromkeys(NOT_FOR_CRAWLERS + search_paths())]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


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
