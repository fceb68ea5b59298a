"""Answers 429 to a client over one of the rate limits (infrastructure.ratelimit)."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from infrastructure.ratelimit import client_address, exceeded, too_many_requests

logger = logging.getLogger(__name__)


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(settings, "RATELIMIT_ENABLED", True):
            over = exceeded(request)
            if over is not None:
                rule, retry_after = over
                logger.info(
                    "Rate limit %s exceeded by %s on %s",
                    rule.name,
                    client_address(request),
                    request.path_info,
                )
                return too_many_requests(request, retry_after)
        return self.get_response(request)
