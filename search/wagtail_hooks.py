"""The site search's addresses, for the rules that name them: robots.txt and the rate limits."""

import re
from contextlib import suppress

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail import hooks

from chrome.robots import HOOK as ROBOTS_DISALLOWED
from infrastructure.ratelimit import HOOK as RATE_LIMITED_PATHS
from infrastructure.ratelimit import LimitedPaths


def search_paths() -> list[str]:
    """The site search in every language (its route is translated: /it/cerca/, /en/search/)."""
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code), suppress(NoReverseMatch):
            paths.append(reverse("search"))
    return paths


@hooks.register(ROBOTS_DISALLOWED)
def search_is_not_for_crawlers() -> list[str]:
    return search_paths()


@hooks.register(RATE_LIMITED_PATHS)
def search_is_rate_limited() -> list[LimitedPaths]:
    return [LimitedPaths("search", "^" + re.escape(path)) for path in search_paths()]
