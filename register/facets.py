"""Facet counts: for each filter, how many cooperatives each of its options would give with
the visitor's other choices kept. One method, `count(filters, today)`, with three backends
(`facet_backend()` picks one):

- Elasticsearch aggregations, when ELASTICSEARCH_URL is set: a scaled-out site counts in the
  search cluster, not in each web process;
- the database: one grouped query per facet (REGISTER_FACETS = "database");
- otherwise the register's id sets held in this process (`InProcessFacets`). Measured at 10,000
  cooperatives on SQLite (bench/listing.py), the five grouped queries cost 50-60 ms of the
  page (10-45 ms each, a covering index saving only half) where the sets take a few: the
  listing would be three times slower. The sets are built from the same definitions as the
  SQL filters (register.filters, the status rule's annotation) and rebuilt after a change to
  the register or on a new day.
"""

import datetime
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from django.conf import settings
from django.db.models import Count, QuerySet
from django.db.models.functions import Coalesce
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from infrastructure.invalidation import memoized

from .distance import KM_PER_DEGREE, Point, with_distance
from .filters import ORDER_FOR, RegisterFilters
from .models.cooperatives import Cooperative
from .models.events import LAPSING, STATUS_AFTER, Status, status_expression
from .models.sites import OperatingSite
from .vocabulary import Vocabulary


@dataclass
class FacetCounts:
    """Counts by option: sector and area ids (a province counts its zones' cooperatives
    once each), legal form codes, statuses."""

    sector: dict[int, int] = field(default_factory=dict)
    area: dict[int, int] = field(default_factory=dict)
    form: dict[str, int] = field(default_factory=dict)
    status: dict[str, int] = field(default_factory=dict)


class FacetBackend(Protocol):
    def count(self, filters: RegisterFilters, today: datetime.date) -> FacetCounts: ...


def _kept(filters: RegisterFilters, facet: str) -> QuerySet[Cooperative]:
    """The selection with this facet's own filter (and the order) left out."""
    return filters.narrowed(without={facet, "sort"}).order_by()


class DatabaseFacets:
    """One grouped query per facet (the area's provinces and zones in one UNION)."""

    def count(self, filters: RegisterFilters, today: datetime.date) -> FacetCounts:
        sectors = Cooperative.sectors.through.objects.filter(
            cooperative_id__in=_kept(filters, "sector").values("pk")
        )
        served = Cooperative.areas.through.objects.filter(
            cooperative_id__in=_kept(filters, "area").values("pk")
        )
        # A zone counts its own cooperatives; a province those of its own and of its zones,
        # each once (a cooperative may serve several zones).
        zones = (
            served.filter(area__parent_id__isnull=False)
            .values("area_id")
            .annotate(n=Count("cooperative_id"))
            .values_list("area_id", "n")
        )
        provinces = (
            served.annotate(province=Coalesce("area__parent_id", "area_id"))
            .values("province")
            .annotate(n=Count("cooperative_id", distinct=True))
            .values_list("province", "n")
        )
        forms = _kept(filters, "form").values("legal_form").annotate(n=Count("pk"))
        statuses = (
            _kept(filters, "status")
            .annotate(current=status_expression(today))
            .values("current")
            .annotate(n=Count("pk"))
        )
        return FacetCounts(
            sector=dict(
                sectors.values("sector_id").annotate(n=Count("pk")).values_list("sector_id", "n")
            ),
            area=dict(zones.union(provinces, all=True)),
            form=dict(forms.values_list("legal_form", "n")),
            status=dict(statuses.values_list("current", "n")),
        )


@dataclass(frozen=True)
class RegisterSets:
    """The public cooperatives as id sets, one per option of each filter."""

    everyone: frozenset[int]
    by_status: dict[str, frozenset[int]]
    by_form: dict[str, frozenset[int]]
    by_sector: dict[int, frozenset[int]]
    by_area: dict[int, frozenset[int]]  # serving this area (a province: or one of its zones)
    by_key: dict[str, int]  # translation key (text) → id of the record that holds the facts
    by_order: dict[str, tuple[int, ...]]  # ids in each order of the sort filter
    points: dict[int, tuple[Point, ...]]  # id → its seat's and operating sites' coordinates

    def distances(self, origin: Point, ids) -> dict[int, float]:
        """Kilometres from the origin to the nearest point of each of these cooperatives
        that has one (register.distance's formula, as the near filter's SQL computes it).
        Written out inline: it runs over the whole register (10,000 records in a few ms)."""
        lat0, lon0 = origin
        scale = math.cos(math.radians(lat0))
        hypot, get = math.hypot, self.points.get
        found = {}
        for pk in ids:
            points = get(pk)
            if not points:
                continue
            if len(points) == 1:
                lat, lon = points[0]
                found[pk] = hypot(lat - lat0, (lon - lon0) * scale)
            else:
                found[pk] = min(hypot(lat - lat0, (lon - lon0) * scale) for lat, lon in points)
        return {pk: degrees * KM_PER_DEGREE for pk, degrees in found.items()}

    def distances_for(self, filters: RegisterFilters) -> dict[int, float]:
        """Every record's distance from the filters' comune, worked out once per request."""
        origin = filters.origin()
        memo = filters.__dict__.setdefault("_distances", {})
        if (id(self), origin) not in memo:
            memo[(id(self), origin)] = self.distances(origin, self.everyone)
        return memo[(id(self), origin)]

    def ids_of_keys(self, keys) -> frozenset[int]:
        by_key = self.by_key
        return frozenset(by_key[key] for key in map(str, keys) if key in by_key)

    def in_statuses(self, statuses) -> frozenset[int]:
        return frozenset().union(*(self.by_status.get(status, ()) for status in statuses))


def _groups(pairs) -> dict:
    groups: dict = {}
    for member, group in pairs:
        groups.setdefault(group, set()).add(member)
    return {group: frozenset(members) for group, members in groups.items()}


def _build_sets(today: datetime.date) -> RegisterSets:
    public = RegisterFilters.base_queryset()
    rows = list(
        public.annotate(current=status_expression(today)).values_list(
            "pk", "translation_key", "legal_form", "current"
        )
    )
    everyone = frozenset(row[0] for row in rows)
    sectors = Cooperative.sectors.through.objects.values_list("cooperative_id", "sector_id")
    links = Cooperative.areas.through.objects.values_list("cooperative_id", "area_id")
    served = _groups(pair for pair in links if pair[0] in everyone)
    # The area filter's own rule (Vocabulary.area_ids_within): a province includes its zones.
    vocabulary = Vocabulary(settings.LANGUAGE_CODE)
    points: dict[int, list[Point]] = {}
    seats = public.filter(latitude__isnull=False, longitude__isnull=False)
    sites = OperatingSite.objects.filter(
        cooperative_id__in=everyone, latitude__isnull=False, longitude__isnull=False
    ).order_by("cooperative_id", "sort_order")
    for rows_of in (
        seats.values_list("pk", "latitude", "longitude"),
        sites.values_list("cooperative_id", "latitude", "longitude"),
    ):
        for pk, latitude, longitude in rows_of:
            points.setdefault(pk, []).append((float(latitude), float(longitude)))
    return RegisterSets(
        everyone=everyone,
        by_status=_groups((pk, current) for pk, _key, _form, current in rows),
        by_form=_groups((pk, form) for pk, _key, form, _current in rows),
        by_sector=_groups(pair for pair in sectors if pair[0] in everyone),
        by_area={
            area.id: frozenset().union(
                *(served.get(i, ()) for i in vocabulary.area_ids_within(code))
            )
            for code, area in vocabulary.areas_by_code.items()
        },
        by_key={str(row[1]): row[0] for row in rows},
        by_order={
            code: tuple(public.order_by(*order).values_list("pk", flat=True))
            for code, order in ORDER_FOR.items()
        },
        points={pk: tuple(found) for pk, found in points.items()},
    )


def register_sets(today: datetime.date) -> RegisterSets:
    return memoized("register-sets", (today,), lambda: _build_sets(today))


class InProcessFacets:
    """The filters applied to id sets held in memory: each filter's set is the union of the
    option sets the filter itself resolves its value to (register.filters)."""

    def chosen(self, filters: RegisterFilters, sets: RegisterSets) -> dict[str, frozenset[int]]:
        chosen = {"status": sets.in_statuses(filters.statuses())}
        if (keys := filters.keys()) is not None:
            chosen["q"] = sets.ids_of_keys(keys)
        if (sector := filters.sector_id()) is not None:
            chosen["sector"] = sets.by_sector.get(sector, frozenset())
        if area_ids := filters.area_ids():
            chosen["area"] = sets.by_area.get(area_ids[0], frozenset())
        if form := filters.value("form"):
            chosen["form"] = sets.by_form.get(form, frozenset())
        if (radius := filters.radius_km()) is not None:
            distances = sets.distances_for(filters)
            chosen["radius"] = frozenset(pk for pk, km in distances.items() if km <= radius)
        return chosen

    @staticmethod
    def _kept(chosen: dict, sets: RegisterSets, without: str | None = None) -> frozenset[int]:
        kept = sorted((ids for name, ids in chosen.items() if name != without), key=len)
        if not kept:
            return sets.everyone
        smallest, *others = kept
        return smallest.intersection(*others)

    def count(self, filters: RegisterFilters, today: datetime.date) -> FacetCounts:
        sets = register_sets(today)
        chosen = self.chosen(filters, sets)
        for_sector, for_area, for_form, for_status = (
            self._kept(chosen, sets, facet) for facet in ("sector", "area", "form", "status")
        )
        return FacetCounts(
            sector={sector: len(for_sector & ids) for sector, ids in sets.by_sector.items()},
            area={area: len(for_area & ids) for area, ids in sets.by_area.items()},
            form={form: len(for_form & ids) for form, ids in sets.by_form.items()},
            status={status: len(for_status & ids) for status, ids in sets.by_status.items()},
        )

    def ordered_ids(self, filters: RegisterFilters, today: datetime.date) -> list[int]:
        """The selection's ids in the chosen order."""
        sets = register_sets(today)
        selected = self._kept(self.chosen(filters, sets), sets)
        if filters.origin() is not None:
            # The near filter's order: by distance, then by name; no coordinates last.
            distances = sets.distances_for(filters)
            by_name = [pk for pk in sets.by_order["name"] if pk in selected]
            return sorted(by_name, key=lambda pk: distances.get(pk, float("inf")))
        return [pk for pk in sets.by_order[filters.value("sort")] if pk in selected]


class ElasticsearchFacets:
    """Aggregations over the index Wagtail builds of the cooperatives (its "default" backend):
    one request, one filtered `terms` aggregation per facet under the other filters."""

    def __init__(self, backend=None) -> None:
        self._backend = backend

    @cached_property
    def backend(self):
        return self._backend or get_search_backend("default")

    @cached_property
    def mapping(self):
        return self.backend.mapping_class(Cooperative)

    def column(self, name: str) -> str:
        """The document field Wagtail writes for the search field `name` of Cooperative."""
        field = next(f for f in Cooperative.get_search_fields() if f.field_name == name)
        return self.mapping.get_field_column_name(field)

    def status_clause(self, status: str, today: datetime.date) -> dict:
        """The status rule (STATUS_AFTER, LAPSING) as a query clause: status_condition's form
        for the search cluster."""
        kind, until = self.column("certification_kind"), self.column("certified_until")
        kinds = [str(k) for k, after in STATUS_AFTER.items() if after == status]
        clause: dict = {"terms": {kind: kinds}}
        if status in LAPSING:
            clause = {"bool": {"filter": [clause, {"range": {until: {"gte": today.isoformat()}}}]}}
        return clause

    def clauses(self, filters: RegisterFilters, today: datetime.date) -> dict[str, dict]:
        """Each active filter as a query clause, as register.filters resolves its value."""
        clauses = {
            "status": {
                "bool": {
                    "should": [self.status_clause(s, today) for s in filters.statuses()],
                    "minimum_should_match": 1,
                }
            }
        }
        if (keys := filters.keys()) is not None:
            clauses["q"] = {"terms": {self.column("translation_key"): [str(k) for k in keys]}}
        if (sector := filters.sector_id()) is not None:
            clauses["sector"] = {"term": {self.column("facet_sector_ids"): sector}}
        if area_ids := filters.area_ids():
            # A document's areas include the provinces of its zones: the area itself is enough.
            clauses["area"] = {"term": {self.column("facet_area_ids"): area_ids[0]}}
        if form := filters.value("form"):
            clauses["form"] = {"term": {self.column("legal_form"): form}}
        if (radius := filters.radius_km()) is not None:
            # The index holds no coordinates: the ids within the radius, from the database
            # (the same SQL as the listing's), as a clause on the document's pk.
            within = with_distance(RegisterFilters.base_queryset(), filters.origin())
            ids = within.filter(distance_km__lte=radius).values_list("pk", flat=True)
            clauses["radius"] = {"terms": {"pk": [str(pk) for pk in ids]}}
        return clauses

    def body(self, filters: RegisterFilters, today: datetime.date) -> dict:
        clauses = self.clauses(filters, today)
        locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE).pk

        def kept(facet: str) -> dict:
            return {"bool": {"filter": [c for name, c in clauses.items() if name != facet]}}

        def terms(facet: str, column: str) -> dict:
            return {
                "filter": kept(facet),
                "aggs": {"options": {"terms": {"field": self.column(column), "size": 10_000}}},
            }

        statuses = {s: self.status_clause(s, today) for s in (Status.ACTIVE, Status.SUSPENDED)}
        return {
            "size": 0,
            "query": {
                "bool": {
                    "filter": [
                        {"term": {self.column("live"): True}},
                        {"term": {self.column("locale"): locale}},
                        {"exists": {"field": self.column("certification_kind")}},
                    ]
                }
            },
            "aggs": {
                "sector": terms("sector", "facet_sector_ids"),
                "area": terms("area", "facet_area_ids"),
                "form": terms("form", "legal_form"),
                "status": {
                    "filter": kept("status"),
                    "aggs": {"options": {"filters": {"filters": statuses}}},
                },
            },
        }

    @staticmethod
    def counts(answer: dict) -> FacetCounts:
        aggregations = answer["aggregations"]

        def buckets(facet: str, key=str) -> dict:
            return {
                key(b["key"]): b["doc_count"] for b in aggregations[facet]["options"]["buckets"]
            }

        statuses = aggregations["status"]["options"]["buckets"]
        return FacetCounts(
            sector=buckets("sector", int),
            area=buckets("area", int),
            form=buckets("form"),
            status={status: bucket["doc_count"] for status, bucket in statuses.items()},
        )

    def count(self, filters: RegisterFilters, today: datetime.date) -> FacetCounts:
        index = self.backend.get_index_for_model(Cooperative).name
        answer = self.backend.es.search(index=index, **self.body(filters, today))
        return self.counts(dict(answer))


def facet_backend() -> FacetBackend:
    """Elasticsearch when the site searches with it, the database when asked for, else the
    id sets in this process."""
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        return ElasticsearchFacets()
    if getattr(settings, "REGISTER_FACETS", "") == "database":
        return DatabaseFacets()
    return InProcessFacets()
