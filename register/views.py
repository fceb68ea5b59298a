"""The register page's views: the bodies of RegisterPage's routes, each given the page it
serves. The page model only routes; everything a view needs is imported here, below it."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.views import serve

from infrastructure.invalidation import conditional

from . import attestation as attestations
from . import bulk_verification as bulk
from . import exports
from .badge import badge_response, snippet
from .feeds import changes_feed, feed_query
from .freshness import last_changed
from .listing import build_listing, comune_options
from .models.cooperatives import Cooperative
from .models.events import PUBLIC_STATUSES
from .open_data import LICENCE_NAME, LICENCE_URL, api_rate_limit, data_dictionary
from .presentation import present_cooperative, present_cooperatives
from .province_map import province_maps
from .statistics import register_figures
from .term_ids import with_term_ids
from .verification import verification_data, verify
from .vocabulary import Vocabulary


def listing(request: HttpRequest, page) -> HttpResponse:
    vocabulary = Vocabulary()
    listing = build_listing(request.GET, vocabulary)
    context = page.get_context(request)
    context.update(
        listing=listing,
        cooperatives=present_cooperatives(listing.page.object_list, vocabulary, page),
        figures=register_figures(vocabulary),
        # The listing's valid filters only: a code it ignored would make the feed a 400.
        feed_query=feed_query(listing.form),
        comune_options=comune_options(vocabulary),
    )
    if request.GET:
        # Filters are language-neutral: the switcher keeps them.
        query = "?" + request.GET.urlencode()
        context["alternate_urls"] = {
            code: url + query for code, url in page.alternate_urls(request).items()
        }
    return TemplateResponse(request, "register/register_page.html", context)


# Data for reuse: revalidated with ETag / Last-Modified, so an unchanged register is a 304.
def feed(request: HttpRequest, page) -> HttpResponse:
    return conditional(lambda request: changes_feed(request, page))(request)


def export_csv(request: HttpRequest, page) -> HttpResponse:
    return conditional(exports.export_csv)(request, page)


def export_json(request: HttpRequest, page) -> HttpResponse:
    return conditional(exports.export_json)(request, page)


def export_xlsx(request: HttpRequest, page) -> HttpResponse:
    return conditional(exports.export_xlsx)(request, page)


def open_data(request: HttpRequest, page) -> HttpResponse:
    """The data dictionary, licence and freshness of the register's exports and API."""
    context = page.get_context(request)
    context.update(
        fields=data_dictionary(),
        licence_name=LICENCE_NAME,
        licence_url=LICENCE_URL,
        last_changed=last_changed(),
        api_limit=api_rate_limit(),
        alternate_urls=page.alternate_urls(request, "open_data"),
    )
    return TemplateResponse(request, "register/open_data.html", context)


def province_map(request: HttpRequest, page) -> HttpResponse:
    """The zones of each province on a map and in a table, with their active cooperatives."""
    vocabulary = Vocabulary()
    context = page.get_context(request)
    context.update(
        maps=province_maps(vocabulary, page.get_url(request), timezone.localdate()),
        alternate_urls=page.alternate_urls(request, "map"),
    )
    return TemplateResponse(request, "register/province_map.html", context)


def verification(request: HttpRequest, page) -> HttpResponse:
    result = verify(request.GET.get("q", ""))
    cooperative_url = None
    if result.cooperative and result.status in PUBLIC_STATUSES:
        cooperative_url = page.cooperative_url(result.cooperative, request)
    if request.GET.get("format") == "json":
        register_url = request.build_absolute_uri(page.get_url(request))
        absolute = request.build_absolute_uri(cooperative_url) if cooperative_url else None
        return JsonResponse(verification_data(result, register_url, absolute))
    context = page.get_context(request)
    context.update(
        result=result,
        cooperative_url=cooperative_url,
        attestation_url=page.attestation_url(result.cooperative.vat_number, request)
        if result.cooperative
        else None,
        alternate_urls=page.alternate_urls(request, "verify"),
    )
    return TemplateResponse(request, "register/verification.html", context)


def badge(request: HttpRequest, page, number: str) -> HttpResponse:
    """The live badge of a VAT or certificate number (register.badge)."""
    return badge_response(request, page, number)


def attestation(request: HttpRequest, page, number: str) -> HttpResponse:
    """The attestation PDF of a cooperative in the register, as of this moment."""
    return attestations.serve(request, page, number)


def bulk_verification(request: HttpRequest, page) -> HttpResponse:
    """A list of numbers at once: the form, its answer, or the answer as a file."""
    return bulk.serve(request, page)


def bulk_verification_refused(request: HttpRequest, page, reason: str) -> HttpResponse | None:
    """The bulk form again after a POST refused before any view ran (stale CSRF token, body
    too large); None for the register's other addresses."""
    return bulk.serve_refused(request, page, reason)


def cooperative(request: HttpRequest, page, slug: str) -> HttpResponse:
    # The sector and area ids in the record's own query (register.term_ids); its operating
    # sites in one more.
    record = (
        with_term_ids(Cooperative.objects.public().in_status(*PUBLIC_STATUSES).filter(slug=slug))
        .select_related("locale", "logo")
        .prefetch_related("operating_sites")
        .first()
    )
    if record is None:
        raise Http404
    view = present_cooperative(record, Vocabulary(), page, request)
    context = page.get_context(request)
    context.update(
        cooperative=view,
        badge=snippet(page, view, request),
        today=timezone.localdate(),
        attestation_url=page.attestation_url(record.vat_number, request),
        alternate_urls=page.alternate_urls(request, f"{slug}/"),
    )
    return TemplateResponse(request, "register/cooperative.html", context)


def file_route(request: HttpRequest, path: str) -> HttpResponse:
    """`…/registro/export.csv`, `…/registro/bollino/<number>.svg` and
    `…/registro/attestato/<number>.pdf` end in a file name, not a trailing slash: hand them to
    the register page's own routes, which Wagtail's page URLs (always ending in a slash)
    cannot reach."""
    return serve(request, f"{path}/")


def api_not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Unknown addresses under /api/ answer in JSON like the rest of the API."""
    return JsonResponse(
        {"detail": _("No such API address. The API is at /api/v1/, documented at /api/v1/docs.")},
        status=404,
    )
