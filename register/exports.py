"""Exports of the register listing: the same filters, every public field. CSV and JSON are the
stable machine formats (codes, ISO dates); the XLSX is the same table made for people."""

import csv
import datetime
import io
import itertools
import json
import logging
import tempfile
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace

from django.db.models import F, FloatField, Value
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from infrastructure.plain_answers import plain_answer

from .filters import RegisterFilters
from .models.cooperatives import Cooperative
from .schema import EXPORT, Reading, shape
from .schema import FIELDS as SCHEMA
from .status_explanation import (
    LATEST_NOTE,
    LATEST_NOTE_EN,
    explain_status,
    latest_note,
    with_latest_note,
)
from .term_ids import parse_ids, with_term_ids
from .vocabulary import Vocabulary

# Stable column names, in their order (register.schema.EXPORT): documented for reuse, never
# renamed.
COLUMNS = list(EXPORT)
CHUNK = 200
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What makes a spreadsheet program read a cell as a formula (or, for tab and carriage
# return, hide what comes first), in a CSV file opened in it or a cell typed over.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

logger = logging.getLogger(__name__)


# The columns read from the database: plain values in one query (sector and area ids
# aggregated with each row), no model instances; an export of 10,000 rows takes a second.
# What the fields read, and what the status and the page's address are worked out from.
READ_BY_FIELDS = {column for name in EXPORT for column in SCHEMA[name].columns}
FIELDS = [
    *sorted(READ_BY_FIELDS | {"certification_kind", "certified_until", "certification_date"}),
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


@contextmanager
def _rows(request: HttpRequest, register_page) -> Iterator[Iterator[dict]]:
    # Everything that can fail runs on entering, before the first row is written.
    # The search by words (a search service that is down gives a clear 503) and the check
    # that every row's sectors and areas are in the vocabulary: a row that cannot be written
    # would otherwise end the stream half-way, with a success status already sent.
    vocabulary = Vocabulary()
    filters = RegisterFilters(request.GET, vocabulary)
    selected = filters.narrowed(without={"sort"})
    _check_terms(selected, vocabulary.sectors_by_id, vocabulary.areas_by_id)
    if "distance_km" in selected.query.annotations:
        # Near a comune: nearest first, as the listing (register.filters.filter_near).
        ordered = selected.order_by(F("distance_km").asc(nulls_last=True), "name", "pk")
    else:
        ordered = selected.annotate(distance_km=Value(None, FloatField())).order_by("name", "pk")
    queryset = with_latest_note(with_term_ids(ordered))
    today = timezone.localdate()
    base = request.build_absolute_uri(register_page.get_url(request))
    values = queryset.values(*FIELDS).iterator(chunk_size=CHUNK)
    try:
        yield (_row(row, vocabulary, today, base) for row in values)
    finally:
        # A file that fails half-way closes PostgreSQL's cursor now: left to the garbage
        # collector, its CLOSE could come in another transaction, which it would break.
        values.close()


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


def spreadsheet_safe(value: str) -> str:
    """Text a spreadsheet shows as it is, never runs: a value that starts like a formula
    ("=HYPERLINK(…)", "+1", "@SUM") gets a leading apostrophe, as OWASP advises for CSV
    files; for text others typed (a visitor's list), in every downloaded table."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def text_cell(sheet, value: str) -> WriteOnlyCell:
    """A cell that holds `value` as text: openpyxl stores any string that starts with "=" as
    a formula, which a name or a description typed so must never become in a workbook."""
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell


def iso(date: datetime.date | None) -> str:
    return ExportDate(date) if date else ""


def _row(values: dict, vocabulary: Vocabulary, today: datetime.date, base: str) -> dict:
    row = SimpleNamespace(**values)
    reading = Reading(
        record=row,
        explanation=explain_status(
            row.certification_kind,
            row.certified_until,
            row.certification_date,
            latest_note(values),
            today,
        ),
        today=today,
        sectors=vocabulary.sectors_among(parse_ids(row.sector_ids)),
        areas=vocabulary.areas_among(parse_ids(row.area_ids)),
        url=f"{base}{row.slug}/",
    )
    values = shape(EXPORT, reading)
    return {name: values[name] if write is None else write(values[name]) for name, write in WRITERS}


def _codes(terms: list[dict]) -> str:
    return ";".join(term["code"] for term in terms)


def _or_empty(value):
    return "" if value is None else value


def _writer(field_type) -> Callable | None:
    """How the machine formats write a value of this type: dates as YYYY-MM-DD, lists of terms
    as their codes separated by semicolons, nothing as an empty string; None: as it is."""
    if typing.get_origin(field_type) is list:
        return _codes
    options = typing.get_args(field_type) if typing.get_origin(field_type) else (field_type,)
    if datetime.date in options:
        return iso
    if type(None) in options:
        return _or_empty
    return None


# Worked out once: an export writes every column of thousands of rows.
WRITERS = [(name, _writer(SCHEMA[name].type)) for name in EXPORT]


def _filename(extension: str) -> str:
    return f"registro-impact-{timezone.localdate().isoformat()}.{extension}"


def whole_file(
    request: HttpRequest, filename: str, content_type: str, write, *, as_attachment: bool = True
) -> HttpResponse:
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
        spool, as_attachment=as_attachment, filename=filename, content_type=content_type
    )


def export_csv(request: HttpRequest, register_page) -> HttpResponse:
    """RFC 4180 CSV in UTF-8 (with a BOM, so spreadsheet programs read the accents)."""

    def write(spool) -> None:
        with _rows(request, register_page) as rows:
            text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
            text.write("\ufeff")
            writer = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows)
            text.flush()
            text.detach()  # the file stays open for the answer

    return whole_file(request, _filename("csv"), "text/csv; charset=utf-8", write)


def export_json(request: HttpRequest, register_page) -> HttpResponse:
    def write(spool) -> None:
        with _rows(request, register_page) as rows:
            text = io.TextIOWrapper(spool, encoding="utf-8")
            text.write('{"columns": ' + json.dumps(COLUMNS) + ', "cooperatives": [')
            for index, row in enumerate(rows):
                text.write(("," if index else "") + json.dumps(row, ensure_ascii=False))
            text.write("]}")
            text.flush()
            text.detach()

    return whole_file(
        request, _filename("json"), "application/json; charset=utf-8", write, as_attachment=False
    )


# The spreadsheet is for people: the same columns as the machine formats, in the same order,
# with headings, statuses and names in the visitor's language and real dates. Everything
# below is driven by COLUMNS and by the values of each row: a column gets its heading from the
# schema (register.schema), date cells for a date, and a width from its values.
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
    return SCHEMA[column].heading


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

    shown = {name: label_of(SCHEMA[name].choices) for name in EXPORT if SCHEMA[name].choices}
    return {
        **shown,
        "sectors": names_of(vocabulary.sectors_by_code),
        "areas": names_of(vocabulary.areas_by_code),
    }


def export_xlsx(request: HttpRequest, register_page) -> HttpResponse:
    """A write-only workbook: memory stays flat however long the list."""

    def write(spool) -> None:
        with _rows(request, register_page) as rows:
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
                    if isinstance(value, str) and value.startswith("="):
                        value = text_cell(sheet, value)
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

    return whole_file(request, _filename("xlsx"), XLSX_TYPE, write)


def _width(value) -> int:
    if isinstance(value, Cell):
        return DATE_WIDTH
    return 0 if value is None else len(str(value))
