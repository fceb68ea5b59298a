"""Wagtail's site lookup without a database query on every request.

Wagtail finds the site of each request in the database and then loads its home page's own
type in a second query, before routing. Sites and home pages change rarely: this middleware
keeps the site, with its home page already of its own type, in the content cache (dropped on
any change to a page or a site) and hands it to Wagtail the way Wagtail itself remembers it
for the rest of the request (`request._wagtail_site`)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from wagtail.models import Site

from infrastructure.invalidation import cached


def _site_with_specific_home(request: HttpRequest) -> Site | None:
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
    return site


class CachedSiteMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not hasattr(request, "_wagtail_site"):
            # The same inputs as Wagtail's lookup: the raw host (no ALLOWED_HOSTS check) and port.
            host, port = request._get_raw_host(), request.get_port()
            request._wagtail_site = cached(
                "site", (host, port), lambda: _site_with_specific_home(request)
            )
        return self.get_response(request)
