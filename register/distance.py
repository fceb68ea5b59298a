"""Distances between places of the register, in kilometres, the same in Python and in SQL.

The formula is the equirectangular approximation on a sphere of 6,371 km: within a province
(up to about 150 km) it differs from the great-circle distance by less than 0.1 %, and unlike
the haversine it needs only arithmetic and a square root, which SQLite (through the functions
Django registers) and PostgreSQL both compute without PostGIS. The cosine of the origin's
latitude is worked out once, in Python."""

import math

from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Least, Sqrt

from .models.sites import OperatingSite

KM_PER_DEGREE = 6371.0 * math.pi / 180  # about 111.19 km
RADIUS_CHOICES = (10, 25, 50, 100)

Point = tuple[float, float]


def distance_km(origin: Point, point: Point) -> float:
    lat0, lon0 = origin
    scale = math.cos(math.radians(lat0))
    return KM_PER_DEGREE * math.hypot(point[0] - lat0, (point[1] - lon0) * scale)


def nearest_km(origin: Point, points) -> float | None:
    """The distance to the nearest of the points, or None without any."""
    return min((distance_km(origin, point) for point in points), default=None)


def _squared_km_sql(origin: Point, latitude: str = "latitude", longitude: str = "longitude"):
    """The square of distance_km(), in plain SQL arithmetic: SQLite's POWER and SQRT are
    Python functions Django registers, one call per row each (measured on 10,000 rows: 147 ms
    with POWER, 58 ms without); the square root is taken once, of the nearest."""
    lat0, lon0 = origin
    scale = math.cos(math.radians(lat0))
    north = (Cast(F(latitude), FloatField()) - Value(lat0)) * Value(KM_PER_DEGREE)
    east = (Cast(F(longitude), FloatField()) - Value(lon0)) * Value(KM_PER_DEGREE * scale)
    return ExpressionWrapper(north * north + east * east, output_field=FloatField())


def with_distance(queryset: QuerySet, origin: Point) -> QuerySet:
    """Cooperatives annotated with `distance_km`: to the nearest of their seat and operating
    sites with coordinates; None for a cooperative without any."""
    seat = Case(
        When(Q(latitude__isnull=False, longitude__isnull=False), then=_squared_km_sql(origin)),
        default=None,
        output_field=FloatField(),
    )
    sites = (
        OperatingSite.objects.filter(
            cooperative_id=OuterRef("pk"), latitude__isnull=False, longitude__isnull=False
        )
        .annotate(squared_km=_squared_km_sql(origin))
        .order_by("squared_km")
        .values("squared_km")[:1]
    )
    site = Subquery(sites, output_field=FloatField())
    # LEAST is NULL with a NULL argument on SQLite and ignores it on PostgreSQL: no NULLs in it.
    nearest = Least(Coalesce(seat, site), Coalesce(site, seat), output_field=FloatField())
    return queryset.annotate(distance_km=Sqrt(nearest, output_field=FloatField()))
