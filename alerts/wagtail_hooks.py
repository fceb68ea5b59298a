"""The alerts' place in the rest of the site: "Follow" links on the register's pages, their
addresses in robots.txt and the rate limits, their share of the scheduled work, and the
subscriptions in the admin."""

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
from .admin_viewsets import SubscriptionViewSet
from .forms import LISTING_FILTERS

# The forms that send a confirmation or link mail: counted per client (RATELIMITS).
REQUEST_URL_NAMES = ("alerts_suppliers", "alerts_listing", "alerts_new_link")


def _in_every_language(name: str) -> list[str]:
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.append(reverse(name))
    return paths


@hooks.register(ROBOTS_DISALLOWED)
def alerts_are_not_for_crawlers() -> list[str]:
    # Personal pages and forms; the one-click address has its own prefix.
    one_click = reverse("alerts_one_click", kwargs={"token": "x"}).removesuffix("x/")
    return [*_in_every_language("alerts_index"), one_click]


@hooks.register(RATE_LIMITED_PATHS)
def alert_requests_are_rate_limited() -> list[LimitedPaths]:
    post = frozenset({"POST"})
    return [
        LimitedPaths("subscriptions", f"^{re.escape(path)}$", post)
        for name in REQUEST_URL_NAMES
        for path in _in_every_language(name)
    ]


@hooks.register(SCHEDULED_WORK)
def send_alerts(now) -> str:
    return scheduled.run(now)


@hooks.register(REGISTER_PAGE_ACTIONS)
def follow_links(request: HttpRequest | None, place: str, **data) -> str:
    """ "Follow this listing" under the listing's results, "Follow this cooperative" on its
    page and in the verification answer."""
    if place == "listing":
        form = data["filters"]
        filters = {name: form.value(name) for name in LISTING_FILTERS if form.value(name)}
        url = reverse("alerts_listing") + (f"?{urlencode(filters)}" if filters else "")
        return render_to_string("alerts/includes/follow_listing.html", {"url": url}, request)
    cooperative = data.get("cooperative")
    if place in ("cooperative", "verification") and cooperative is not None:
        url = reverse("alerts_suppliers") + "?" + urlencode({"number": cooperative.vat_display})
        template = f"alerts/includes/follow_from_{place}.html"
        return render_to_string(template, {"url": url, "cooperative": cooperative}, request)
    return ""


@hooks.register("register_admin_viewset")
def subscriptions_in_the_admin() -> SubscriptionViewSet:
    return SubscriptionViewSet("alert_subscriptions")
