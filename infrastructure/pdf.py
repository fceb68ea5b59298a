"""HTML to PDF with WeasyPrint, for the site's own documents (the attestation): tagged PDF/UA
with the fonts embedded, and a fetcher that reads only the site's static files, so rendering
never waits on the network nor tells another host a document is being made.

Import this module only where a PDF is made: WeasyPrint takes seconds to import.
"""

import functools
import io
import logging
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from fontTools.ttLib import woff2
from weasyprint.urls import URLFetcherResponse

logger = logging.getLogger(__name__)


class RefusedAddress(ValueError):
    """An address the attestation may not fetch (anything but the site's static files)."""


class StaticFilesOnly(weasyprint.URLFetcher):
    """WeasyPrint's fetcher, narrowed to the site's static files (fonts, logo) read from disk,
    and `data:` addresses; every other address is refused, so rendering never waits on the
    network nor reveals to another host that an attestation is being made."""

    def __init__(self, static_url: str) -> None:
        super().__init__(allowed_protocols={"data", "http", "https"})
        self.static_url = static_url  # absolute: the address `{% static %}` resolves to

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)  # decoded by urllib, no connection
        if not url.startswith(self.static_url):
            logger.warning("PDF: refused to fetch %s", url)
            raise RefusedAddress(f"not a static file of the site: {url}")
        name = unquote(urlsplit(url).path[len(urlsplit(self.static_url).path) :])
        path = static_file(name)
        if path is None:
            raise RefusedAddress(f"no such static file: {name}")
        if path.suffix == ".woff2":
            return URLFetcherResponse(url, decoded_font(str(path), path.stat().st_mtime))
        return URLFetcherResponse(url, path.read_bytes())


@functools.lru_cache(maxsize=16)
def decoded_font(path: str, modified: float) -> bytes:
    """A WOFF2 font of the site as the TrueType font WeasyPrint embeds, decoded once per process
    (and again if the file changes): decoding the three fonts was half the time of a PDF."""
    decoded = io.BytesIO()
    woff2.decompress(io.BytesIO(Path(path).read_bytes()), decoded)
    return decoded.getvalue()


def static_file(name: str) -> Path | None:
    """A static file on disk by its public name: collected (with the hashed name production's
    `{% static %}` gives), else found in the sources (development and tests)."""
    if not name or ".." in Path(name).parts or name.startswith("/"):
        return None
    try:
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
    except NotImplementedError:  # a storage without local files
        pass
    found = finders.find(name)
    return Path(found) if found else None


def render_pdf(html: str, base_url: str) -> bytes:
    static_url = urljoin(base_url, settings.STATIC_URL)
    document = weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=StaticFilesOnly(static_url)
    )
    # Tagged, with the language of <html lang>, title and author from <head>; fonts embedded.
    return document.write_pdf(pdf_variant="pdf/ua-1")
