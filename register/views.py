from django.http import HttpRequest, HttpResponse
from wagtail.views import serve


def export(request: HttpRequest, path: str) -> HttpResponse:
    """`…/registro/export.csv` has a file name, not a trailing slash: hand it to the register
    page's own route, which Wagtail's page URLs (always ending in a slash) cannot reach."""
    return serve(request, f"{path}/")
