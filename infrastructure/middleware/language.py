"""Django's locale middleware, kept away from the addresses that have no language."""

from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware

# Outside the /it/ and /en/ prefixes: their 404s are answers, not pages to redirect.
UNPREFIXED = ("/api/", "/admin/", "/documents/", "/health/")


class LanguagePrefixMiddleware(LocaleMiddleware):
    """Unlike Django's, it never redirects a 404 of `/api/…` to `/it/api/…`."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if request.path_info.startswith(UNPREFIXED):
            return response
        return super().process_response(request, response)
