"""The register's addresses that rules elsewhere must name (robots.txt, the rate limits),
derived from its live register pages in every language and their routes, so that an editor
may rename the pages' slugs. Read through the hooks in wagtail_hooks.py, kept by their
readers until content changes."""

import re
from contextlib import suppress

from django.urls import NoReverseMatch, reverse

from infrastructure.ratelimit import LimitedPaths

from .models import RegisterPage

EXPORT_ROUTES = ("export_csv", "export_json", "export_xlsx")


def _route(page: RegisterPage, name: str) -> str | None:
    """The path of a route of `page` (language prefix included); a route with one name per
    language ("verify_it", "verify_en") in the page's own language."""
    base = page.get_url_parts()
    if base is None:
        return None  # not reachable from any site
    for candidate in (f"{name}_{page.locale.language_code}", f"{name}_en", name):
        with suppress(NoReverseMatch):
            return base[2] + page.reverse_subpage(candidate)
    return None


def _pages() -> list[RegisterPage]:
    return list(RegisterPage.objects.live().select_related("locale"))


def verification_paths() -> list[str]:
    return [path for page in _pages() if (path := _route(page, "verify"))]


def attestation_paths() -> list[str]:
    """`/it/registro/attestato/`…: the folder of the attestation PDFs (a route with the
    cooperative's number in it, so its page's address and translated slug, not a reverse)."""
    paths = []
    for page in _pages():
        if (base := page.get_url_parts()) is not None:
            paths.append(f"{base[2]}{page.route_slug('attestation')}/")
    return paths


def bulk_verification_paths() -> list[str]:
    return [path for page in _pages() if (path := _route(page, "bulk_verify"))]


def export_paths() -> list[str]:
    """`/it/registro/export.csv`…: the routes end in a slash, the public files do not."""
    return [
        path.rstrip("/")
        for page in _pages()
        for name in EXPORT_ROUTES
        if (path := _route(page, name))
    ]


def badge_paths() -> list[str]:
    """`/it/registro/bollino/`, `/en/register/badge/`: where the live badges are (the prefix
    of their addresses, not a page)."""
    return [
        parts[2] + page.route_slug("badge") + "/"
        for page in _pages()
        if (parts := page.get_url_parts()) is not None
    ]


def robots_disallowed() -> list[str]:
    """Answers to a query (verification, of one number or a list) and data downloads
    (exports, attestations) are not content; nor is a badge, whose copy in an image index
    would go on showing yesterday's status."""
    # The badges' files only (`*` as RFC 9309 allows): a cooperative may be named "Bollino".
    badges = [f"{path}*.svg" for path in badge_paths()]
    answers = verification_paths() + bulk_verification_paths()
    return answers + export_paths() + attestation_paths() + badges


def rate_limited() -> list[LimitedPaths]:
    rules = [LimitedPaths("verification", "^" + re.escape(path)) for path in verification_paths()]
    # Every visitor of a cooperative's site loads its badge: a rule of its own, generous.
    rules += [LimitedPaths("badge", f"^{re.escape(path)}[^/]+\\.svg$") for path in badge_paths()]
    # A list checked (or downloaded) is a POST of up to BULK_LIMIT numbers; the form is not.
    rules += [
        LimitedPaths("bulk-verification", "^" + re.escape(path), frozenset({"POST"}))
        for path in bulk_verification_paths()
    ]
    # With or without the trailing slash: both reach the export.
    rules += [LimitedPaths("exports", f"^{re.escape(path)}/?$") for path in export_paths()]
    # Each a PDF made on request: dearer than a page.
    rules += [LimitedPaths("attestations", "^" + re.escape(path)) for path in attestation_paths()]
    # The API, its known addresses and the unknown ones alike.
    rules.append(LimitedPaths("api", "^" + re.escape(reverse("api"))))
    return rules
