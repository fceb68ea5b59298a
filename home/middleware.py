"""Django's locale middleware, kept away from the addresses that have no language; HEAD
answered as GET."""

from collections.abc import Callable

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


class HeadAsGetMiddleware:
    """HEAD is GET without the body (RFC 9110, 9.3.2): every address that answers GET answers
    HEAD with the same status and headers, whatever the view accepts (django-ninja's
    operations and ``require_GET`` views know GET only). Outermost, so everything inside (rate
    limits, conditional GET, the page cache) sees the GET it answers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            # Never produce a download nobody reads (an export's rows stay in the database).
            close = getattr(response.streaming_content, "close", None)
            response.streaming_content = []
            if close:
                close()
        else:
            # Content-Length, already set by CommonMiddleware, still gives the body's size.
            response.content = b""
        return response
