"""The requests' place in the rest of the site: their addresses in robots.txt and the rate
limits, their share of the scheduled work, and the requests in the admin."""

import re
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail import hooks

from chrome.robots import HOOK as ROBOTS_DISALLOWED
from infrastructure.ratelimit import HOOK as RATE_LIMITED_PATHS
from infrastructure.ratelimit import LimitedPaths
from infrastructure.scheduling import HOOK as SCHEDULED_WORK
from register.templatetags.register_actions import HOOK as REGISTER_PAGE_ACTIONS

from . import scheduled
from .admin_viewsets import QuoteRequestViewSet


def _in_every_language(name: str) -> list[str]:
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.append(reverse(name))
    return paths


@hooks.register(ROBOTS_DISALLOWED)
def requests_are_not_for_crawlers() -> list[str]:
    # The form and every private page below it; the results page is public and crawled.
    return _in_every_language("quotes_new")


@hooks.register(RATE_LIMITED_PATHS)
def requests_are_rate_limited() -> list[LimitedPaths]:
    # The request form sends a confirmation mail: the rule of such forms (RATELIMITS).
    post = frozenset({"POST"})
    return [
        LimitedPaths("subscriptions", f"^{re.escape(path)}$", post)
        for path in _in_every_language("quotes_new")
    ]


@hooks.register(SCHEDULED_WORK)
def follow_up_and_purge_requests(now) -> str:
    return scheduled.run(now)


@hooks.register(REGISTER_PAGE_ACTIONS)
def request_quotes_link(request: HttpRequest | None, place: str, **data) -> str:
    """ "Ask these cooperatives for quotes" under the listing's results, with its sector and
    area chosen in the form."""
    if place != "listing":
        return ""
    form = data["filters"]
    chosen = {name: form.value(name) for name in ("sector", "area") if form.value(name)}
    url = reverse("quotes_new") + (f"?{urlencode(chosen)}" if chosen else "")
    # One link: it sits between the results' heading and the first result (keyboard users
    # tab through it).
    return render_to_string("quotes/includes/from_listing.html", {"url": url}, request)


@hooks.register("register_admin_viewset")
def requests_in_the_admin() -> QuoteRequestViewSet:
    return QuoteRequestViewSet("quote_requests")
