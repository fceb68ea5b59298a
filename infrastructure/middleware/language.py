"""Django's locale middleware, kept away from the addresses that have no language."""

from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse

# Outside the /it/ and /en/ prefixes (config/urls.py): their 404s are answers, not pages to
# redirect. The document store has no URL name of its own.
UNPREFIXED_URL_NAMES = ("api", "wagtailadmin_home", "health")
DOCUMENTS = "/documents/"


def unprefixed() -> tuple[str, ...]:
    return (*(reverse(name) for name in UNPREFIXED_URL_NAMES), DOCUMENTS)


class LanguagePrefixMiddleware(LocaleMiddleware):
    """Unlike Django's, it never redirects a 404 of `/api/…` to `/it/api/…`."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if request.path_info.startswith(unprefixed()):
            return response
        return super().process_response(request, response)
