from django.http import HttpRequest, HttpResponse

from . import open_data


def download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The yearly figures of the public cooperatives, as a file (open_data)."""
    return open_data.download(request, fmt)
