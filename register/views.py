from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from wagtail.views import serve


def export(request: HttpRequest, path: str) -> HttpResponse:
    """`…/registro/export.csv` has a file name, not a trailing slash: hand it to the register
    page's own route, which Wagtail's page URLs (always ending in a slash) cannot reach."""
    return serve(request, f"{path}/")


def api_not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Unknown addresses under /api/ answer in JSON like the rest of the API."""
    return JsonResponse(
        {"detail": _("No such API address. The API is at /api/v1/, documented at /api/v1/docs.")},
        status=404,
    )
