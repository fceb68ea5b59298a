"""The register's read-only JSON API, `/api/v1/`: the same answers as the register's pages,
for procurement systems and reusers. Its OpenAPI schema is generated from api_schemas."""

import copy
import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Q
from django.forms import ChoiceField
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from ninja import Body, NinjaAPI, Query
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError

from infrastructure.invalidation import conditional

from . import api_schemas as schemas
from .filters import QUERY_MAX_LENGTH, RegisterFilters
from .listing import comune_options
from .models.cooperatives import Cooperative
from .models.events import CertificationEvent, Status
from .models.pages import RegisterPage
from .numbers import read_vat
from .open_data import LICENCE_URL
from .presentation import CooperativeView, present_cooperatives
from .schema import DETAIL, REFERENCE, SUMMARY, Reading, event_data, shape, term_data
from .status_explanation import explain, with_latest_note
from .verification import BULK_LIMIT, over_bulk_limit, verification_data, verify, verify_all
from .vocabulary import Vocabulary

MAX_PAGE_SIZE = 100
PUBLIC_PAGE_STATUSES = {Status.ACTIVE, Status.SUSPENDED}


class RegisterAPI(NinjaAPI):
    """The API whose served schema states the sector and area codes of the day: they are the
    register's data, so the schema is completed at each request from the vocabulary (cached
    until a sector, an area or a cooperative changes); the rest, fixed by the code, is built
    once per process."""

    _static_schemas: dict[str, dict]

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        static = self.__dict__.setdefault("_static_schemas", {})
        if path_prefix not in static:
            static[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix)
        schema = copy.deepcopy(static[path_prefix])
        vocabulary = Vocabulary(settings.LANGUAGE_CODE)
        suggested = comune_options(vocabulary)
        codes = {
            "sectors": [term.code for term in vocabulary.sectors],
            "areas": list(vocabulary.areas_by_code),
            "comuni": [c.istat for c in suggested] + [c.slug for c in suggested],
        }
        for operation in (op for item in schema["paths"].values() for op in item.values()):
            for parameter in operation.get("parameters", []):
                name = parameter["schema"].pop(schemas.VOCABULARY, None)
                if name:
                    # "" is the default, meaning any.
                    parameter["schema"]["enum"] = ["", *codes[name]]
        return schema


api = RegisterAPI(
    title="Registro Impact API",
    version="1",
    urls_namespace="api-v1",
    description=(
        "Read-only access to the register of cooperatives awarded the Impact – Effetto "
        "cooperativo quality mark by Confcooperative Bergamo. Answers are given as of the day "
        "they are asked for. Texts come in the language asked for with `lang` (Italian by "
        "default), falling back to Italian where a cooperative's texts are not translated: "
        "`text_language` says which. Data under CC BY 4.0 "
        f"({LICENCE_URL}). Answers carry ETag and Last-Modified: send If-None-Match or "
        "If-Modified-Since to get 304 Not Modified when nothing changed. Over the rate limit "
        "the API answers 429 with Retry-After."
    ),
)

# Documented on every operation, so clients (and the schema checks) know every answer.
ERRORS = {400: schemas.Error, 429: schemas.Error}
WITH_NOT_FOUND = {404: schemas.Error, **ERRORS}
# Shareable, but checked with the server each time: a suspension must never wait out a cache
# lifetime, and the ETag makes the check a cheap 304.
CACHED = cache_control(public=True, no_cache=True)


def _cached_conditionally(view: Callable) -> Callable:
    return decorate_view(CACHED, conditional)(view)


def _language(request: HttpRequest) -> str:
    return "en" if request.GET.get("lang") == "en" else settings.LANGUAGE_CODE


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, exc: ValidationError):
    with translation.override(_language(request)):
        errors = [_parameter_error(request, error) for error in exc.errors]
        status, data = _invalid(errors)
        return api.create_response(request, data, status=status)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    """django-ninja's own refusals; a body that is not JSON in our words, in the language
    asked for."""
    message = str(exc)
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        with translation.override(_language(request)):
            message = _("The body of the request is not JSON: send a JSON list of strings.")
    return api.create_response(request, {"detail": message}, status=exc.status_code)


def _parameter_error(request: HttpRequest, error: dict) -> dict:
    """A parameter refused by its declared type: our own words for a value outside a closed
    set (the same as for a sector or an area), Pydantic's (in English) for the rest."""
    location = tuple(error.get("loc", ()))
    # The bulk verification's body is the list itself: "body", or "body.3" for its 4th item.
    parts = ("body", *location[2:]) if location[:1] == ("body",) else location[1:]
    name = ".".join(str(part) for part in parts)
    if error.get("type") == "literal_error":
        return _not_one_of(name, request.GET.get(name, ""))
    if location[:1] == ("body",) and error.get("type") in ("too_long", "too_short"):
        return {"parameter": name, "message": _list_length_message(error)}
    return {"parameter": name, "message": error.get("msg", "")}


def _list_length_message(error: dict) -> str:
    """The bulk verification's list refused by its length, in the verification's words."""
    given = (error.get("ctx") or {}).get("actual_length")
    if error.get("type") == "too_short" or not given:
        return _("Send at least one VAT or certificate number.")
    return over_bulk_limit(given)


def _not_one_of(name: str, value: str) -> dict:
    message = _("“%(value)s” is not one of the values %(parameter)s takes.") % {
        "value": value,
        "parameter": name,
    }
    return {"parameter": name, "message": message}


# Helpers -------------------------------------------------------------------------------------


def _register_page(language: str) -> RegisterPage | None:
    pages = RegisterPage.objects.live().select_related("locale")
    return (
        pages.filter(locale__language_code=language).first()
        or pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    )


def _absolute(request: HttpRequest, url: str | None) -> str | None:
    return request.build_absolute_uri(url) if url else None


def _api_url(request: HttpRequest, cooperative: Cooperative, language: str) -> str:
    url = reverse("api-v1:cooperative", kwargs={"vat": cooperative.vat_display})
    return request.build_absolute_uri(url + ("?lang=en" if language == "en" else ""))


def _page_url(request: HttpRequest, page, cooperative: Cooperative) -> str | None:
    if page is None or cooperative.status not in PUBLIC_PAGE_STATUSES:
        return None
    return _absolute(request, page.cooperative_url(cooperative, request))


def _reference(request: HttpRequest, cooperative: Cooperative, page, language: str) -> Reading:
    return Reading(
        record=cooperative,
        url=_page_url(request, page, cooperative),
        api_url=_api_url(request, cooperative, language),
    )


def _reading(request: HttpRequest, view: CooperativeView, page, language: str) -> Reading:
    record = view.record
    return Reading(
        record=record,
        explanation=explain(record),
        today=timezone.localdate(),
        sectors=view.sectors,
        areas=view.areas,
        url=_page_url(request, page, record),
        api_url=_api_url(request, record, language),
        view=view,
    )


def _pagination(request: HttpRequest, page, language: str) -> dict:
    def link(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "page_size": page.paginator.per_page,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "language": language,
    }


def _filters(params: dict, vocabulary: Vocabulary) -> tuple[RegisterFilters, list[dict]]:
    """The register's own filters, so the API filters exactly as the pages do; unlike the
    pages (which ignore a wrong value and say so), the API refuses it."""
    filters = RegisterFilters(params, vocabulary)
    form, data = filters.form, filters.data
    errors = [
        _not_one_of(name, data.get(name, ""))
        if isinstance(form.fields[name], ChoiceField)
        else {"parameter": name, "message": messages[0]}
        for name, messages in form.errors.items()
    ]
    return filters, errors


def _invalid(errors: list[dict]) -> tuple[int, dict]:
    return 400, {"detail": _("Some parameters are not valid."), "errors": errors}


def _page_of(paginator: Paginator, number: int):
    try:
        return paginator.page(number)
    except EmptyPage:
        return None


def _not_found_page(paginator: Paginator) -> tuple[int, dict]:
    return 404, {
        "detail": _("There is no such page: the last one is %(last)d.")
        % {"last": paginator.num_pages}
    }


# Operations ----------------------------------------------------------------------------------


@api.get(
    "/cooperatives/",
    response={200: schemas.CooperativeList, **WITH_NOT_FOUND},
    summary="Cooperatives of the register",
    description="The register listing with its filters (the same codes as on the site) and "
    "full-text search, paginated, with the total count. By default only cooperatives whose "
    "mark is active today.",
    tags=["register"],
)
@_cached_conditionally
def list_cooperatives(
    request: HttpRequest,
    q: schemas.Words = Query(
        "", max_length=QUERY_MAX_LENGTH, description="Words: name, service or municipality."
    ),
    sector: schemas.SectorCode = Query(
        "", max_length=60, description="A sector code (see /sectors/)."
    ),
    area: schemas.AreaCode = Query(
        "", max_length=60, description="An area code; a province includes its zones (see /areas/)."
    ),
    form: schemas.LegalFormFilter = Query("", description="Legal form code."),
    status: schemas.StatusFilter = Query("active", description="active, suspended or any (both)."),
    sort: schemas.SortOrder = Query(
        "name", description="name, or recent (latest certification first)."
    ),
    near: schemas.ComuneCode = Query(
        "",
        max_length=120,
        description="A municipality, by ISTAT code or slug (its name is read too): orders by "
        "the distance to each cooperative's nearest site, nearest first, and gives "
        "distance_km. The schema lists the municipalities of the register's provinces; any "
        "of ISTAT's list with coordinates is accepted.",
    ),
    radius: schemas.Radius = Query(
        "", description="With near: only cooperatives within this many kilometres."
    ),
    page: int = Query(1, ge=1, le=1_000_000),
    page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
    lang: schemas.Language = Query("it", description="Language of names and labels."),
):
    with translation.override(lang):
        vocabulary = Vocabulary()
        params = {"q": q, "sector": sector, "area": area, "form": form, "status": status}
        filters, errors = _filters(
            {**params, "sort": sort, "near": near, "radius": radius}, vocabulary
        )
        if errors:
            return _invalid(errors)
        queryset = (
            with_latest_note(filters.qs)
            .select_related("locale")
            .prefetch_related("sectors", "areas")
        )
        paginator = Paginator(queryset, page_size)
        current = _page_of(paginator, page)
        if current is None:
            return _not_found_page(paginator)
        register_page = _register_page(lang)
        views = present_cooperatives(current.object_list, vocabulary, register_page)
        return {
            **_pagination(request, current, lang),
            "results": [
                shape(SUMMARY, _reading(request, view, register_page, lang)) for view in views
            ],
        }


@api.get(
    "/cooperatives/{vat}",
    response={200: schemas.CooperativeDetail, **WITH_NOT_FOUND},
    url_name="cooperative",
    summary="One cooperative, with its certification history",
    description="By VAT number, with or without the IT prefix. Every cooperative that holds or "
    "has held the mark is here, revoked, withdrawn and expired ones included, with its status "
    "today.",
    tags=["register"],
)
@_cached_conditionally
def get_cooperative(
    request: HttpRequest,
    vat: schemas.VatNumber,
    lang: schemas.Language = Query("it", description="Language of the texts and labels."),
):
    with translation.override(lang):
        vat_number = read_vat(vat)
        if not vat_number.is_valid:
            return _invalid([{"parameter": "vat", "message": vat_number.problem}])
        number = vat_number.value
        cooperative = (
            with_latest_note(Cooperative.objects.public())
            .filter(vat_number=number)
            .select_related("locale")
            .prefetch_related("sectors", "areas")
            .first()
        )
        if cooperative is None:
            return 404, {
                "detail": _("No cooperative with VAT number IT%(number)s is in the register.")
                % {"number": number}
            }
        register_page = _register_page(lang)
        view = present_cooperatives([cooperative], Vocabulary(), register_page)[0]
        reading = _reading(request, view, register_page, lang)
        return {**shape(SUMMARY, reading), **shape(DETAIL, reading)}


@api.get(
    "/sectors/",
    response={200: list[schemas.Term], **ERRORS},
    summary="Sectors",
    description="The sectors cooperatives work in, with the codes the filters take.",
    tags=["vocabulary"],
)
@decorate_view(CACHED)
def list_sectors(request: HttpRequest, lang: schemas.Language = "it"):
    with translation.override(lang):
        return [term_data(term) for term in Vocabulary().sectors]


@api.get(
    "/areas/",
    response={200: list[schemas.Area], **ERRORS},
    summary="Areas",
    description="Provinces with the zones within them, with the codes the filters take.",
    tags=["vocabulary"],
)
@decorate_view(CACHED)
def list_areas(request: HttpRequest, lang: schemas.Language = "it"):
    with translation.override(lang):
        return [
            {**term_data(province), "zones": [term_data(zone) for zone in province.children]}
            for province in Vocabulary().provinces
        ]


@api.get(
    "/verify",
    response={200: schemas.Verification, **ERRORS},
    summary="Verify a supplier",
    description="The register's answer for a VAT number or certificate number, as of today: "
    "the same answer as the verification page.",
    tags=["register"],
)
@decorate_view(CACHED, conditional)
def verify_supplier(
    request: HttpRequest,
    q: str = Query(..., max_length=200, description="VAT number or certificate number."),
    lang: schemas.Language = Query("it", description="Language of the labels."),
):
    with translation.override(lang):
        return _verification_answers(request, [verify(q)], lang)[0]


def _verification_answers(request: HttpRequest, results: list, language: str) -> list[dict]:
    """The verification's answers as data, with the register's and the cooperatives' pages in
    the language asked for."""
    register_page = _register_page(language)
    register_url = _absolute(request, register_page.get_url(request)) if register_page else ""
    return [
        verification_data(
            result,
            register_url or "",
            _page_url(request, register_page, result.cooperative) if result.cooperative else None,
        )
        for result in results
    ]


@api.post(
    "/verify/bulk",
    response={200: list[schemas.Verification], **ERRORS},
    url_name="verify_bulk",
    summary="Verify a list of suppliers",
    description=f"Up to {BULK_LIMIT} VAT or certificate numbers at once, sent as a JSON list "
    "of strings: the answers come in the same order, one per item, each the same as /verify "
    "gives for it, as of today. A number repeated in the list is answered each time and looked "
    "up once. Over the limit, or with a body that is not a JSON list of strings, the answer is "
    "400.",
    tags=["register"],
)
@decorate_view(never_cache)
def verify_suppliers(
    request: HttpRequest,
    queries: schemas.BulkQueries = Body(...),
    lang: schemas.Language = Query("it", description="Language of the labels."),
):
    with translation.override(lang):
        return _verification_answers(request, verify_all(queries), lang)


@api.get(
    "/changes/",
    response={200: schemas.ChangeList, **WITH_NOT_FOUND},
    summary="Changes to the register",
    description="Certification events (issues, renewals, suspensions, reinstatements, "
    "revocations, withdrawals) that took effect or were recorded on or after `since` (by "
    "default, the last 30 days), oldest first. Takes the listing's sector, area and form filters.",
    tags=["register"],
)
@_cached_conditionally
def list_changes(
    request: HttpRequest,
    since: schemas.IsoDate | None = Query(None, description="A date, YYYY-MM-DD."),
    sector: schemas.SectorCode = Query("", max_length=60, description="A sector code."),
    area: schemas.AreaCode = Query("", max_length=60, description="An area code."),
    form: schemas.LegalFormFilter = Query("", description="Legal form code."),
    page: int = Query(1, ge=1, le=1_000_000),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
    lang: schemas.Language = Query("it"),
):
    since = since or timezone.localdate() - datetime.timedelta(days=30)
    with translation.override(lang):
        vocabulary = Vocabulary()
        filters, errors = _filters({"sector": sector, "area": area, "form": form}, vocabulary)
        if errors:
            return _invalid(errors)
        cooperatives = filters.narrowed(without={"status", "sort"})
        start = timezone.make_aware(datetime.datetime.combine(since, datetime.time()))
        events = (
            CertificationEvent.objects.filter(cooperative__in=cooperatives)
            .filter(Q(date__gte=since) | Q(recorded_at__gte=start))
            .select_related("cooperative")
            .order_by("date", "id")
        )
        paginator = Paginator(events, page_size)
        current = _page_of(paginator, page)
        if current is None:
            return _not_found_page(paginator)
        register_page = _register_page(lang)
        results = [
            {
                **event_data(event),
                "cooperative": shape(
                    REFERENCE, _reference(request, event.cooperative, register_page, lang)
                ),
            }
            for event in current.object_list
        ]
        return {**_pagination(request, current, lang), "since": since, "results": results}
