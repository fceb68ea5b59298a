"""The yearly figures as open data: one row per public cooperative and year, the same in the
downloads (CSV, XLSX, JSON), the API and the data dictionary on the register's open-data page.
Under the register's licence."""

import csv
import io
import json
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from register.exports import spreadsheet_safe
from register.open_data import LICENCE_URL

from .models import YearlyFigures

FORMATS = ("csv", "xlsx", "json")


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str | Promise
    example: str


COLUMNS = (
    Column("vat_number", _("The cooperative's VAT number (11 digits)."), "01234567890"),
    Column("name", _("The cooperative's name."), "Cooperativa Sociale Il Ponte"),
    Column("year", _("The year the figures refer to."), "2024"),
    Column(
        "value_of_production",
        _("Value of production in euro, from the accounts; empty when not declared."),
        "1275600.00",
    ),
    Column("employees", _("People employed at the end of the year."), "44"),
    Column(
        "permanent_employees", _("Of the people employed, those with a permanent contract."), "35"
    ),
    Column("members", _("Members of the cooperative."), "30"),
    Column(
        "disadvantaged_workers",
        _("Disadvantaged workers among the people employed (law 381/1991, art. 4)."),
        "16",
    ),
    Column(
        "disabled_workers",
        _("Of the disadvantaged workers, those disabled under law 68/1999."),
        "7",
    ),
    Column(
        "other_disadvantaged_workers",
        _("The other disadvantaged workers (law 381/1991): with the disabled, the total."),
        "9",
    ),
    Column(
        "placed_art14",
        _("People placed through conventions with companies under art. 14 of d.lgs. 276/2003."),
        "2",
    ),
    Column(
        "placed_art5",
        _("People placed through conventions under art. 5 of law 381/1991."),
        "1",
    ),
    Column("training_hours", _("Hours of training given to the workers in the year."), "480"),
    Column(
        "source",
        _("Where the figures come from, as the cooperative declared it."),
        "bilancio sociale 2024",
    ),
    Column("declared_on", _("The date the figures were declared (YYYY-MM-DD)."), "2025-05-15"),
)
NAMES = [column.name for column in COLUMNS]
TEXT = {"vat_number", "name", "source"}


def records(year: int | None = None) -> list[dict]:
    """The rows of the open data, by cooperative name then year: one query."""
    rows = YearlyFigures.objects.public().select_related("cooperative")
    if year is not None:
        rows = rows.filter(year=year)
    return [
        {
            "vat_number": row.cooperative.vat_number,
            "name": row.cooperative.name,
            "year": row.year,
            "value_of_production": (
                None if row.value_of_production is None else f"{row.value_of_production:.2f}"
            ),
            **{name: getattr(row, name) for name in NAMES[4:-2]},
            "source": row.source,
            "declared_on": row.declared_on.isoformat(),
        }
        for row in rows.order_by("cooperative__name", "cooperative__vat_number", "year")
    ]


def download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    rows = records()
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
        writer = csv.DictWriter(text, fieldnames=NAMES, lineterminator="\n")
        writer.writeheader()
        writer.writerows(_safe(row) for row in rows)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "yearly figures"
        sheet.append(NAMES)
        for row in rows:
            sheet.append([_cell(name, row[name]) for name in NAMES])
        data = io.BytesIO()
        workbook.save(data)
        response = HttpResponse(
            data.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="yearly-figures.{fmt}"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


def _safe(row: dict) -> dict:
    # What a manager typed (the name, the source) never runs as a formula in a spreadsheet.
    return {name: spreadsheet_safe(value) if name in TEXT else value for name, value in row.items()}


def _cell(name: str, value):
    if name in TEXT:
        return spreadsheet_safe(value)
    if name == "value_of_production" and value is not None:
        return float(value)
    return value
