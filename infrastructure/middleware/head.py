"""HEAD answered as GET."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
