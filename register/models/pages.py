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

from .. import exports
from ..feeds import RegisterChangesFeed
from ..listing import build_listing
from ..presentation import present_cooperative, present_cooperatives
from ..statistics import register_figures
from ..verification import verify
from ..vocabulary import Vocabulary
from .cooperatives import Cooperative
from .events import Status

VERIFY_SLUGS = {"it": "verifica", "en": "verify"}


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
    def verification_url(self, request: HttpRequest | None = None) -> str:
        slug = VERIFY_SLUGS.get(self.locale.language_code, "verify")
        return f"{self.get_url(request)}{slug}/"

    def cooperative_url(self, cooperative, request: HttpRequest | None = None) -> str:
        return f"{self.get_url(request)}{cooperative.slug}/"

    def alternate_urls(self, request: HttpRequest, suffix: str = "") -> dict[str, str]:
        """The same view in every language the register page is published in."""
        urls = {}
        for page in self.get_translations(inclusive=True).live().select_related("locale"):
            code = page.locale.language_code
            part = VERIFY_SLUGS.get(code, "verify") + "/" if suffix == "verify" else suffix
            urls[code] = f"{page.get_url(request)}{part}"
        return urls

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
        )
        if request.GET:
            # Filters are language-neutral: the switcher keeps them.
            query = "?" + request.GET.urlencode()
            context["alternate_urls"] = {
                code: url + query for code, url in self.alternate_urls(request).items()
            }
        return TemplateResponse(request, "register/register_page.html", context)

    @path("feed/", name="feed")
    def feed(self, request: HttpRequest) -> HttpResponse:
        return RegisterChangesFeed()(request, register_page=self)

    @path("export.csv/", name="export_csv")
    def export_csv(self, request: HttpRequest) -> HttpResponse:
        return exports.export_csv(request, self)

    @path("export.json/", name="export_json")
    def export_json(self, request: HttpRequest) -> HttpResponse:
        return exports.export_json(request, self)

    @path("export.xlsx/", name="export_xlsx")
    def export_xlsx(self, request: HttpRequest) -> HttpResponse:
        return exports.export_xlsx(request, self)

    @path("verifica/", name="verify_it")
    @path("verify/", name="verify_en")
    def verification(self, request: HttpRequest) -> HttpResponse:
        expected = VERIFY_SLUGS.get(self.locale.language_code, "verify")
        if not request.path.rstrip("/").endswith(expected):
            target = self.verification_url(request)
            if request.GET:
                target += "?" + request.GET.urlencode()
            return redirect(target, permanent=True)

        result = verify(request.GET.get("q", ""))
        if request.GET.get("format") == "json":
            return JsonResponse(self.verification_json(request, result))
        context = self.get_context(request)
        context.update(result=result, alternate_urls=self.alternate_urls(request, "verify"))
        if result.cooperative:
            context["cooperative_url"] = self.cooperative_url(result.cooperative, request)
        return TemplateResponse(request, "register/verification.html", context)

    @re_path(r"^(?P<slug>[-a-z0-9]+)/$", name="cooperative")
    def cooperative(self, request: HttpRequest, slug: str) -> HttpResponse:
        cooperative = (
            Cooperative.objects.public()
            .in_status(Status.ACTIVE, Status.SUSPENDED)
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

    def verification_json(self, request: HttpRequest, result) -> dict:
        data = {
            "query": result.query,
            "outcome": result.outcome,
            "as_of": result.today.isoformat(),
            "register": request.build_absolute_uri(self.get_url(request)),
        }
        cooperative = result.cooperative
        if cooperative:
            data["cooperative"] = {
                "name": cooperative.name,
                "vat_number": cooperative.vat_display,
                "certificate_number": cooperative.certificate_number,
                "status": str(cooperative.status.value),
                "status_label": str(cooperative.status.label),
                "first_certified_on": _iso(cooperative.first_certified_on),
                "valid_until": _iso(cooperative.certified_until),
                "latest_event": cooperative.certification_kind,
                "latest_event_on": _iso(cooperative.certification_date),
                "url": request.build_absolute_uri(self.cooperative_url(cooperative, request)),
            }
        return data


def _iso(date) -> str | None:
    return date.isoformat() if date else None
