"""The Pact's results: running totals per year and per sector of the requests approved, the
cooperatives they reached, the interested answers and the orders and conventions reported.
Read only from the anonymous traces (RequestFigures), which outlive the requests: no
personal or company data ever enters them. The page, the downloads (CSV, XLSX, JSON) and the
API give the same rows."""

import csv
import io
import json
from dataclasses import asdict, dataclass, field

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from register.open_data import LICENCE_URL
from register.vocabulary import Vocabulary

from .models import Outcome, RequestFigures

ALL_SECTORS = "all"
METRICS = (
    "requests_approved",
    "cooperatives_reached",
    "interested_answers",
    "orders",
    "conventions",
)


@dataclass
class Row:
    year: int | None
    sector: str  # a sector code, or "all"
    sector_name: str
    requests_approved: int = 0
    cooperatives_reached: int = 0
    interested_answers: int = 0
    orders: int = 0
    conventions: int = 0

    def add(self, trace: RequestFigures) -> None:
        self.requests_approved += 1
        self.cooperatives_reached += trace.reached
        self.interested_answers += trace.interested
        self.orders += trace.outcome == Outcome.ORDER
        self.conventions += trace.outcome == Outcome.CONVENTION


@dataclass
class Results:
    years: list[Row] = field(default_factory=list)  # all sectors, one row a year
    sectors: list[Row] = field(default_factory=list)  # all years, one row a sector
    rows: list[Row] = field(default_factory=list)  # the open data: per year and sector, and totals
    total: Row | None = None
    largest: int = 0  # the longest bar of the chart

    def labels(self) -> dict[str, str]:
        return metric_labels()


def metric_labels() -> dict[str, str]:
    return {
        "requests_approved": _("Requests approved"),
        "cooperatives_reached": _("Cooperatives reached"),
        "interested_answers": _("Interested answers"),
        "orders": _("Orders reported"),
        "conventions": _("Conventions reported"),
    }


def results(language: str) -> Results:
    vocabulary = Vocabulary(language)
    names = {sector.code: sector.name for sector in vocabulary.sectors}
    all_name = _("All sectors")
    by_year: dict[int, Row] = {}
    by_sector: dict[str, Row] = {}
    by_both: dict[tuple[int, str], Row] = {}
    total = Row(None, ALL_SECTORS, all_name)
    for trace in RequestFigures.objects.all():
        total.add(trace)
        by_year.setdefault(trace.year, Row(trace.year, ALL_SECTORS, all_name)).add(trace)
        # A request in two sectors counts once in each; the totals count it once.
        for code in dict.fromkeys(trace.sectors):
            name = names.get(code, code)
            by_sector.setdefault(code, Row(None, code, name)).add(trace)
            by_both.setdefault((trace.year, code), Row(trace.year, code, name)).add(trace)
    order = {sector.code: position for position, sector in enumerate(vocabulary.sectors)}

    def sector_key(row: Row):
        return (order.get(row.sector, len(order)), row.sector)

    years = [by_year[year] for year in sorted(by_year)]
    rows = []
    for row in years:
        rows.append(row)
        rows.extend(sorted((r for (y, _c), r in by_both.items() if y == row.year), key=sector_key))
    largest = max((getattr(row, metric) for row in years for metric in METRICS), default=0)
    return Results(
        years=years,
        sectors=sorted(by_sector.values(), key=sector_key),
        rows=rows,
        total=total,
        largest=largest,
    )


@dataclass
class Bar:
    label: str
    value: int
    y: int  # top of the bar, in the chart's units
    width: float  # of BAR_SPACE
    is_year: bool = False


CHART_WIDTH = 640
LABEL_SPACE = 220  # left of the bars: the metric's name
BAR_SPACE = 360  # the longest bar; its value is written after it
ROW = 26


def chart(table: Results) -> tuple[list[Bar], int]:
    """The bars of the results chart (an SVG drawn by the template, no script): per year a
    heading and one bar per metric, lengths proportional to the largest value. Its height."""
    labels = metric_labels()
    bars, y = [], 0
    for row in table.years:
        bars.append(Bar(str(row.year), 0, y, 0, is_year=True))
        y += ROW
        for metric in METRICS:
            value = getattr(row, metric)
            width = BAR_SPACE * value / table.largest if table.largest else 0
            bars.append(Bar(labels[metric], value, y, round(width, 1)))
            y += ROW
        y += ROW // 2
    return bars, y


def records(language: str) -> list[dict]:
    return [asdict(row) for row in results(language).rows]


def download(fmt: str, language: str) -> HttpResponse:
    rows = records(language)
    columns = ["year", "sector", "sector_name", *METRICS]
    name = "pact-results"
    if fmt == "json":
        body = {
            "licence": LICENCE_URL,
            "generated": timezone.now().isoformat(timespec="seconds"),
            "rows": rows,
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False, indent=2), content_type="application/json"
        )
    elif fmt == "csv":
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "results"
        sheet.append(columns)
        for row in rows:
            sheet.append([row[column] for column in columns])
        data = io.BytesIO()
        workbook.save(data)
        response = HttpResponse(
            data.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
