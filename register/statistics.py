"""The register in numbers: active cooperatives by sector and by area."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models.cooperatives import Cooperative, status_condition
from .models.events import Status
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


def register_figures(vocabulary: Vocabulary) -> dict:
    active = Cooperative.objects.public().filter(status_condition(Status.ACTIVE))
    by_sector = dict(active.values_list("sectors").annotate(n=Count("pk")).order_by())
    # The finest areas: the zones of a province, or the province itself where it has none.
    zones = [
        area for province in vocabulary.provinces for area in (province.children or [province])
    ]
    by_area = dict(
        active.filter(areas__in=[zone.id for zone in zones])
        .values_list("areas")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "total": active.count(),
        "charts": [
            Chart(
                _("Active cooperatives by sector"),
                _("Sector"),
                _bars(by_sector, vocabulary.sectors),
            ),
            Chart(_("Active cooperatives by area served"), _("Area"), _bars(by_area, zones)),
        ],
    }
