"""When the search service (Elasticsearch) cannot be reached, anything that searches by words
(site search, the register's `q`, its feed, exports and API) answers 503 with a short message
in the visitor's language, and everything else keeps working. With the database backend these
errors never occur: database errors are not caught here."""

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from elastic_transport import ApiError, TransportError

from infrastructure.plain_answers import plain_answer

logger = logging.getLogger(__name__)

# Unreachable, timed out, or answering with an error (a missing index, for instance).
SEARCH_SERVICE_ERRORS = (TransportError, ApiError)
RETRY_AFTER_SECONDS = 60


def search_unavailable(request: HttpRequest) -> HttpResponse:
    response = plain_answer(
        request,
        status=503,
        template="infrastructure/search_unavailable.html",
        detail=lambda: gettext("Searching by words is not available right now. Try again later."),
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class SearchServiceUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, SEARCH_SERVICE_ERRORS):
            return None
        logger.warning("Search service unavailable for %s: %s", request.path_info, exception)
        return search_unavailable(request)
