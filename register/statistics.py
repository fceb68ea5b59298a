"""The register in numbers: active cooperatives by sector and by area."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infrastructure.invalidation import cached

from .models.cooperatives import Cooperative
from .models.events import Status, status_condition
from .vocabulary import Term, Vocabulary


@dataclass
class Bar:
    term: Term
    count: int
    percent: int  # of the longest bar, in steps of 5, for drawing without inline styles


@dataclass
class Chart:
    """A bar chart drawn over its own data table, which is what assistive technology reads."""

    caption: str
    heading: str
    bars: list[Bar]


def _bars(counts: dict[int, int], terms: list[Term]) -> list[Bar]:
    top = max(counts.values(), default=0) or 1
    bars = [
        Bar(term, counts.get(term.id, 0), 5 * round(20 * counts.get(term.id, 0) / top))
        for term in terms
    ]
    return sorted((bar for bar in bars if bar.count), key=lambda bar: -bar.count)


def _finest_areas(vocabulary: Vocabulary) -> list[Term]:
    """The zones of each province, or the province itself where it has none."""
    return [area for province in vocabulary.provinces for area in (province.children or [province])]


def _counts(zone_ids: list[int]) -> dict:
    active = Cooperative.objects.public().filter(status_condition(Status.ACTIVE))
    return {
        "total": active.count(),
        "by_sector": dict(active.values_list("sectors").annotate(n=Count("pk")).order_by()),
        "by_area": dict(
            active.filter(areas__in=zone_ids)
            .values_list("areas")
            .annotate(n=Count("pk"))
            .order_by()
        ),
    }


def active_counts(vocabulary: Vocabulary) -> dict:
    """How many cooperatives are active today, in all and by sector and finest area; cached
    until the register changes, and for today only (a mark expires with no write)."""
    zone_ids = [zone.id for zone in _finest_areas(vocabulary)]
    return cached("active-counts", (timezone.localdate(),), lambda: _counts(zone_ids))


def register_figures(vocabulary: Vocabulary) -> dict:
    counts = active_counts(vocabulary)
    by_sector, by_area, zones = counts["by_sector"], counts["by_area"], _finest_areas(vocabulary)
    return {
        "total": counts["total"],
        "charts": [
            Chart(
                _("Active cooperatives by sector"),
                _("Sector"),
                _bars(by_sector, vocabulary.sectors),
            ),
            Chart(_("Active cooperatives by area served"), _("Area"), _bars(by_area, zones)),
        ],
    }
