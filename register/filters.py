"""The register's filters, defined once: status, sector, area (a province includes its zones),
legal form, words and order, with their language-neutral codes, defaults and checks. The HTML
listing, the API, the exports and the changes feed all narrow the register through
`RegisterFilters`; the facet counts (register.facets) apply the same filters one left out."""

import hashlib
from collections.abc import Iterable

import django_filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from django.db.models import F, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from infrastructure.invalidation import cached
from infrastructure.searching import backend_for, search_words

from .comuni import Comune, comuni
from .distance import RADIUS_CHOICES, Point, with_distance
from .models.cooperatives import Cooperative, LegalForm
from .models.events import Status, statuses_condition
from .numbers import vat_digits
from .vocabulary import Vocabulary

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
ORDER_FOR = {
    "name": ("name", "pk"),
    "recent": (F("certification_date").desc(nulls_last=True), "name", "pk"),
}
DEFAULTS = {"status": "active", "sort": "name"}
# The filters whose options are counted beside them (register.facets).
FACETS = ("sector", "area", "form", "status")
# Control characters other than tab and line breaks: no words hold them (and databases refuse
# some, such as NUL). The API's schema states the same rule as a pattern.
CONTROL_CHARACTERS = r"\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F"
WORDS_PATTERN = rf"^[^{CONTROL_CHARACTERS}]*$"
NOT_AN_OPTION = _("“%(value)s” is not one of the options: that filter was ignored.")


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


class FiltersForm(forms.Form):
    """The base of the filters' form: each filter's value, or its default when the visitor
    gave none or one that is not valid (reported beside the field, then ignored)."""

    def value(self, name: str) -> str:
        value = self.cleaned_data.get(name, "") if hasattr(self, "cleaned_data") else ""
        return value or DEFAULTS.get(name, "")


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


class WordsFilter(django_filters.CharFilter):
    field_class = WordsField


class ComuneField(forms.CharField):
    """A comune of ISTAT's list, by name as people type it, its slug or its ISTAT code."""

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and comuni().resolve(value) is None:
            raise forms.ValidationError(
                _(
                    "“%(value)s” is not a municipality in ISTAT's list, or more than one has "
                    "that name: choose one from the list (e.g. “Ponte San Pietro”). The "
                    "distance was ignored."
                ),
                code="unknown_comune",
                params={"value": value},
            )
        comune = comuni().resolve(value) if value else None
        if comune is not None and not comune.has_point:
            raise forms.ValidationError(
                _("The register has no coordinates for %(name)s yet: the distance was ignored."),
                code="comune_without_point",
                params={"name": comune.name},
            )


class ComuneFilter(django_filters.CharFilter):
    field_class = ComuneField


def _choice(label, **extra) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=label, error_messages={"invalid_choice": NOT_AN_OPTION}, **extra
    )


class RegisterFilters(django_filters.FilterSet):
    """The public cooperatives narrowed by the visitor's choices. `qs` is the selection in
    the chosen order; `narrowed(without=…)` leaves filters out (facet counts, the feed)."""

    q = WordsFilter(
        label=_("Keywords"),
        method="filter_words",
        max_length=QUERY_MAX_LENGTH,
        help_text=_("Name, service or municipality."),
        error_messages={
            "max_length": _("Use at most %(limit_value)d characters: the search was ignored.")
        },
    )
    sector = _choice(_("Sector"), method="filter_sector", empty_label=_("Any"))
    area = _choice(_("Area"), method="filter_area", empty_label=_("Any"))
    form = _choice(
        _("Legal form"), field_name="legal_form", choices=LegalForm.choices, empty_label=_("Any")
    )
    status = _choice(_("Status"), method="filter_status", choices=STATUS_CHOICES, empty_label=None)
    sort = _choice(_("Sort by"), method="order", choices=SORT_CHOICES, empty_label=None)
    # After the order: a comune orders by distance, the nearest first (register.distance).
    near = ComuneFilter(
        label=_("Near the municipality"),
        method="filter_near",
        max_length=120,
        help_text=_("Orders by distance from its centre to the nearest site."),
        error_messages={
            "max_length": _("Use at most %(limit_value)d characters: the distance was ignored.")
        },
    )
    radius = _choice(
        _("Within"),
        method="filter_radius",
        choices=[(str(km), f"{km} km") for km in RADIUS_CHOICES],
        empty_label=_("Any distance"),
    )

    class Meta:
        model = Cooperative
        fields: list[str] = []
        form = FiltersForm

    def __init__(self, data: QueryDict | dict | None, vocabulary: Vocabulary) -> None:
        if data is not None and not isinstance(data, QueryDict):
            query = QueryDict(mutable=True)
            query.update({name: value for name, value in data.items() if value})
            data = query
        super().__init__(data if data is not None else QueryDict(), self.base_queryset())
        self.vocabulary = vocabulary
        self.filters["sector"].extra["choices"] = [(s.code, s.name) for s in vocabulary.sectors]
        self.filters["area"].extra["choices"] = [
            choice
            for province in vocabulary.provinces
            for choice in [
                (province.code, province.name),
                *((zone.code, f"– {zone.name}") for zone in province.children),
            ]
        ]
        self._keys: dict[str, list | None] = {}

    @staticmethod
    def base_queryset() -> QuerySet[Cooperative]:
        """What the filters narrow: the published, certified records holding the facts."""
        return Cooperative.objects.public()

    # Values ----------------------------------------------------------------------------
    def value(self, name: str) -> str:
        """The filter's valid value, or its default."""
        self.errors  # noqa: B018 (validates the form once)
        return self.form.value(name)

    @property
    def is_filtered(self) -> bool:
        """Whether the visitor narrowed the register beyond the default."""
        chosen = any(self.value(name) for name in ("q", "sector", "area", "form", "near"))
        return chosen or self.value("status") != DEFAULTS["status"]

    def words(self) -> str:
        """The words as the search backend is asked for them: a VAT number as people write
        it (IT, spaces, dots, other scripts' digits) searches as the digits the register holds."""
        words = self.value("q")
        return search_words(vat_digits(words) or words)

    def keys(self) -> list | None:
        """Translation keys the words match, or None without words (searched once)."""
        words = self.words()
        if words not in self._keys:
            self._keys[words] = search_keys(words) if words else None
        return self._keys[words]

    def comune(self) -> Comune | None:
        """The comune the visitor measures from, if a valid one was given."""
        value = self.value("near")
        return comuni().resolve(value) if value else None

    def origin(self) -> Point | None:
        comune = self.comune()
        return (comune.latitude, comune.longitude) if comune else None

    def radius_km(self) -> int | None:
        """The chosen radius, only with a comune to measure from."""
        radius = self.value("radius")
        return int(radius) if radius and self.origin() else None

    def statuses(self) -> tuple[Status, ...]:
        return STATUSES_FOR[self.value("status")]

    def sector_id(self) -> int | None:
        code = self.value("sector")
        return self.vocabulary.sectors_by_code[code].id if code else None

    def area_ids(self) -> list[int]:
        """The chosen area and, for a province, its zones."""
        code = self.value("area")
        return self.vocabulary.area_ids_within(code) if code else []

    # Querysets -------------------------------------------------------------------------
    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return self.narrowed(queryset=queryset)

    def narrowed(
        self, without: Iterable[str] = (), queryset: QuerySet | None = None
    ) -> QuerySet[Cooperative]:
        """The selection with the filters named in `without` left out. A filter whose value
        is not valid applies its default (status, order) or nothing."""
        queryset = self.queryset.all() if queryset is None else queryset
        for name, filter_ in self.filters.items():
            if name not in without:
                queryset = filter_.filter(queryset, self.value(name))
        return queryset

    # Filter methods (django-filter calls them only for a non-empty value) --------------
    def filter_words(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        keys = self.keys()
        return queryset if keys is None else queryset.filter(translation_key__in=keys)

    def filter_sector(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        through = Cooperative.sectors.through.objects
        linked = through.filter(sector_id=self.sector_id()).values("cooperative_id")
        return queryset.filter(pk__in=linked)

    def filter_area(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        through = Cooperative.areas.through.objects
        served = through.filter(area_id__in=self.area_ids()).values("cooperative_id")
        return queryset.filter(pk__in=served)

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(statuses_condition(STATUSES_FOR[value]))

    def order(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*ORDER_FOR[value])

    def filter_near(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        origin = self.origin()
        if origin is None:
            return queryset
        measured = with_distance(queryset, origin)
        return measured.order_by(F("distance_km").asc(nulls_last=True), "name", "pk")

    def filter_radius(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Only where the distance is measured (filter_near ran before it).
        if "distance_km" not in queryset.query.annotations or self.radius_km() is None:
            return queryset
        return queryset.filter(distance_km__lte=self.radius_km())
