"""The public listing: the filtered register, its facet counts and pagination."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from .comuni import Comune, comuni
from .facets import FacetCounts, InProcessFacets, facet_backend, register_sets
from .filters import ORDER_FOR, STATUS_CHOICES, STATUSES_FOR, FiltersForm, RegisterFilters
from .models.cooperatives import Cooperative, LegalForm
from .models.events import PUBLIC_STATUSES, statuses_condition
from .term_ids import with_term_ids
from .vocabulary import Vocabulary

PAGE_SIZE = 20


@dataclass
class FacetOption:
    code: str
    label: str
    count: int
    selected: bool
    depth: int = 0


@dataclass
class Listing:
    form: FiltersForm
    page: PaginatorPage
    facets: dict[str, list[FacetOption]]
    is_filtered: bool
    near: Comune | None = None  # the comune distances are measured from

    @property
    def total(self) -> int:
        return self.page.paginator.count


def build_listing(params: QueryDict, vocabulary: Vocabulary) -> Listing:
    """The page of results, their number and the facet counts (register.facets)."""
    filters = RegisterFilters(params, vocabulary)
    today = timezone.localdate()
    backend = facet_backend()
    counts = backend.count(filters, today)
    if isinstance(backend, InProcessFacets):
        # The order is in the id sets too: the database is asked only for the page's rows.
        ids = backend.ordered_ids(filters, today)
        origin = filters.origin()
        distances = register_sets(today).distances_for(filters) if origin else None
        records = RecordsInOrder(ids, distances)
    else:
        records = with_term_ids(filters.qs.select_related("locale"))
    paginator = Paginator(records, PAGE_SIZE)
    return Listing(
        form=filters.form,
        page=paginator.get_page(params.get("page")),
        facets=facet_options(filters, counts, vocabulary),
        is_filtered=filters.is_filtered,
        near=filters.comune(),
    )


class RecordsInOrder(Sequence):
    """Cooperatives given by ids in a fixed order, read from the database a slice at a time:
    a search may match thousands, a page shows a few."""

    def __init__(self, ids: list[int], distances: dict[int, float] | None = None) -> None:
        self.ids = ids
        self.distances = distances  # by id, when the near filter measures them

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        wanted = self.ids[index]
        records = with_term_ids(Cooperative.objects.filter(pk__in=wanted).select_related("locale"))
        by_pk = {record.pk: record for record in records}
        if self.distances is not None:
            for pk, record in by_pk.items():
                record.distance_km = self.distances.get(pk)  # as the SQL annotation names it
        return [by_pk[pk] for pk in wanted if pk in by_pk]


def facet_options(
    filters: RegisterFilters, counts: FacetCounts, vocabulary: Vocabulary
) -> dict[str, list[FacetOption]]:
    """Each facet's options, in the vocabulary's order, with their counts."""
    value = filters.value
    areas = [area for province in vocabulary.provinces for area in (province, *province.children)]
    return {
        "sector": [
            FacetOption(s.code, s.name, counts.sector.get(s.id, 0), value("sector") == s.code)
            for s in vocabulary.sectors
        ],
        "area": [
            FacetOption(
                area.code,
                area.name,
                counts.area.get(area.id, 0),
                value("area") == area.code,
                0 if area.parent_id is None else 1,
            )
            for area in areas
        ],
        "form": [
            FacetOption(code, label, counts.form.get(code, 0), value("form") == code)
            for code, label in LegalForm.choices
        ],
        "status": [
            FacetOption(
                code,
                label,
                sum(counts.status.get(status, 0) for status in STATUSES_FOR[code]),
                value("status") == code,
            )
            for code, label in STATUS_CHOICES
        ],
    }


def listed_matching(keys) -> Sequence[Cooperative] | QuerySet[Cooperative]:
    """The active or suspended cooperatives with these translation keys, by name (the site
    search): from the id sets when the listing counts in process, else from the database."""
    if isinstance(facet_backend(), InProcessFacets):
        sets = register_sets(timezone.localdate())
        listed = sets.ids_of_keys(keys) & sets.in_statuses(PUBLIC_STATUSES)
        return RecordsInOrder([pk for pk in sets.by_order["name"] if pk in listed])
    listed = Cooperative.objects.public().filter(
        statuses_condition(PUBLIC_STATUSES), translation_key__in=keys
    )
    return with_term_ids(listed.order_by(*ORDER_FOR["name"]).select_related("locale"))


def comune_options(vocabulary: Vocabulary) -> list[Comune]:
    """The comuni the near filter suggests: those of the register's provinces (areas whose
    code is a province's abbreviation, e.g. bg), with coordinates, by name."""
    found = [
        comune
        for province in vocabulary.provinces
        for comune in comuni().of_province(province.code)
        if comune.has_point
    ]
    return sorted(found, key=lambda comune: comune.name)
