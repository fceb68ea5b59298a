"""Exports of the register listing: the same filters, every public field. CSV and JSON are the
stable machine formats (codes, ISO dates); the XLSX is the same table made for people."""

import csv
import datetime
import io
import itertools
import json
import logging
import tempfile
from collections.abc import Callable, Iterator

from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from home.plain_answers import plain_answer

from .filters import RegisterFilters
from .models.cooperatives import Cooperative, LegalForm
from .models.events import EventKind, Status
from .status_explanation import (
    LATEST_NOTE,
    LATEST_NOTE_EN,
    explain_status,
    latest_note,
    status_fields,
    with_latest_note,
)
from .term_ids import parse_ids, with_term_ids
from .vocabulary import Vocabulary

# Stable column names: documented for reuse, never renamed.
COLUMNS = [
    "name",
    "vat_number",
    "fiscal_code",
    "certificate_number",
    "status",
    "status_as_of",
    "status_label",
    "status_since",
    "status_explanation",
    "status_note",
    "first_certified_on",
    "valid_until",
    "latest_event",
    "latest_event_on",
    "legal_form",
    "albo_number",
    "rea_number",
    "sectors",
    "areas",
    "street",
    "postcode",
    "comune",
    "province",
    "website",
    "email",
    "phone",
    "workers",
    "members",
    "disadvantaged_workers",
    "url",
]
CHUNK = 200

logger = logging.getLogger(__name__)


# The columns read from the database: plain values in one query (sector and area ids
# aggregated with each row), no model instances; an export of 10,000 rows takes a second.
FIELDS = [
    "name",
    "vat_number",
    "fiscal_code",
    "certificate_number",
    "first_certified_on",
    "certified_until",
    "certification_kind",
    "certification_date",
    "legal_form",
    "albo_number",
    "rea_number",
    "street",
    "postcode",
    "comune",
    "province",
    "website",
    "email",
    "phone",
    "workers",
    "members",
    "disadvantaged_workers",
    "slug",
    "sector_ids",
    "area_ids",
    LATEST_NOTE,
    LATEST_NOTE_EN,
]


class ExportDate(str):
    """A date as the machine formats write it (YYYY-MM-DD) that the spreadsheet still knows
    as a date: any column built with `iso()` becomes a date cell with no further edit."""

    date: datetime.date

    def __new__(cls, value: datetime.date) -> "ExportDate":
        text = super().__new__(cls, value.isoformat())
        text.date = value
        return text


class ExportUnavailable(Exception):
    """The rows cannot all be written: nothing is sent rather than part of a file."""


def _rows(request: HttpRequest, register_page) -> Iterator[dict]:
    # Not a generator itself: everything that can fail runs here, before the answer starts.
    # The search by words (a search service that is down gives a clear 503) and the check
    # that every row's sectors and areas are in the vocabulary: a row that cannot be written
    # would otherwise end the stream half-way, with a success status already sent.
    vocabulary = Vocabulary()
    selected = RegisterFilters(request.GET, vocabulary).narrowed(without={"sort"})
    sectors = _codes_in_order(vocabulary.sectors)
    areas = _codes_in_order(vocabulary.areas_by_id.values())
    _check_terms(selected, sectors, areas)
    queryset = with_latest_note(with_term_ids(selected.order_by("name", "pk")))
    today = timezone.localdate()
    base = request.build_absolute_uri(register_page.get_url(request))
    return (
        _row(values, sectors, areas, today, base)
        for values in queryset.values(*FIELDS).iterator(chunk_size=CHUNK)
    )


def _check_terms(selected, sectors: dict, areas: dict) -> None:
    """Raise ExportUnavailable if a selected row has a sector or area outside the vocabulary
    (a term of another language, written around the model's validation): two small queries."""
    for through, column, known in (
        (Cooperative.sectors.through, "sector_id", sectors),
        (Cooperative.areas.through, "area_id", areas),
    ):
        unknown = (
            through.objects.filter(cooperative_id__in=selected.values("pk"))
            .exclude(**{f"{column}__in": list(known)})
            .values_list("cooperative_id", column)[:10]
        )
        if unknown := list(unknown):
            raise ExportUnavailable(
                f"{through._meta.db_table}: (cooperative, term) {unknown} point outside the "
                "vocabulary; run `manage.py check_register_data --repair`"
            )


def _codes_in_order(terms) -> dict[int, tuple[int, str]]:
    """id → (position in the vocabulary, code): codes are listed in the vocabulary's order."""
    return {term.id: (position, term.code) for position, term in enumerate(terms)}


def _joined_codes(ids: str | None, codes: dict[int, tuple[int, str]]) -> str:
    return ";".join(code for _position, code in sorted(codes[i] for i in parse_ids(ids)))


def iso(date: datetime.date | None) -> str:
    return ExportDate(date) if date else ""


def _row(values: dict, sectors: dict, areas: dict, today, base: str) -> dict:
    def number(value):
        return "" if value is None else value

    kind = values["certification_kind"]
    explanation = explain_status(
        kind, values["certified_until"], values["certification_date"], latest_note(values), today
    )
    explained = status_fields(explanation)
    return {
        "name": values["name"],
        "vat_number": f"IT{values['vat_number']}",
        "fiscal_code": values["fiscal_code"],
        "certificate_number": values["certificate_number"],
        "status": explanation.status.value,
        "status_as_of": iso(today),
        **explained,
        "status_since": iso(explained["status_since"]),
        "first_certified_on": iso(values["first_certified_on"]),
        "valid_until": iso(values["certified_until"]),
        "latest_event": kind or "",
        "latest_event_on": iso(values["certification_date"]),
        "legal_form": values["legal_form"],
        "albo_number": values["albo_number"],
        "rea_number": values["rea_number"],
        "sectors": _joined_codes(values["sector_ids"], sectors),
        "areas": _joined_codes(values["area_ids"], areas),
        "street": values["street"],
        "postcode": values["postcode"],
        "comune": values["comune"],
        "province": values["province"],
        "website": values["website"],
        "email": values["email"],
        "phone": values["phone"],
        "workers": number(values["workers"]),
        "members": number(values["members"]),
        "disadvantaged_workers": number(values["disadvantaged_workers"]),
        "url": f"{base}{values['slug']}/",
    }


def _filename(extension: str) -> str:
    return f"registro-impact-{timezone.localdate().isoformat()}.{extension}"


def _whole_file(request: HttpRequest, extension: str, content_type: str, write) -> HttpResponse:
    """Write the whole file before the first byte is sent, in a temporary file (memory stays
    flat however long the list), and send it with its length: a file that cannot be completed
    is a clear error answer, never a truncated file with a success status, and any client or
    proxy can tell a transfer cut short from a complete one."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it once sent
    try:
        write(spool)
    except ExportUnavailable as error:
        spool.close()
        logger.error("Export %s refused: %s", request.get_full_path(), error)
        return plain_answer(
            request,
            status=503,
            template="register/export_unavailable.html",
            detail=lambda: gettext("The export is not available right now. Try again later."),
        )
    except BaseException:
        spool.close()
        logger.exception("Export %s failed while being written", request.get_full_path())
        raise
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=extension != "json",
        filename=_filename(extension),
        content_type=content_type,
    )


def export_csv(request: HttpRequest, register_page) -> HttpResponse:
    """RFC 4180 CSV in UTF-8 (with a BOM, so spreadsheet programs read the accents)."""

    def write(spool) -> None:
        rows = _rows(request, register_page)
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        text.write("\ufeff")
        writer = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        text.flush()
        text.detach()  # the file stays open for the answer

    return _whole_file(request, "csv", "text/csv; charset=utf-8", write)


def export_json(request: HttpRequest, register_page) -> HttpResponse:
    def write(spool) -> None:
        rows = _rows(request, register_page)
        text = io.TextIOWrapper(spool, encoding="utf-8")
        text.write('{"columns": ' + json.dumps(COLUMNS) + ', "cooperatives": [')
        for index, row in enumerate(rows):
            text.write(("," if index else "") + json.dumps(row, ensure_ascii=False))
        text.write("]}")
        text.flush()
        text.detach()

    return _whole_file(request, "json", "application/json; charset=utf-8", write)


# The spreadsheet is for people: the same columns as the machine formats, in the same order,
# with headings, statuses and names in the visitor's language and real dates. Everything
# below is driven by COLUMNS and by the values of each row: a new column gets a heading from
# LABELS (or its name), date cells if `_row` builds it with `iso()`, and a width from its values.
LABELS = {
    "name": _("Name"),
    "vat_number": _("VAT number"),
    "fiscal_code": _("Fiscal code"),
    "certificate_number": _("Certificate number"),
    "status": _("Status"),
    "status_as_of": _("Status as of"),
    "first_certified_on": _("First issued on"),
    "valid_until": _("Valid until"),
    "latest_event": _("Latest event"),
    "latest_event_on": _("Latest event on"),
    "legal_form": _("Legal form"),
    "albo_number": _("Albo number"),
    "rea_number": _("REA number"),
    "sectors": _("Sectors"),
    "areas": _("Areas served"),
    "street": _("Street address"),
    "postcode": _("Postcode"),
    "comune": _("Municipality"),
    "province": _("Province"),
    "website": _("Website"),
    "email": _("E-mail"),
    "phone": _("Phone"),
    "workers": _("Workers"),
    "members": _("Members"),
    "disadvantaged_workers": _("Disadvantaged workers"),
    "url": _("Page in the register"),
}
# Dates in the spreadsheet, by language: Excel's number format, and the same in Django's
# notation for the data dictionary's examples.
DATE_FORMATS = {"it": ("dd/mm/yyyy", "d/m/Y"), "en": ("d mmm yyyy", "j M Y")}
DEFAULT_DATE_FORMAT = ("yyyy-mm-dd", "Y-m-d")
DATE_WIDTH = 12
MAX_WIDTH = 60
NAMES_SEPARATOR = "; "


def date_formats() -> tuple[str, str]:
    """(Excel, Django) formats of the spreadsheet's dates in the active language."""
    return DATE_FORMATS.get(translation.get_language(), DEFAULT_DATE_FORMAT)


def column_label(column: str) -> str:
    """The spreadsheet's heading of a column, in the active language."""
    label = LABELS.get(column)
    return capfirst(str(label)) if label else capfirst(column.replace("_", " "))


def people_values(vocabulary: Vocabulary) -> dict[str, Callable[[str], str]]:
    """For the columns holding codes, what a person reads instead: labels and names in the
    active language. Columns not named here are shown as they are."""

    def label_of(choices) -> Callable[[str], str]:
        labels = {value: str(label) for value, label in choices.choices}
        return lambda code: labels.get(code, code)

    def names_of(terms: dict) -> Callable[[str], str]:
        return lambda codes: NAMES_SEPARATOR.join(
            terms[code].name if code in terms else code for code in codes.split(";") if code
        )

    return {
        "status": label_of(Status),
        "latest_event": label_of(EventKind),
        "legal_form": label_of(LegalForm),
        "sectors": names_of(vocabulary.sectors_by_code),
        "areas": names_of(vocabulary.areas_by_code),
    }


def export_xlsx(request: HttpRequest, register_page) -> HttpResponse:
    """A write-only workbook: memory stays flat however long the list."""

    def write(spool) -> None:
        rows = _rows(request, register_page)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(gettext("Impact register"))
        date_format = date_formats()[0]
        shown = people_values(Vocabulary())
        convert = [shown.get(column) for column in COLUMNS]

        def cells(row: dict) -> list:
            line = []
            for column, to_text in zip(COLUMNS, convert, strict=True):
                value = row[column]
                if isinstance(value, ExportDate):
                    cell = WriteOnlyCell(sheet, value.date)
                    cell.number_format = date_format
                    value = cell
                elif value == "":
                    value = None  # an empty cell, which the filter lists as "(blanks)"
                elif to_text is not None:
                    value = to_text(value)
                line.append(value)
            return line

        # The widths must be set before the first row: measured on the first rows.
        first = [cells(row) for row in itertools.islice(rows, CHUNK)]
        headings = [column_label(column) for column in COLUMNS]
        for index, heading in enumerate(headings):
            values = [line[index] for line in first]
            widest = max([len(heading), *(_width(value) for value in values)])
            letter = get_column_letter(index + 1)
            sheet.column_dimensions[letter].width = min(widest + 2, MAX_WIDTH)
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for heading in headings:
            cell = WriteOnlyCell(sheet, heading)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        count = 0
        for line in itertools.chain(first, (cells(row) for row in rows)):
            sheet.append(line)
            count += 1
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
        workbook.save(spool)

    return _whole_file(
        request,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        write,
    )


def _width(value) -> int:
    if isinstance(value, Cell):
        return DATE_WIDTH
    return 0 if value is None else len(str(value))
