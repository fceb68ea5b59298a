"""The register's public pages: listing, one page per cooperative, and verification (of one
number or of a list)."""

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

from .. import views
from ..routes import ROUTE_SLUGS


class RegisterPage(RoutablePageMixin, Page):
    """The register: one page per language, serving every cooperative under its own URL."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("register page")

    # URLs -------------------------------------------------------------------------------
    def route_slug(self, route: str, language: str | None = None) -> str:
        slugs = ROUTE_SLUGS[route]
        return slugs.get(language or self.locale.language_code, slugs["en"])

    def verification_url(self, request: HttpRequest | None = None) -> str:
        return f"{self.get_url(request)}{self.route_slug('verify')}/"

    def bulk_verification_url(self, request: HttpRequest | None = None) -> str:
        return f"{self.get_url(request)}{self.route_slug('bulk_verify')}/"

    def open_data_url(self, request: HttpRequest | None = None) -> str:
        return f"{self.get_url(request)}{self.route_slug('open_data')}/"

    def map_url(self, request: HttpRequest | None = None) -> str:
        return f"{self.get_url(request)}{self.route_slug('map')}/"

    def badge_path(self, number: str) -> str:
        """Where the badge of a VAT or certificate number is, below this page."""
        return f"{self.route_slug('badge')}/{quote(number, safe='')}.svg"

    def badge_url(self, number: str, request: HttpRequest | None = None) -> str:
        return f"{self.get_url(request)}{self.badge_path(number)}"

    def attestation_url(self, number: str, request: HttpRequest | None = None) -> str:
        """The attestation PDF of the cooperative with this VAT or certificate number."""
        return f"{self.get_url(request)}{self.route_slug('attestation')}/{number}.pdf"

    def cooperative_url(self, cooperative, request: HttpRequest | None = None) -> str:
        return f"{self.get_url(request)}{cooperative.slug}/"

    def alternate_urls(self, request: HttpRequest, suffix: str = "") -> dict[str, str]:
        """The same view in every language the register page is published in; `suffix` is a
        path below the page, or the name of a route with translated slugs."""
        urls = {}
        for page in self.get_translations(inclusive=True).live().select_related("locale"):
            code = page.locale.language_code
            part = self.route_slug(suffix, code) + "/" if suffix in ROUTE_SLUGS else suffix
            urls[code] = f"{page.get_url(request)}{part}"
        return urls

    def _redirect_to_own_slug(self, request: HttpRequest, route: str) -> HttpResponse | None:
        """`/it/registro/verify/` → `/it/registro/verifica/`: one address per language."""
        expected = self.route_slug(route)
        if request.path.rstrip("/").endswith(expected):
            return None
        target = f"{self.get_url(request)}{expected}/"
        if request.GET:
            target += "?" + request.GET.urlencode()
        return redirect(target, permanent=True)

    # Routes: each delegates to its view (register.views), which is given this page.
    @path("")
    def listing(self, request: HttpRequest) -> HttpResponse:
        return views.listing(request, self)

    @path("feed/", name="feed")
    def feed(self, request: HttpRequest) -> HttpResponse:
        return views.feed(request, self)

    @path("export.csv/", name="export_csv")
    def export_csv(self, request: HttpRequest) -> HttpResponse:
        return views.export_csv(request, self)

    @path("export.json/", name="export_json")
    def export_json(self, request: HttpRequest) -> HttpResponse:
        return views.export_json(request, self)

    @path("export.xlsx/", name="export_xlsx")
    def export_xlsx(self, request: HttpRequest) -> HttpResponse:
        return views.export_xlsx(request, self)

    @path("dati-aperti/", name="open_data_it")
    @path("open-data/", name="open_data_en")
    def open_data(self, request: HttpRequest) -> HttpResponse:
        if redirect_response := self._redirect_to_own_slug(request, "open_data"):
            return redirect_response
        return views.open_data(request, self)

    @path("mappa/", name="map_it")
    @path("map/", name="map_en")
    def province_map(self, request: HttpRequest) -> HttpResponse:
        if redirect_response := self._redirect_to_own_slug(request, "map"):
            return redirect_response
        return views.province_map(request, self)

    @path("verifica/", name="verify_it")
    @path("verify/", name="verify_en")
    def verification(self, request: HttpRequest) -> HttpResponse:
        if redirect_response := self._redirect_to_own_slug(request, "verify"):
            return redirect_response
        return views.verification(request, self)

    # A file name, reached without a trailing slash through config/urls.py (as the exports).
    @re_path(r"^bollino/(?P<number>[^/]+)\.svg/$", name="badge_it")
    @re_path(r"^badge/(?P<number>[^/]+)\.svg/$", name="badge_en")
    def badge(self, request: HttpRequest, number: str) -> HttpResponse:
        # The other language's slug and numbers written otherwise redirect there (the view).
        return views.badge(request, self, number)

    # `…/attestato/01234567890.pdf` reaches here as `…/attestato/01234567890.pdf/`
    # (register.views.export hands file names to Wagtail with a trailing slash).
    @re_path(r"^attestato/(?P<number>[\w-]+)\.pdf/$", name="attestation_it")
    @re_path(r"^attestation/(?P<number>[\w-]+)\.pdf/$", name="attestation_en")
    def attestation(self, request: HttpRequest, number: str) -> HttpResponse:
        own = f"/{self.route_slug('attestation')}/{number}.pdf"
        if not request.path.endswith(own):  # the other language's slug
            return redirect(self.attestation_url(number, request), permanent=True)
        return views.attestation(request, self, number)

    @path("verifica-elenco/", name="bulk_verify_it")
    @path("verify-list/", name="bulk_verify_en")
    def bulk_verification(self, request: HttpRequest) -> HttpResponse:
        if redirect_response := self._redirect_to_own_slug(request, "bulk_verify"):
            return redirect_response
        return views.bulk_verification(request, self)

    # The bulk verification is the register's one form: what the error views ask of a page
    # whose POST they refused (infrastructure.error_views).
    def serve_after_csrf_failure(self, request: HttpRequest) -> HttpResponse:
        return views.bulk_verification_refused(request, self, reason="csrf")

    def serve_after_oversized_request(self, request: HttpRequest) -> HttpResponse:
        return views.bulk_verification_refused(request, self, reason="too_large")

    @re_path(r"^(?P<slug>[-a-z0-9]+)/$", name="cooperative")
    def cooperative(self, request: HttpRequest, slug: str) -> HttpResponse:
        return views.cooperative(request, self, slug)
