"""A cooperative's figures for its public page: the latest year's, with the change of the
value of production on the year before, and the trend over the years as bars (an SVG drawn by
the template, no script) beside the table that says the same. One query."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from .models import YearlyFigures

CHART_WIDTH = 480
LABEL_SPACE = 60  # left of the bars: the year
BAR_SPACE = 340  # the longest bar; its value is written after it
BAR = 14
GROUP = 2 * BAR + 14  # a year: two bars and a gap

SERIES = ("employees", "disadvantaged_workers")


@dataclass
class Bar:
    series: str
    value: int
    y: int
    width: float


@dataclass
class YearBars:
    year: int
    y: int
    bars: list[Bar] = field(default_factory=list)


@dataclass
class CooperativeFigures:
    years: list[YearlyFigures]  # oldest first
    latest: YearlyFigures
    production_change: Decimal | None  # percent on the year before, when both are declared
    chart: list[YearBars]
    height: int
    width: int = CHART_WIDTH
    label_space: int = LABEL_SPACE


def of_cooperative(cooperative) -> CooperativeFigures | None:
    """The figures of a cooperative (either language's record), or None without any."""
    years = list(
        YearlyFigures.objects.filter(
            cooperative__translation_key=cooperative.translation_key,
            cooperative__locale__language_code=settings.LANGUAGE_CODE,
        ).order_by("year")
    )
    if not years:
        return None
    latest = years[-1]
    chart, height = bars(years)
    return CooperativeFigures(
        years=years,
        latest=latest,
        production_change=change(years),
        chart=chart,
        height=height,
    )


def change(years: list[YearlyFigures]) -> Decimal | None:
    if len(years) < 2 or years[-2].year != years[-1].year - 1:
        return None
    before, now = years[-2].value_of_production, years[-1].value_of_production
    if not before or now is None:
        return None
    return ((now - before) * 100 / before).quantize(Decimal("0.1"))


def bars(years: list[YearlyFigures]) -> tuple[list[YearBars], int]:
    """Per year, a bar for the people employed and one for the disadvantaged workers, their
    lengths proportional to the largest value; and the chart's height."""
    largest = max((getattr(row, name) or 0 for row in years for name in SERIES), default=0)
    groups, y = [], 0
    for row in years:
        group = YearBars(row.year, y)
        for offset, name in enumerate(SERIES):
            value = getattr(row, name) or 0
            width = BAR_SPACE * value / largest if largest else 0
            group.bars.append(Bar(name, value, y + offset * BAR, round(width, 1)))
        groups.append(group)
        y += GROUP
    return groups, y
