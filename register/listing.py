"""The public listing: filters, full-text search, facet counts and pagination."""

from dataclasses import dataclass

from django import forms
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from home.searching import backend_for, search_words

from .models.cooperatives import Cooperative, LegalForm, status_condition
from .models.events import Status
from .vocabulary import Vocabulary

PAGE_SIZE = 20
QUERY_MAX_LENGTH = 200
STATUS_CHOICES = [
    ("active", _("Active")),
    ("suspended", _("Suspended")),
    ("any", _("Active or suspended")),
]
STATUSES_FOR = {
    "active": (Status.ACTIVE,),
    "suspended": (Status.SUSPENDED,),
    "any": (Status.ACTIVE, Status.SUSPENDED),
}
SORT_CHOICES = [("name", _("Name (A–Z)")), ("recent", _("Latest certification first"))]
FILTERS = ("sector", "area", "form", "status")


class ListingForm(forms.Form):
    q = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        help_text=_("Name, service or municipality."),
        error_messages={
            "max_length": _("Use at most %(limit_value)d characters: the search was ignored.")
        },
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    form = forms.ChoiceField(label=_("Legal form"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, data: QueryDict, vocabulary: Vocabulary) -> None:
        super().__init__(data)
        any_option = [("", _("Any"))]
        self.fields["sector"].choices = any_option + [(s.code, s.name) for s in vocabulary.sectors]
        area_choices = []
        for province in vocabulary.provinces:
            area_choices.append((province.code, province.name))
            area_choices += [(zone.code, f"– {zone.name}") for zone in province.children]
        self.fields["area"].choices = any_option + area_choices
        self.fields["form"].choices = any_option + list(LegalForm.choices)
        for name in ("sector", "area", "form", "status", "sort"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "“%(value)s” is not one of the options: that filter was ignored."
            )

    def value(self, name: str) -> str:
        """The cleaned value, or the default where the visitor's value was not valid."""
        if self.is_bound and name in getattr(self, "cleaned_data", {}):
            value = self.cleaned_data[name]
        else:
            value = ""
        defaults = {"status": "active", "sort": "name"}
        return value or defaults.get(name, "")


@dataclass
class FacetOption:
    code: str
    label: str
    count: int
    selected: bool
    depth: int = 0


@dataclass
class Listing:
    form: ListingForm
    page: PaginatorPage
    facets: dict[str, list[FacetOption]]
    is_filtered: bool

    @property
    def total(self) -> int:
        return self.page.paginator.count


def search_keys(words: str, approximate: bool = False) -> list:
    """Translation keys of the cooperatives whose text in any language matches the words,
    so that the same search gives the same cooperatives in Italian and in English.
    `approximate` matches the words as beginnings of names instead (autocomplete)."""
    live = Cooperative.objects.filter(live=True)
    if approximate:
        results = live.autocomplete(words, backend=backend_for())
    else:
        results = live.search(words, operator="and", backend=backend_for())
    return list({cooperative.translation_key for cooperative in results})


class RegisterQuery:
    """The public cooperatives narrowed by the visitor's choices, one filter at a time."""

    def __init__(self, form: ListingForm, vocabulary: Vocabulary) -> None:
        self.form = form
        self.vocabulary = vocabulary
        words = search_words(form.value("q"))
        self.keys = search_keys(words) if words else None

    def queryset(self, without: str | None = None) -> QuerySet[Cooperative]:
        queryset = Cooperative.objects.public()
        if self.keys is not None:
            queryset = queryset.filter(translation_key__in=self.keys)
        value = self.form.value
        if without != "status":
            queryset = queryset.in_status(*STATUSES_FOR[value("status")])
        if without != "sector" and value("sector"):
            queryset = queryset.filter(sectors=self.vocabulary.sectors_by_code[value("sector")].id)
        if without != "area" and value("area"):
            ids = self.vocabulary.area_ids_within(value("area"))
            queryset = queryset.filter(pk__in=served_in(ids))
        if without != "form" and value("form"):
            queryset = queryset.filter(legal_form=value("form"))
        return queryset


def served_in(area_ids: list[int]) -> QuerySet:
    through = Cooperative.areas.through
    return through.objects.filter(area_id__in=area_ids).values("cooperative_id")


def build_listing(params: QueryDict, vocabulary: Vocabulary) -> Listing:
    form = ListingForm(params, vocabulary)
    form.is_valid()  # invalid values are reported beside their field and then ignored
    query = RegisterQuery(form, vocabulary)
    order = ["-certification_date", "name"] if form.value("sort") == "recent" else ["name"]
    results = (
        query.queryset()
        .order_by(*order, "pk")
        .select_related("locale")
        .prefetch_related("sectors", "areas")
    )
    page = Paginator(results, PAGE_SIZE).get_page(params.get("page"))
    return Listing(
        form=form,
        page=page,
        facets=facet_counts(query, vocabulary),
        is_filtered=any(form.value(name) for name in ("q", "sector", "area", "form"))
        or form.value("status") != "active",
    )


def facet_counts(query: RegisterQuery, vocabulary: Vocabulary) -> dict[str, list[FacetOption]]:
    """For each filter, how many results each option would give with the other filters kept."""
    value = query.form.value
    by_sector = dict(
        query.queryset(without="sector").values_list("sectors").annotate(n=Count("pk")).order_by()
    )
    sectors = [
        FacetOption(s.code, s.name, by_sector.get(s.id, 0), value("sector") == s.code)
        for s in vocabulary.sectors
    ]

    area_queryset = query.queryset(without="area")
    by_area = dict(area_queryset.values_list("areas").annotate(n=Count("pk")).order_by())
    by_province = area_queryset.aggregate(
        **{
            f"p{province.id}": Count(
                "pk", filter=Q(pk__in=served_in(vocabulary.area_ids_within(province.code)))
            )
            for province in vocabulary.provinces
        }
    )
    areas = []
    for province in vocabulary.provinces:
        areas.append(
            FacetOption(
                province.code,
                province.name,
                by_province[f"p{province.id}"] or 0,
                value("area") == province.code,
            )
        )
        areas += [
            FacetOption(
                zone.code, zone.name, by_area.get(zone.id, 0), value("area") == zone.code, 1
            )
            for zone in province.children
        ]

    by_form = dict(
        query.queryset(without="form").values_list("legal_form").annotate(n=Count("pk")).order_by()
    )
    legal_forms = [
        FacetOption(code, label, by_form.get(code, 0), value("form") == code)
        for code, label in LegalForm.choices
    ]

    by_status = query.queryset(without="status").aggregate(
        active=Count("pk", filter=status_condition(Status.ACTIVE)),
        suspended=Count("pk", filter=status_condition(Status.SUSPENDED)),
    )
    by_status["any"] = by_status["active"] + by_status["suspended"]
    statuses = [
        FacetOption(code, label, by_status[code], value("status") == code)
        for code, label in STATUS_CHOICES
    ]
    return {"sector": sectors, "area": areas, "form": legal_forms, "status": statuses}
