"""The site's own 400, 403 and CSRF-failure pages: styled like the site, in the visitor's
language (the path's prefix), and never losing what someone typed into a form if it can be
helped. A page type that can do better after a CSRF failure (the enquiry form: its fields
filled in again, with a new token) says so with a `serve_after_csrf_failure` method, and
after a body too large to read with `serve_after_oversized_request` (the register's bulk
verification); either may return None for an address of the page that has no form.
Infrastructure imports no app, so it asks the page instead of knowing it."""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from wagtail.models import Page

from .plain_answers import plain_answer

logger = logging.getLogger(__name__)


def _page_at(request: HttpRequest) -> Page | None:
    """The live Wagtail page at the request's address, if the address is one."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.url_name != "wagtail_serve":
        return None
    page = Page.find_for_request(request, match.args[0] if match.args else "")
    return page.specific if page is not None else None


def _error_page(request: HttpRequest, template: str, status: int, **context) -> HttpResponse:
    response = render(request, template, {"status": status, **context}, status=status)
    add_never_cache_headers(response)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent with a missing or stale token (left open too long,
    cookies cleared or blocked)."""
    logger.info("Form refused by the CSRF check at %s: %s", request.path, reason)
    page = _page_at(request) if request.method == "POST" else None
    if page is not None and hasattr(page, "serve_after_csrf_failure"):
        response = page.serve_after_csrf_failure(request)
        if response is not None:  # None: the page has no form at this address
            add_never_cache_headers(response)
            return response
    return _error_page(
        request,
        "403_csrf.html",
        403,
        form_url=request.path if page is not None else "",
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400. An address the site does not serve (DisallowedHost) gets the plain answer:
    the site's pages build absolute addresses from the very host that was refused. A form
    sent with more than DATA_UPLOAD_MAX_MEMORY_SIZE, which Django refuses before any view, is
    answered by its page if it says how (`serve_after_oversized_request`: its form again,
    with the limit beside the field)."""
    page = _page_at(request) if isinstance(exception, RequestDataTooBig) else None
    if page is not None and hasattr(page, "serve_after_oversized_request"):
        response = page.serve_after_oversized_request(request)
        if response is not None:
            add_never_cache_headers(response)
            return response
    if isinstance(exception, RequestDataTooBig) and request.path_info.startswith(reverse("api")):
        return plain_answer(
            request,
            status=413,
            template="infrastructure/bad_request.html",
            detail=lambda: (
                _("The request is too large: the API takes at most %(size)s.")
                % {"size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
            ),
        )
    if isinstance(exception, DisallowedHost):
        return plain_answer(
            request,
            status=400,
            template="infrastructure/bad_request.html",
            detail=lambda: _("The request could not be understood."),
        )
    return _error_page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403."""
    return _error_page(request, "403.html", 403)
