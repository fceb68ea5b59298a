"""The map of a province's zones: self-hosted SVG, each zone shaded by its number of active
cooperatives and linking to the listing of that zone, with the same figures as a table.

Where the shapes come from: each zone is the set of municipalities its area lists (the
Area's `comuni`, kept by register managers). A municipality's territory is approximated by
the points nearer to its centre (register.comuni: ISTAT's list, GeoNames' coordinates) than
to any other centre, the neighbouring provinces' included, so the province's border and the
zones' borders follow the real layout of the municipalities (a Voronoi partition), drawn on a
grid of GRID_KM cells. It is a diagram of where the municipalities are, not a surveyed
boundary; no tiles or scripts of anyone else are involved."""

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from .comuni import Comune, comuni
from .distance import KM_PER_DEGREE
from .facets import facet_backend
from .filters import RegisterFilters
from .models.taxonomies import Area
from .vocabulary import Term, Vocabulary

GRID_KM = 1.5
PIXELS_PER_KM = 6
MARGIN_KM = 4  # around the province's centres
# Beyond this distance from every centre a point belongs to no municipality (lakes, edges).
REACH_KM = 7
SHADES = ("#f2f7fc", "#cfe2f7", "#8fbbe8", "#4d8fd1", "#1f5c99")  # none … most
INK = ("#1a1a1a", "#1a1a1a", "#1a1a1a", "#ffffff", "#ffffff")  # readable on each shade


@dataclass
class MapZone:
    term: Term
    count: int
    path: str = ""
    label_x: float = 0
    label_y: float = 0
    shade: int = 0
    url: str = ""

    @property
    def fill(self) -> str:
        return SHADES[self.shade]

    @property
    def ink(self) -> str:
        return INK[self.shade]


@dataclass
class Shade:
    fill: int
    low: int
    high: int

    @property
    def colour(self) -> str:
        return SHADES[self.fill]


@dataclass
class ProvinceMap:
    province: Term
    zones: list[MapZone]
    width: int = 0
    height: int = 0
    rest_path: str = ""  # the province's municipalities in no zone
    legend: list[Shade] = field(default_factory=list)
    province_count: int = 0
    province_url: str = ""

    @property
    def drawn(self) -> bool:
        return any(zone.path for zone in self.zones)


def _zone_comuni(province: Term) -> dict[str, str]:
    """ISTAT code → code of the zone that lists it."""
    found = {}
    zones = Area.objects.filter(pk__in=[zone.id for zone in province.children])
    for area in zones.select_related("parent"):
        for istat in area.comune_codes():
            found.setdefault(istat, area.code)
    return found


@cache  # the dataset does not change while the process runs
def _cells(sigla: str) -> tuple[dict[str, list[tuple[int, int]]], int, int, tuple]:
    """Grid cells (column, row) of each municipality of the province, the grid's size and
    its frame, worked out once per process for the province."""
    own = [comune for comune in comuni().of_province(sigla) if comune.has_point]
    if not own:
        return {}, 0, 0, (0, 0, 0)
    lat_mid = sum(c.latitude for c in own) / len(own)
    scale = math.cos(math.radians(lat_mid))
    margin = MARGIN_KM / KM_PER_DEGREE
    south = min(c.latitude for c in own) - margin
    north = max(c.latitude for c in own) + margin
    west = min(c.longitude for c in own) - margin / scale
    east = max(c.longitude for c in own) + margin / scale
    wide = REACH_KM / KM_PER_DEGREE
    around = [
        c
        for c in comuni().all
        if c.has_point
        and south - wide <= c.latitude <= north + wide
        and west - wide / scale <= c.longitude <= east + wide / scale
    ]

    def km(lat: float, lon: float) -> tuple[float, float]:
        return ((lon - west) * scale * KM_PER_DEGREE, (north - lat) * KM_PER_DEGREE)

    # Centres bucketed by REACH_KM squares: a cell looks only in its own and the next ones.
    buckets: dict[tuple[int, int], list[tuple[float, float, Comune]]] = defaultdict(list)
    for comune in around:
        x, y = km(comune.latitude, comune.longitude)
        buckets[(int(x // REACH_KM), int(y // REACH_KM))].append((x, y, comune))
    width_km, height_km = km(south, east)
    columns, rows = int(width_km // GRID_KM) + 1, int(height_km // GRID_KM) + 1
    cells: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in range(rows):
        y = (row + 0.5) * GRID_KM
        for column in range(columns):
            x = (column + 0.5) * GRID_KM
            bx, by = int(x // REACH_KM), int(y // REACH_KM)
            best, nearest = REACH_KM**2, None
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for cx, cy, comune in buckets.get((bx + dx, by + dy), ()):
                        d = (cx - x) ** 2 + (cy - y) ** 2
                        if d < best:
                            best, nearest = d, comune
            if nearest is not None and nearest.province == sigla:
                cells[nearest.istat].append((column, row))
    return dict(cells), columns, rows, (north, west, scale)


def _path(cells: list[tuple[int, int]]) -> str:
    """The cells as one SVG path: a rectangle per run of neighbouring cells in a row."""
    size = GRID_KM * PIXELS_PER_KM
    runs = []
    for row in sorted({r for _c, r in cells}):
        columns = sorted(c for c, r in cells if r == row)
        start = previous = columns[0]
        for column in [*columns[1:], None]:
            if column is not None and column == previous + 1:
                previous = column
                continue
            runs.append(
                f"M{start * size:.0f} {row * size:.0f}h{(previous - start + 1) * size:.0f}"
                f"v{size:.0f}h-{(previous - start + 1) * size:.0f}z"
            )
            if column is not None:
                start = previous = column
    return "".join(runs)


def _shape(sigla: str, zone_of: tuple[tuple[str, str], ...]) -> dict:
    cells, columns, rows, _frame = _cells(sigla)
    by_zone: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for istat, own in cells.items():
        by_zone[dict(zone_of).get(istat, "")].extend(own)
    size = GRID_KM * PIXELS_PER_KM
    return {
        "width": round(columns * size),
        "height": round(rows * size),
        "paths": {code: _path(own) for code, own in by_zone.items()},
        "centres": {
            code: (
                (sum(c for c, _r in own) / len(own) + 0.5) * size,
                (sum(r for _c, r in own) / len(own) + 0.5) * size,
            )
            for code, own in by_zone.items()
        },
    }


def _legend(counts: list[int]) -> tuple[list[Shade], Callable[[int], int]]:
    """Five classes: none, then four of equal width up to the largest count."""
    top = max(counts, default=0)
    if top == 0:
        return [Shade(0, 0, 0)], lambda n: 0
    step = max(1, math.ceil(top / 4))
    classes = [Shade(0, 0, 0)]
    for index in range(4):
        low, high = index * step + 1, min((index + 1) * step, top)
        if low <= top:
            classes.append(Shade(index + 1, low, high))
    return classes, lambda n: 0 if n == 0 else min(4, (n - 1) // step + 1)


def province_maps(vocabulary: Vocabulary, listing_url: str, today) -> list[ProvinceMap]:
    """A map per province with zones; the counts are the listing's (its area facet with the
    default filters: active cooperatives), so the map, the table and `?area=` agree."""
    counts = facet_backend().count(RegisterFilters({}, vocabulary), today).area
    maps = []
    for province in vocabulary.provinces:
        if not province.children:
            continue
        sigla = province.code.upper()
        zone_of = _zone_comuni(province)
        shape = _shape(sigla, tuple(sorted(zone_of.items())))
        zones = [
            MapZone(
                term=zone,
                count=counts.get(zone.id, 0),
                path=shape["paths"].get(zone.code, ""),
                url=f"{listing_url}?area={zone.code}#results",
            )
            for zone in province.children
        ]
        legend, shade_of = _legend([zone.count for zone in zones])
        for zone in zones:
            zone.shade = shade_of(zone.count)
            zone.label_x, zone.label_y = shape["centres"].get(zone.term.code, (0, 0))
        maps.append(
            ProvinceMap(
                province=province,
                zones=zones,
                width=shape["width"],
                height=shape["height"],
                rest_path=shape["paths"].get("", ""),
                legend=legend,
                province_count=counts.get(province.id, 0),
                province_url=f"{listing_url}?area={province.code}#results",
            )
        )
    return maps
