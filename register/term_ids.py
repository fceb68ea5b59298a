"""A cooperative's sector and area ids read with the cooperative itself, in the same query.

Listings and exports show the sectors and areas of every row: two `prefetch_related` queries
per page (or per chunk of an export) become two small correlated subqueries, whose result is
a comma-separated list of ids (GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL)."""

from django.db.models import Aggregate, CharField, OuterRef, QuerySet, Subquery

from .models.cooperatives import Cooperative


class JoinedIds(Aggregate):
    """The ids of a group as text, separated by commas, in no particular order."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(CAST(%(expressions)s AS text), ',')",
            **extra,
        )


def _ids_of(through, column: str) -> Subquery:
    rows = (
        through.objects.filter(cooperative_id=OuterRef("pk"))
        .order_by()
        .values("cooperative_id")
        .annotate(ids=JoinedIds(column))
        .values("ids")
    )
    return Subquery(rows, output_field=CharField())


def with_term_ids(queryset: QuerySet[Cooperative]) -> QuerySet[Cooperative]:
    """Annotate `sector_ids` and `area_ids` (text; read them with `parse_ids`)."""
    return queryset.annotate(
        sector_ids=_ids_of(Cooperative.sectors.through, "sector_id"),
        area_ids=_ids_of(Cooperative.areas.through, "area_id"),
    )


def parse_ids(text: str | None) -> list[int]:
    return [int(part) for part in text.split(",")] if text else []
