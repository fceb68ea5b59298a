"""The shortlist's place in the rest of the site: its buttons on the register's cards and
cooperative pages and its link in the header (through hooks, so neither the register nor
the chrome imports it), its addresses in robots.txt and the rate limits, and the page
cache's rule for visitors who have a shortlist."""

import re

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail import hooks

from chrome.robots import HOOK as ROBOTS_DISALLOWED
from chrome.templatetags.site_tags import HEADER_LINKS
from infrastructure.ratelimit import FORMS_EXEMPT, LimitedPaths
from infrastructure.ratelimit import HOOK as RATE_LIMITED_PATHS
from register.templatetags.register_actions import HOOK as REGISTER_PAGE_ACTIONS

from . import selection

# One click each: counted by the shortlist's own rule, not by the forms' one (RATELIMITS).
BUTTON_URL_NAMES = ("shortlist_add", "shortlist_remove", "shortlist_clear")


def _in_every_language(name: str, **kwargs) -> list[str]:
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.append(reverse(name, kwargs=kwargs or None))
    return paths


def _keys(request: HttpRequest | None) -> list[str]:
    """The visitor's shortlist, read once per request (a listing has twenty cards)."""
    if request is None:
        return []
    if not hasattr(request, "_shortlist_keys"):
        request._shortlist_keys = selection.visible(request)
    return request._shortlist_keys


TOKEN = "TOKEN"


def _with_token(path: str) -> str:
    """A pattern for an address holding a share token (any, as the router takes it)."""
    return "^" + re.escape(path).replace(TOKEN, "[^/]+")


def _shared_prefixes() -> list[str]:
    # The share links' common prefix: the token follows it.
    return [path.removesuffix("x/") for path in _in_every_language("shortlist_shared", token="x")]


@hooks.register(REGISTER_PAGE_ACTIONS)
def shortlist_button(request: HttpRequest | None, place: str, **data) -> str:
    """ "Add to shortlist" (or "Remove", for a visitor who has it) on each card of the
    listing and on the cooperative's page."""
    cooperative = data.get("cooperative")
    if place not in ("card", "cooperative") or cooperative is None:
        return ""
    key = str(cooperative.translation_key)
    context = {
        "key": key,
        "name": cooperative.name,
        "in_list": key in _keys(request),
        "next": request.get_full_path() if request is not None else "",
        "place": place,
        "count": len(_keys(request)),
    }
    return render_to_string("shortlist/includes/toggle.html", context, request)


@hooks.register(HEADER_LINKS)
def shortlist_link(request: HttpRequest | None) -> str:
    return render_to_string(
        "shortlist/includes/header_link.html", {"count": len(_keys(request))}, request
    )


@hooks.register("is_request_cacheable")
def shortlist_pages_are_personal(request: HttpRequest, is_cacheable: bool) -> bool | None:
    """A visitor with a shortlist sees its buttons and count on every page: never a page from
    the cache (nor one stored for others); everyone else shares them."""
    if is_cacheable and selection.visible(request):
        return False
    return None


@hooks.register(ROBOTS_DISALLOWED)
def shortlists_are_not_for_crawlers() -> list[str]:
    return _in_every_language("shortlist_index")


@hooks.register(RATE_LIMITED_PATHS)
def shortlist_is_rate_limited() -> list[LimitedPaths]:
    post = frozenset({"POST"})
    limited = [
        LimitedPaths("shortlist", f"^{re.escape(path)}$", post)
        for name in BUTTON_URL_NAMES
        for path in _in_every_language(name)
    ]
    limited += [
        LimitedPaths("shortlist", _with_token(path) + "$", post)
        for path in _in_every_language("shortlist_shared_add", token=TOKEN)
    ]
    # The files: the spreadsheets under the exports' rule, the PDF (built on request) under
    # the attestations'.
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            own = reverse("shortlist_download", args=["EXT"])
            shared = reverse("shortlist_shared_download", args=[TOKEN, "EXT"])
        for path in (own, shared):
            pattern = _with_token(path)
            limited.append(LimitedPaths("exports", pattern.replace("EXT", "(?:csv|xlsx)") + "$"))
            limited.append(LimitedPaths("attestations", pattern.replace("EXT", "pdf") + "$"))
    return limited


@hooks.register(FORMS_EXEMPT)
def shortlist_buttons_are_not_forms() -> list[str]:
    patterns = [
        f"{re.escape(path)}$" for name in BUTTON_URL_NAMES for path in _in_every_language(name)
    ]
    patterns += [f"{re.escape(prefix)}[^/]+/" for prefix in _shared_prefixes()]
    return patterns
