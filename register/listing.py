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
from .term_ids import with_term_ids
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

    def base(self) -> QuerySet[Cooperative]:
        """Every public cooperative the words match (all of them without words)."""
        queryset = Cooperative.objects.public()
        if self.keys is not None:
            queryset = queryset.filter(translation_key__in=self.keys)
        return queryset

    def conditions(self) -> dict[str, Q]:
        """The condition of each filter the visitor chose (the status always has one)."""
        value = self.form.value
        conditions = {"status": status_in(STATUSES_FOR[value("status")])}
        if value("sector"):
            conditions["sector"] = Q(pk__in=with_sector(self.vocabulary, value("sector")))
        if value("area"):
            conditions["area"] = Q(pk__in=served_in(self.vocabulary.area_ids_within(value("area"))))
        if value("form"):
            conditions["form"] = Q(legal_form=value("form"))
        return conditions

    def queryset(self, without: str | None = None) -> QuerySet[Cooperative]:
        queryset = self.base()
        for name, condition in self.conditions().items():
            if name != without:
                queryset = queryset.filter(condition)
        return queryset


def status_in(statuses) -> Q:
    combined = Q(pk__in=[])
    for status in statuses:
        combined |= status_condition(status)
    return combined


def with_sector(vocabulary: Vocabulary, code: str) -> QuerySet:
    through = Cooperative.sectors.through
    return through.objects.filter(sector_id=vocabulary.sectors_by_code[code].id).values(
        "cooperative_id"
    )


def served_in(area_ids: list[int]) -> QuerySet:
    through = Cooperative.areas.through
    return through.objects.filter(area_id__in=area_ids).values("cooperative_id")


def build_listing(params: QueryDict, vocabulary: Vocabulary) -> Listing:
    form = ListingForm(params, vocabulary)
    form.is_valid()  # invalid values are reported beside their field and then ignored
    query = RegisterQuery(form, vocabulary)
    order = ["-certification_date", "name"] if form.value("sort") == "recent" else ["name"]
    results = with_term_ids(query.queryset().order_by(*order, "pk").select_related("locale"))
    facets, total = facet_counts(query, vocabulary)
    paginator = Paginator(results, PAGE_SIZE)
    paginator.count = total  # the status facet has counted the results already
    return Listing(
        form=form,
        page=paginator.get_page(params.get("page")),
        facets=facets,
        is_filtered=any(form.value(name) for name in ("q", "sector", "area", "form"))
        or form.value("status") != "active",
    )


def facet_counts(
    query: RegisterQuery, vocabulary: Vocabulary
) -> tuple[dict[str, list[FacetOption]], int]:
    """For each filter, how many results each option would give with the other filters kept;
    and how many results the visitor's choices give. One aggregate query for all of them."""
    value = query.form.value
    conditions = query.conditions()

    def count(facet: str, option: Q) -> Count:
        kept = [condition for name, condition in conditions.items() if name != facet]
        return Count("pk", filter=Q(option, *kept))

    areas = [area for province in vocabulary.provinces for area in (province, *province.children)]
    counts = (
        query.base()
        .filter(status_in(STATUSES_FOR["any"]))  # no facet counts other statuses
        .aggregate(
            **{
                f"sector_{sector.id}": count(
                    "sector", Q(pk__in=with_sector(vocabulary, sector.code))
                )
                for sector in vocabulary.sectors
            },
            **{
                f"area_{area.id}": count(
                    "area", Q(pk__in=served_in(vocabulary.area_ids_within(area.code)))
                )
                for area in areas
            },
            **{f"form_{code}": count("form", Q(legal_form=code)) for code in LegalForm.values},
            **{
                f"status_{status}": count("status", status_condition(status))
                for status in STATUSES_FOR["any"]
            },
        )
    )
    by_status = {
        code: sum(counts[f"status_{status}"] or 0 for status in statuses)
        for code, statuses in STATUSES_FOR.items()
    }
    facets = {
        "sector": [
            FacetOption(s.code, s.name, counts[f"sector_{s.id}"] or 0, value("sector") == s.code)
            for s in vocabulary.sectors
        ],
        "area": [
            FacetOption(
                area.code,
                area.name,
                counts[f"area_{area.id}"] or 0,
                value("area") == area.code,
                0 if area.parent_id is None else 1,
            )
            for area in areas
        ],
        "form": [
            FacetOption(code, label, counts[f"form_{code}"] or 0, value("form") == code)
            for code, label in LegalForm.choices
        ],
        "status": [
            FacetOption(code, label, by_status[code], value("status") == code)
            for code, label in STATUS_CHOICES
        ],
    }
    return facets, by_status[value("status")]
