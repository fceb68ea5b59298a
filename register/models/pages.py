"""The register's public pages: listing, one page per cooperative, and verification."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

from infrastructure.invalidation import conditional

from .. import exports
from ..feeds import changes_feed, feed_query
from ..freshness import last_changed
from ..listing import build_listing
from ..open_data import LICENCE_NAME, LICENCE_URL, api_rate_limit, data_dictionary
from ..presentation import present_cooperative, present_cooperatives
from ..statistics import register_figures
from ..verification import verification_data, verify
from ..vocabulary import Vocabulary
from .cooperatives import Cooperative
from .events import PUBLIC_STATUSES

# Routes whose slug is translated, like the pages' own slugs.
ROUTE_SLUGS = {
    "verify": {"it": "verifica", "en": "verify"},
    "open_data": {"it": "dati-aperti", "en": "open-data"},
}


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

    def open_data_url(self, request: HttpRequest | None = None) -> str:
        return f"{self.get_url(request)}{self.route_slug('open_data')}/"

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

    # Views ------------------------------------------------------------------------------
    @path("")
    def listing(self, request: HttpRequest) -> HttpResponse:
        vocabulary = Vocabulary()
        listing = build_listing(request.GET, vocabulary)
        context = self.get_context(request)
        context.update(
            listing=listing,
            cooperatives=present_cooperatives(listing.page.object_list, vocabulary, self),
            figures=register_figures(vocabulary),
            # The listing's valid filters only: a code it ignored would make the feed a 400.
            feed_query=feed_query(listing.form),
        )
        if request.GET:
            # Filters are language-neutral: the switcher keeps them.
            query = "?" + request.GET.urlencode()
            context["alternate_urls"] = {
                code: url + query for code, url in self.alternate_urls(request).items()
            }
        return TemplateResponse(request, "register/register_page.html", context)

    # Data for reuse: revalidated with ETag / Last-Modified, so an unchanged register is a 304.
    @path("feed/", name="feed")
    def feed(self, request: HttpRequest) -> HttpResponse:
        return conditional(lambda request: changes_feed(request, self))(request)

    @path("export.csv/", name="export_csv")
    def export_csv(self, request: HttpRequest) -> HttpResponse:
        return conditional(exports.export_csv)(request, self)

    @path("export.json/", name="export_json")
    def export_json(self, request: HttpRequest) -> HttpResponse:
        return conditional(exports.export_json)(request, self)

    @path("export.xlsx/", name="export_xlsx")
    def export_xlsx(self, request: HttpRequest) -> HttpResponse:
        return conditional(exports.export_xlsx)(request, self)

    @path("dati-aperti/", name="open_data_it")
    @path("open-data/", name="open_data_en")
    def open_data(self, request: HttpRequest) -> HttpResponse:
        """The data dictionary, licence and freshness of the register's exports and API."""
        if redirect_response := self._redirect_to_own_slug(request, "open_data"):
            return redirect_response
        context = self.get_context(request)
        context.update(
            fields=data_dictionary(),
            licence_name=LICENCE_NAME,
            licence_url=LICENCE_URL,
            last_changed=last_changed(),
            api_limit=api_rate_limit(),
            alternate_urls=self.alternate_urls(request, "open_data"),
        )
        return TemplateResponse(request, "register/open_data.html", context)

    @path("verifica/", name="verify_it")
    @path("verify/", name="verify_en")
    def verification(self, request: HttpRequest) -> HttpResponse:
        if redirect_response := self._redirect_to_own_slug(request, "verify"):
            return redirect_response
        result = verify(request.GET.get("q", ""))
        cooperative_url = None
        if result.cooperative and result.status in PUBLIC_STATUSES:
            cooperative_url = self.cooperative_url(result.cooperative, request)
        if request.GET.get("format") == "json":
            register_url = request.build_absolute_uri(self.get_url(request))
            absolute = request.build_absolute_uri(cooperative_url) if cooperative_url else None
            return JsonResponse(verification_data(result, register_url, absolute))
        context = self.get_context(request)
        context.update(
            result=result,
            cooperative_url=cooperative_url,
            alternate_urls=self.alternate_urls(request, "verify"),
        )
        return TemplateResponse(request, "register/verification.html", context)

    @re_path(r"^(?P<slug>[-a-z0-9]+)/$", name="cooperative")
    def cooperative(self, request: HttpRequest, slug: str) -> HttpResponse:
        cooperative = (
            Cooperative.objects.public()
            .in_status(*PUBLIC_STATUSES)
            .filter(slug=slug)
            .select_related("locale", "logo")
            .prefetch_related("sectors", "areas")
            .first()
        )
        if cooperative is None:
            raise Http404
        context = self.get_context(request)
        context.update(
            cooperative=present_cooperative(cooperative, Vocabulary(), self, request),
            today=timezone.localdate(),
            alternate_urls=self.alternate_urls(request, f"{slug}/"),
        )
        return TemplateResponse(request, "register/cooperative.html", context)
