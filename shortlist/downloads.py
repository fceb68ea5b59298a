"""The shortlist as a file (own or shared): CSV, XLSX and PDF with the page's columns
(shortlist.columns), in the visitor's language, written whole before the answer (with its
length), text cells neutralised against formulas, the PDF tagged (PDF/UA-1) with the site's
fonts, as the register's exports and attestation are."""

import csv
import datetime
import io
import logging

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from infrastructure.plain_answers import plain_answer
from register.attestation import render_pdf
from register.exports import XLSX_TYPE, date_formats, spreadsheet_safe, whole_file
from register.presentation import MARK_NAME

from . import columns
from .records import Entry

logger = logging.getLogger(__name__)

FORMATS = ("csv", "xlsx", "pdf")


def filename(extension: str) -> str:
    # "selezione-impact-2026-12-04.csv", the first word in the visitor's language.
    word = _("shortlist")
    return f"{word}-impact-{timezone.localdate().isoformat()}.{extension}"


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return spreadsheet_safe(value) if isinstance(value, str) else str(value)


def as_csv(request: HttpRequest, entries: list[Entry]) -> HttpResponse:
    table = columns.rows(entries, request.build_absolute_uri)

    def write(spool) -> None:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        text.write("\ufeff")  # a BOM, so that Excel reads UTF-8
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(columns.headings())
        for line in table:
            writer.writerow([_csv_value(value) for value in line])
        text.flush()
        text.detach()  # the file stays open for the answer

    return whole_file(request, filename("csv"), "text/csv; charset=utf-8", write)


def as_xlsx(request: HttpRequest, entries: list[Entry]) -> HttpResponse:
    table = columns.rows(entries, request.build_absolute_uri)
    headings = columns.headings()

    def write(spool) -> None:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Shortlist"))
        excel_date = date_formats()[0]
        for index, heading in enumerate(headings):
            widest = max([len(heading), *(len(str(line[index] or "")) for line in table)])
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(widest + 2, 60)
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for heading in headings:
            cell = WriteOnlyCell(sheet, heading)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for line in table:
            cells = []
            for value in line:
                if isinstance(value, datetime.date):
                    cell = WriteOnlyCell(sheet, value)
                    cell.number_format = excel_date
                    cells.append(cell)
                elif isinstance(value, str):
                    cells.append(spreadsheet_safe(value) if value else None)
                else:
                    cells.append(value)
            sheet.append(cells)
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headings))}{len(table) + 1}"
        workbook.save(spool)

    return whole_file(request, filename("xlsx"), XLSX_TYPE, write)


def as_pdf(request: HttpRequest, entries: list[Entry]) -> HttpResponse:
    moment = timezone.localtime()
    table = columns.rows(entries, request.build_absolute_uri)
    context = {
        "language": translation.get_language(),
        "mark_name": MARK_NAME,
        "headings": columns.headings(),
        "table": table,
        "dates": [columns.is_date(value) for value in (table[0] if table else [])],
        "moment": moment,
        "moment_text": f"{date_format(moment, 'DATE_FORMAT')}, {moment:%H:%M}",
    }
    html = render_to_string("shortlist/pdf.html", context)
    try:
        pdf = render_pdf(html, request.build_absolute_uri("/"))
    except Exception:
        # No file rather than part of one; the other formats still work.
        logger.exception("Shortlist PDF %s could not be made", request.path)
        return plain_answer(
            request,
            status=503,
            template="register/export_unavailable.html",
            detail=lambda: _("The export is not available right now. Try again later."),
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename("pdf")}"'
    response["Content-Length"] = str(len(pdf))
    return response


WRITERS = {"csv": as_csv, "xlsx": as_xlsx, "pdf": as_pdf}


def download(request: HttpRequest, entries: list[Entry], extension: str) -> HttpResponse:
    response = WRITERS[extension](request, entries)
    # Dated to the minute and personal: no cache keeps it.
    response["Cache-Control"] = "no-store"
    return response
