"""Answers given before or instead of a page (rate limit, search service down): JSON for the
API, otherwise a small page in both languages, the request's first. They need neither the
database nor the cache, which may be what is failing, and no cache may keep them."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def request_language(request: HttpRequest) -> str:
    """The page's language from its prefix; the API's from ``lang``, as its answers do."""
    if language := translation.get_language_from_path(request.path_info):
        return language
    asked = request.GET.get("lang", "")
    return asked if asked in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def plain_answer(
    request: HttpRequest,
    *,
    status: int,
    template: str,
    detail: Callable[[], str],
    context: dict | None = None,
) -> HttpResponse:
    """`detail` gives the API's message; it is called in the request's language."""
    language = request_language(request)
    if request.path_info.startswith(reverse("api")):
        with translation.override(language):
            response = JsonResponse({"detail": detail()}, status=status)
    else:
        others = [code for code, _name in settings.LANGUAGES if code != language]
        # Rendered without the request: no context processor, so no query.
        html = render_to_string(template, {**(context or {}), "languages": [language, *others]})
        response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    # Answered before Django's clickjacking middleware gets to add it.
    response["X-Frame-Options"] = getattr(settings, "X_FRAME_OPTIONS", "DENY")
    return response
