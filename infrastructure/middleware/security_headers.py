"""Security headers that Django's own settings do not cover: a Content-Security-Policy with one
policy for the public site and a looser one for the Wagtail admin, and a Permissions-Policy.

Django's SecurityMiddleware already sends X-Content-Type-Options and Referrer-Policy, and its
XFrameOptionsMiddleware sends X-Frame-Options (see config/settings/base.py).
"""

from collections.abc import Callable
from functools import cache
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase


def _is_admin(request: HttpRequest) -> bool:
    return request.path_info.startswith(settings.CSP_ADMIN_PATH_PREFIX)


def _is_preview(request: HttpRequest) -> bool:
    return getattr(request, "is_preview", False) or getattr(request, "is_dummy", False)


@cache
def media_origin() -> str | None:
    """The origin uploaded images are served from when it is not the site's own (object
    storage such as S3, or a CDN in front of it), so the policy can allow exactly that one."""
    url = default_storage.url("csp-origin-probe")
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


@receiver(setting_changed)
def _forget_media_origin(*, setting: str, **kwargs) -> None:
    if setting in {"STORAGES", "MEDIA_URL", "MEDIA_ROOT"} or setting.startswith("AWS_"):
        media_origin.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's own policy (``CONTENT_SECURITY_POLICY_ADMIN``):
    Wagtail's admin has inline scripts and styles, the public site has none.

    A nonce enters the site policy only when a template asks for ``request.csp_nonce``; the
    site's templates use an external script and JSON-LD data blocks, which need none, so a
    full-page cache never stores a nonce that every later visitor would share.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts  # a view chose its own policy with django-csp's decorators
        if _is_admin(request):
            parts.config = dict(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
            return parts
        if response.get("Content-Disposition", "").startswith("attachment"):
            # A file to save (documents, exports): should a browser render it anyway, it
            # runs nothing and loads nothing.
            parts.config = dict(settings.CONTENT_SECURITY_POLICY_DOWNLOADS["DIRECTIVES"])
            return parts
        if origin := media_origin():
            parts.update = {**(parts.update or {}), "img-src": [origin], "media-src": [origin]}
        if _is_preview(request):
            # Wagtail renders a preview through the middleware again with the page's own
            # path; the admin shows it in a frame, so the admin may frame it.
            admin_ancestors = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"][
                "frame-ancestors"
            ]
            parts.replace = {**(parts.replace or {}), "frame-ancestors": admin_ancestors}
        return parts


class PermissionsPolicyMiddleware:
    """Switches off the browser features no page of the site uses (camera, location, ...)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
