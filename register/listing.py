"""The public listing: filters, full-text search, facet counts and pagination."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django import forms
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from home.searching import backend_for, search_words
from infrastructure.invalidation import cached

from .membership import Membership, membership
from .models.cooperatives import Cooperative, LegalForm, status_condition
from .models.events import Status
from .numbers import vat_digits
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
# Control characters other than tab and line breaks: no words hold them (and databases refuse
# some, such as NUL). The API's schema states the same rule as a pattern.
CONTROL_CHARACTERS = r"\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F"
WORDS_PATTERN = rf"^[^{CONTROL_CHARACTERS}]*$"


class WordsField(forms.CharField):
    """Free words, refused with a clear message when they hold control characters."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # Django's own null-character check is one case of ours; keep a single message.
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]
        self.validators.append(
            RegexValidator(
                WORDS_PATTERN,
                _("The words hold invisible control characters: remove them and search again."),
                code="control_characters",
            )
        )


class ListingForm(forms.Form):
    q = WordsField(
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
    backend = backend_for()

    def run() -> list:
        # Only the keys, in no particular order: callers order by name or date, and ranking
        # thousands of matches by relevance costs seconds on the database backends.
        live = Cooperative.objects.filter(live=True).only("translation_key")
        if approximate:
            results = live.autocomplete(words, backend=backend, order_by_relevance=False)
        else:
            results = live.search(words, operator="and", backend=backend, order_by_relevance=False)
        # As text: a list of thousands of UUID objects is slow to read back from the cache.
        return list({str(cooperative.translation_key) for cooperative in results})

    # The same words are searched again and again (and by every page of their results).
    digest = hashlib.sha256(f"{backend}|{approximate}|{words}".encode()).hexdigest()
    return cached("search-keys", (digest,), run)


class RegisterQuery:
    """The public cooperatives narrowed by the visitor's choices, one filter at a time."""

    def __init__(self, form: ListingForm, vocabulary: Vocabulary) -> None:
        self.form = form
        self.vocabulary = vocabulary
        words = form.value("q")
        # A VAT number as people write it (IT, spaces, dots, other scripts' digits) searches
        # as the digits the register holds.
        words = search_words(vat_digits(words) or words)
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
    """The page of results, their number and the facet counts, from the register's id sets
    (register.membership); the database is asked only for the page's own rows."""
    form = ListingForm(params, vocabulary)
    form.is_valid()  # invalid values are reported beside their field and then ignored
    query = RegisterQuery(form, vocabulary)
    register = membership(vocabulary)
    chosen = chosen_sets(query, register)
    facets = facet_counts(form, chosen, register, vocabulary)
    results = _intersection(list(chosen.values()), register.everyone)
    order = register.by_recent if form.value("sort") == "recent" else register.by_name
    page = Paginator([pk for pk in order if pk in results], PAGE_SIZE).get_page(params.get("page"))
    records = with_term_ids(
        Cooperative.objects.filter(pk__in=page.object_list).select_related("locale")
    )
    by_pk = {record.pk: record for record in records}
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    return Listing(
        form=form,
        page=page,
        facets=facets,
        is_filtered=any(form.value(name) for name in ("q", "sector", "area", "form"))
        or form.value("status") != "active",
    )


def chosen_sets(query: RegisterQuery, register: Membership) -> dict[str, frozenset[int]]:
    """The ids each of the visitor's choices allows: the words, the status (always), and the
    sector, area and legal form where chosen."""
    value = query.form.value
    chosen = {
        "status": frozenset().union(*(register.by_status[s] for s in STATUSES_FOR[value("status")]))
    }
    if query.keys is not None:
        chosen["q"] = register.ids_of_keys(query.keys)
    if value("sector"):
        chosen["sector"] = register.by_sector.get(
            query.vocabulary.sectors_by_code[value("sector")].id, frozenset()
        )
    if value("area"):
        chosen["area"] = register.by_area.get(
            query.vocabulary.areas_by_code[value("area")].id, frozenset()
        )
    if value("form"):
        chosen["form"] = register.by_form.get(value("form"), frozenset())
    return chosen


def _intersection(sets: list[frozenset[int]], everyone: frozenset[int]) -> frozenset[int]:
    if not sets:
        return everyone
    smallest, *others = sorted(sets, key=len)
    return smallest.intersection(*others)


def facet_counts(
    form: ListingForm,
    chosen: dict[str, frozenset[int]],
    register: Membership,
    vocabulary: Vocabulary,
) -> dict[str, list[FacetOption]]:
    """For each filter, how many results each option would give with the other choices kept."""
    value = form.value

    def kept(facet: str) -> frozenset[int]:
        return _intersection(
            [ids for name, ids in chosen.items() if name != facet], register.everyone
        )

    def count(within: frozenset[int], ids: frozenset[int] | None) -> int:
        return len(within & ids) if ids else 0

    for_sector, for_area, for_form, for_status = (
        kept(f) for f in ("sector", "area", "form", "status")
    )
    areas = [area for province in vocabulary.provinces for area in (province, *province.children)]
    by_status = {
        code: sum(count(for_status, register.by_status[status]) for status in statuses)
        for code, statuses in STATUSES_FOR.items()
    }
    return {
        "sector": [
            FacetOption(
                s.code,
                s.name,
                count(for_sector, register.by_sector.get(s.id)),
                value("sector") == s.code,
            )
            for s in vocabulary.sectors
        ],
        "area": [
            FacetOption(
                area.code,
                area.name,
                count(for_area, register.by_area.get(area.id)),
                value("area") == area.code,
                0 if area.parent_id is None else 1,
            )
            for area in areas
        ],
        "form": [
            FacetOption(
                code, label, count(for_form, register.by_form.get(code)), value("form") == code
            )
            for code, label in LegalForm.choices
        ],
        "status": [
            FacetOption(code, label, by_status[code], value("status") == code)
            for code, label in STATUS_CHOICES
        ],
    }


class RecordsInOrder(Sequence):
    """Cooperatives given by ids in a fixed order, read from the database a slice at a time:
    a search may match thousands, a page shows a few."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:  # what Paginator asks first
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        wanted = self.ids[index]
        records = with_term_ids(Cooperative.objects.filter(pk__in=wanted).select_related("locale"))
        by_pk = {record.pk: record for record in records}
        return [by_pk[pk] for pk in wanted if pk in by_pk]


def listed_matching(keys, vocabulary: Vocabulary) -> RecordsInOrder:
    """The active or suspended cooperatives with these translation keys, by name."""
    register = membership(vocabulary)
    ids = register.ids_of_keys(keys)
    return RecordsInOrder([pk for pk in register.by_name if pk in ids])
