"""Bulk verification: a buyer's list of suppliers, pasted or uploaded as a CSV or XLSX file,
checked against the register in one go (`/it/registro/verifica-elenco/`). Each line gets the
answer the verification of one number gives (register.verification.verify_all: the same
status rule, the same outcomes, every number looked up once, all in one query), shown as a
table and downloadable as CSV or XLSX.

Nothing the visitor sends is kept. An upload is refused by its size before it is read; one
within MAX_UPLOAD_BYTES is read in memory (Django keeps uploads below
FILE_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB, in memory too), and a larger one, which Django has
spooled to a temporary file, is closed, which deletes that file, when the request ends
(HttpRequest.close()). Nothing is written to MEDIA_ROOT or the database.
"""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .exports import XLSX_TYPE, date_formats, spreadsheet_safe, whole_file
from .file_types import ZIP_SIGNATURE, describe_binary
from .models.events import PUBLIC_STATUSES, Status
from .numbers import VAT, VAT_LENGTH, read_number, vat_digits
from .schema import FIELDS
from .verification import BULK_LIMIT, Verification, over_bulk_limit, verify_all

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# An .xlsx is compressed: what its parts may hold once unpacked (a "zip bomb" is refused).
MAX_UNPACKED_BYTES = 32 * 1024 * 1024
# Rows looked at to tell which column holds the numbers, and the CSV's delimiter.
SAMPLE_ROWS = 50
DELIMITERS = (";", ",", "\t")
# A number a spreadsheet stored as a number has lost its leading zeros: a VAT number of 8 to
# 10 digits gets them back (a shorter number, like a row count, is no VAT number anyway).
PADDED_MIN_DIGITS = 8
# Headings of a column of VAT or certificate numbers, compared without case, accents, spaces
# or punctuation ("P. IVA" is "piva"); the schema's own headings are added in each language.
HEADINGS = {
    "partitaiva",
    "piva",
    "vat",
    "vatno",
    "vatid",
    "vatcode",
    "vatnumber",
    "certificato",
    "ncertificato",
    "numerocertificato",
    "numerodicertificato",
    "certificate",
    "certificateno",
    "certificatenumber",
}
HEADING_STARTS = ("partitaiva", "vatnumber", "numerocertificato", "certificatenumber")


class ListProblem(Exception):
    """The list cannot be checked; the message says why, for the field it came from."""


@dataclass
class ReadList:
    values: list[str]  # as given, one per line of the list
    source: str  # where they were read, in words


# Reading the list --------------------------------------------------------------------------


def pasted_list(text: str) -> ReadList:
    values = [line for line in text.splitlines() if line.strip()]
    if not values:
        raise ListProblem(_("Paste at least one VAT or certificate number, or choose a file."))
    if len(values) > BULK_LIMIT:
        raise ListProblem(over_bulk_limit(len(values)))
    source = ngettext(
        "Read from the text you pasted: %(count)s line.",
        "Read from the text you pasted: %(count)s lines.",
        len(values),
    ) % {"count": len(values)}
    return ReadList(values, source)


def uploaded_list(upload: UploadedFile) -> ReadList:
    # Refused by the size Django measured while receiving it, before a byte is read.
    if upload.size > MAX_UPLOAD_BYTES:
        raise ListProblem(
            _(
                "The file is %(size)s; at most %(limit)s can be read. Keep only the column of "
                "numbers, or paste them."
            )
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)}
        )
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if not data.strip():
        raise ListProblem(_("The file is empty."))
    name = (upload.name or "")[-80:]
    if name.lower().endswith(".xlsx") or data.startswith(ZIP_SIGNATURE):
        sheet, rows = _xlsx_rows(data)
    elif name.lower().endswith((".xls", ".ods", ".numbers")):
        raise ListProblem(
            _("This format is not supported: save the sheet as .xlsx or as “CSV UTF-8”.")
        )
    else:
        sheet, rows = None, _csv_rows(data)
    return _column_list(rows, name, sheet)


def _binary() -> ListProblem:
    return ListProblem(_("This is a binary file, not a CSV file. Upload a .csv or .xlsx file."))


def _decoded(data: bytes) -> str:
    """The text of a CSV file in any of the encodings spreadsheet programs save it in:
    UTF-8 (with or without a BOM), UTF-16 ("Unicode text"), else Windows-1252 / Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _binary() from None
    elif b"\x00" in data:
        raise _binary()
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:  # five bytes cp1252 leaves undefined
                text = data.decode("latin-1")
    sample = text[:8192]
    controls = sum(
        1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\r\n"
    )
    if "\x00" in text or controls * 100 > len(sample):
        raise _binary()
    return text


def _delimiter(text: str) -> str:
    """The delimiter that cuts the first lines into the most columns, the same number on
    (nearly) every line; a file of one column has none, and reads the same with any."""
    lines = [line for line in text[:65536].splitlines()[:SAMPLE_ROWS] if line.strip()]
    best, widest = ",", 1
    for delimiter in DELIMITERS:
        widths = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter))
        width, lines_of_that_width = widths.most_common(1)[0] if widths else (1, 0)
        if lines_of_that_width * 5 >= len(lines) * 4 and width > widest:
            best, widest = delimiter, width
    return best


def _csv_rows(data: bytes) -> list[list[Any]]:
    if kind := describe_binary(data):
        raise ListProblem(
            _("This is not a CSV file (it looks like %(kind)s). Upload a .csv or .xlsx file.")
            % {"kind": kind}
        )
    text = _decoded(data)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as error:
        raise ListProblem(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None


def _xlsx_rows(data: bytes) -> tuple[str, list[list[Any]]]:
    """The first sheet's title and rows. Formulas are read as their text, never evaluated
    (data_only=False): a cell "=HYPERLINK(…)" is that text, which is no number."""
    import openpyxl

    if not data.startswith(ZIP_SIGNATURE):
        kind = describe_binary(data)
        raise ListProblem(
            _("This is not an Excel .xlsx file (it looks like %(kind)s).") % {"kind": kind}
            if kind
            else _("This is not an Excel .xlsx file.")
        )
    cannot_open = _("This file cannot be opened as an Excel .xlsx workbook.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ListProblem(cannot_open) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ListProblem(
            _(
                "This workbook holds %(size)s once unpacked; at most %(limit)s can be read. Keep "
                "only the column of numbers."
            )
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(MAX_UNPACKED_BYTES)}
        )
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on damaged parts
        raise ListProblem(cannot_open) from None
    try:
        if not workbook.worksheets:
            raise ListProblem(_("The workbook has no sheets."))
        sheet = workbook.worksheets[0]
        rows = [list(values) for values in sheet.iter_rows(values_only=True)]
        return sheet.title, rows
    except ListProblem:
        raise
    except Exception:
        raise ListProblem(_("The first sheet of this workbook cannot be read.")) from None
    finally:
        workbook.close()


def _text(value: Any) -> str:
    """A cell as text: a whole number without '.0', a date as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def _number_text(value: Any) -> tuple[str, bool]:
    """A cell of the numbers' column as text, and whether its leading zeros were restored."""
    text = _text(value)
    stored_as_number = isinstance(value, int | float) and not isinstance(value, bool)
    if stored_as_number and text.isdigit() and PADDED_MIN_DIGITS <= len(text) < VAT_LENGTH:
        return text.zfill(VAT_LENGTH), True
    return text, False


def _key(heading: str) -> str:
    plain = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


@cache
def _known_headings() -> frozenset[str]:
    """HEADINGS and the register's own headings in every language (its exports' and this
    page's downloads), so that a file the register gave can be checked again."""
    known = set(HEADINGS)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            known |= {_key(FIELDS[name].heading) for name in ("vat_number", "certificate_number")}
            known.add(_key(str(NUMBER_HEADING)))
    return frozenset(known)


def _is_heading(text: str) -> bool:
    key = _key(text)
    return bool(key) and (key in _known_headings() or key.startswith(HEADING_STARTS))


def looks_like_number(text: str) -> bool:
    """Shaped like a VAT number, or a certificate number with as many digits as letters:
    what a column of numbers holds, unlike one of names or addresses."""
    digits = vat_digits(text)
    if digits is not None:
        return 9 <= len(digits) <= 13
    number = read_number(text)
    characters = [char for char in number.value if char.isalnum()]
    count = sum(char.isdigit() for char in characters)
    return number.is_valid and count >= 3 and count * 2 >= len(characters)


def _cell(row: list, index: int) -> Any:
    return row[index] if index < len(row) else None


def _choose_column(rows: list[list[Any]]) -> tuple[int, bool, bool]:
    """(the column, whether the first row is a heading, whether the column was found by its
    heading): the first column with a known heading, else the first whose values mostly look
    like numbers."""
    header = rows[0]
    for index, cell in enumerate(header):
        if _is_heading(_text(cell)):
            return index, True, True
    sample = rows[: SAMPLE_ROWS + 1]
    for index in range(max(len(row) for row in sample)):
        texts = [_number_text(_cell(row, index))[0] for row in sample]
        looks = [looks_like_number(text) for text in texts if text.strip()]
        if looks and sum(looks) * 2 >= len(looks):
            return index, not looks_like_number(_number_text(_cell(header, index))[0]), False
    shown = ", ".join(f"“{_text(cell)[:30]}”" for cell in header[:8] if _text(cell).strip())
    raise ListProblem(
        _(
            "No column of this file holds VAT or certificate numbers. Head that column "
            "“partita IVA” (or “certificato”), or put the numbers in the first column. The "
            "first row reads: %(columns)s."
        )
        % {"columns": shown or "—"}
    )


def _column_list(rows: list[list[Any]], filename: str, sheet: str | None) -> ReadList:
    rows = [row for row in rows if any(_text(cell).strip() for cell in row)]
    if not rows:
        raise ListProblem(_("The file is empty."))
    index, has_heading, by_heading = _choose_column(rows)
    values, padded = [], 0
    for row in rows[1:] if has_heading else rows:
        text, restored = _number_text(_cell(row, index))
        if text.strip():
            # One value a line: a cell's own line breaks would make two of it.
            values.append(" ".join(text.splitlines()))
            padded += restored
    heading = _text(_cell(rows[0], index)).strip()[:60] if has_heading else ""
    if not values:
        raise ListProblem(
            _("The column “%(heading)s” of this file holds no numbers.") % {"heading": heading}
        )
    if len(values) > BULK_LIMIT:
        raise ListProblem(over_bulk_limit(len(values)))
    facts = {
        "heading": heading,
        "letter": get_column_letter(index + 1),
        "file": filename,
        "sheet": sheet,
        "count": len(values),
    }
    source = _source(by_heading, sheet is not None, len(values)) % facts
    if padded:
        source += " " + ngettext(
            "%(count)s number the spreadsheet stored as a number had lost its leading zeros: "
            "they were put back.",
            "%(count)s numbers the spreadsheet stored as numbers had lost their leading zeros: "
            "they were put back.",
            padded,
        ) % {"count": padded}
    return ReadList(values, source)


def _source(by_heading: bool, is_workbook: bool, count: int) -> str:
    if by_heading and is_workbook:
        return ngettext(
            "Read the column “%(heading)s” (column %(letter)s) of the sheet “%(sheet)s” of "
            "%(file)s: %(count)s number.",
            "Read the column “%(heading)s” (column %(letter)s) of the sheet “%(sheet)s” of "
            "%(file)s: %(count)s numbers.",
            count,
        )
    if by_heading:
        return ngettext(
            "Read the column “%(heading)s” (column %(letter)s) of %(file)s: %(count)s number.",
            "Read the column “%(heading)s” (column %(letter)s) of %(file)s: %(count)s numbers.",
            count,
        )
    if is_workbook:
        return ngettext(
            "No column of the sheet “%(sheet)s” of %(file)s is headed “partita IVA” or "
            "“certificato”: read column %(letter)s, the first that holds numbers (%(count)s "
            "number).",
            "No column of the sheet “%(sheet)s” of %(file)s is headed “partita IVA” or "
            "“certificato”: read column %(letter)s, the first that holds numbers (%(count)s "
            "numbers).",
            count,
        )
    return ngettext(
        "No column of %(file)s is headed “partita IVA” or “certificato”: read column "
        "%(letter)s, the first that holds numbers (%(count)s number).",
        "No column of %(file)s is headed “partita IVA” or “certificato”: read column "
        "%(letter)s, the first that holds numbers (%(count)s numbers).",
        count,
    )


# The form ----------------------------------------------------------------------------------


class BulkVerificationForm(forms.Form):
    numbers = forms.CharField(
        label=gettext_lazy("VAT or certificate numbers, one a line"),
        help_text=gettext_lazy("Up to 500. Spaces, dots and the IT prefix make no difference."),
        required=False,
        strip=False,
        widget=forms.Textarea,
    )
    file = forms.FileField(
        label=gettext_lazy("Or a file (CSV or XLSX)"),
        help_text=gettext_lazy(
            "Up to 2 MB. The column headed “partita IVA”, “VAT number”, “certificato” or "
            "“certificate” is read, else the first column of numbers."
        ),
        required=False,
        error_messages={"empty": gettext_lazy("The file is empty.")},
    )
    # The same list again, answered as a file to download (csv, xlsx) instead of a page; any
    # other value is the page, since no field shows it to be corrected.
    format = forms.CharField(required=False)

    def __init__(self, *args, refused: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.refused = refused  # why Django refused the request before it could be read

    def clean(self) -> dict:
        data = super().clean()
        if self.refused:
            self.add_error("numbers", self.refused)
        if self.errors:
            return data
        numbers, upload = data.get("numbers") or "", data.get("file")
        try:
            if upload and numbers.strip():
                self.add_error(
                    "file",
                    _("You pasted numbers and chose a file: clear the numbers to read the file."),
                )
            elif upload:
                data["list"] = uploaded_list(upload)
            else:
                data["list"] = pasted_list(numbers)
        except ListProblem as problem:
            self.add_error("file" if upload else "numbers", str(problem))
        return data


# The answer --------------------------------------------------------------------------------

OUTCOME_LABELS = {
    "found": gettext_lazy("In the register"),
    "not_found": gettext_lazy("Not in the register"),
    "invalid_vat": gettext_lazy("Not a valid VAT number"),
    "invalid_certificate": gettext_lazy("Not a valid certificate number"),
    "too_long": gettext_lazy("Not a VAT or certificate number"),
    "empty": gettext_lazy("Not a VAT or certificate number"),
}
NUMBER_HEADING = gettext_lazy("VAT number or certificate number")


@dataclass
class Row:
    line: int  # its place in the list, from 1
    value: str  # as given
    result: Verification
    repeats: int | None = None  # the earlier line with the same number
    url: str | None = None  # the cooperative's page (active, suspended mark) or its verification
    badge: str = ""  # the status badge's HTML (register/includes/status_badge.html)

    @property
    def given(self) -> str:
        return self.result.query + ("…" if self.result.outcome == "too_long" else "")

    @property
    def number(self) -> str:
        number = self.result.number
        if number is None:
            return ""
        return f"IT{number.value}" if number.kind == VAT else number.value

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[self.result.outcome])

    @property
    def to_page(self) -> bool:
        return self.result.status in PUBLIC_STATUSES

    @property
    def link_context(self) -> str:
        """What the link's short text ("Page", "Answer") is about, for screen readers."""
        if self.to_page:
            return _("of %(name)s") % {"name": self.result.cooperative.name}
        return _("for %(number)s") % {"number": self.number}

    @property
    def note(self) -> str:
        notes = [self.result.message or ""]
        if self.result.explanation:
            notes.append(self.result.explanation.validity_note)
        if self.repeats:
            notes.append(_("The same number as line %(line)s.") % {"line": self.repeats})
        return " ".join(note for note in notes if note)


@dataclass
class Answer:
    rows: list[Row]
    source: str
    today: datetime.date

    @property
    def values(self) -> str:
        """The list as read, one value a line: carried by the download buttons' form."""
        return "\n".join(row.value for row in self.rows)

    @cached_property
    def summary(self) -> dict[str, int]:
        """Counts of the different numbers (a repeated line counts once)."""
        first = [row for row in self.rows if not row.repeats]
        statuses = Counter(row.result.status for row in first if row.result.cooperative)
        return {
            "lines": len(self.rows),
            "numbers": len(first),
            "repeated": len(self.rows) - len(first),
            "found": sum(statuses.values()),
            "active": statuses[Status.ACTIVE],
            "suspended": statuses[Status.SUSPENDED],
            "ended": sum(statuses[s] for s in (Status.REVOKED, Status.WITHDRAWN, Status.EXPIRED)),
            "not_found": sum(row.result.outcome == "not_found" for row in first),
            "invalid": sum(row.result.is_invalid for row in first),
        }


def _identity(result: Verification) -> tuple[str, str]:
    """What makes two lines the same: their number, or for one that is none, its text."""
    if result.number is not None and result.number.is_valid:
        return result.number.kind, result.number.value
    return "text", result.query


@dataclass(frozen=True)
class _NoStatus:
    """What the status badge shows for a number not in the register."""

    value: str = "none"
    label: str = ""


def answer(values: list[str], source: str, request: HttpRequest, page) -> Answer:
    results = verify_all(values)
    verification_url = page.verification_url(request)
    first_lines: dict[tuple[str, str], int] = {}
    # Rendered once per status, not once per row: 500 rows would take a tenth of a second more.
    not_found = _NoStatus(label=str(OUTCOME_LABELS["not_found"]))
    badges = {
        status: render_to_string("register/includes/status_badge.html", {"status": status})
        for status in (*Status, not_found)
    }
    rows = []
    for line, (value, result) in enumerate(zip(values, results, strict=True), start=1):
        first = first_lines.setdefault(_identity(result), line)
        row = Row(line, value, result, repeats=first if first != line else None)
        if result.cooperative is not None and row.to_page:
            row.url = page.cooperative_url(result.cooperative, request)
        elif result.outcome in ("found", "not_found"):
            row.url = f"{verification_url}?{urlencode({'q': row.number})}"
        if result.outcome in ("found", "not_found"):
            row.badge = badges[result.status or not_found]
        rows.append(row)
    today = results[0].today if results else timezone.localdate()
    return Answer(rows, source, today)


# Downloads ---------------------------------------------------------------------------------


def _columns() -> list[tuple[str, str, Callable[[Row], Any]]]:
    """(name, heading in the active language, value) of each column of the downloads."""
    return [
        ("line", _("Line"), lambda row: row.line),
        ("given", _("As given"), lambda row: row.given),
        ("number", str(NUMBER_HEADING), lambda row: row.number),
        ("result", _("Result"), lambda row: row.outcome_label),
        ("cooperative", _("Cooperative"), lambda row: getattr(row.result.cooperative, "name", "")),
        ("status", FIELDS["status"].heading, _status_label),
        ("valid_until", FIELDS["valid_until"].heading, _valid_until),
        ("status_as_of", FIELDS["status_as_of"].heading, lambda row: row.result.today),
        ("address", _("Address in the register"), lambda row: row.url or ""),
        ("note", _("Note"), lambda row: row.note),
    ]


def _status_label(row: Row) -> str:
    return str(row.result.status.label) if row.result.status else ""


def _valid_until(row: Row) -> datetime.date | None:
    return row.result.explanation.valid_until if row.result.explanation else None


def _filename(page, today: datetime.date, extension: str) -> str:
    return f"{page.route_slug('bulk_verify')}-{today.isoformat()}.{extension}"


def _absolute(request: HttpRequest, answer_: Answer) -> None:
    for row in answer_.rows:
        if row.url:
            row.url = request.build_absolute_uri(row.url)


def download_csv(request: HttpRequest, page, answer_: Answer) -> HttpResponse:
    """UTF-8 with a BOM and commas, like the register's export; text cells made safe."""
    _absolute(request, answer_)
    columns = _columns()

    def value(cell: Any) -> str:
        if cell is None:
            return ""
        if isinstance(cell, datetime.date):
            return cell.isoformat()
        return spreadsheet_safe(cell) if isinstance(cell, str) else str(cell)

    def write(spool) -> None:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        text.write("\ufeff")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([heading for _name, heading, _read in columns])
        for row in answer_.rows:
            writer.writerow([value(read(row)) for _name, _heading, read in columns])
        text.flush()
        text.detach()  # the file stays open for the answer

    filename = _filename(page, answer_.today, "csv")
    return whole_file(request, filename, "text/csv; charset=utf-8", write)


def download_xlsx(request: HttpRequest, page, answer_: Answer) -> HttpResponse:
    """The same table as a workbook: headings bold and frozen, filters, dates as dates,
    numbers kept as text, text cells made safe."""
    _absolute(request, answer_)
    columns = _columns()

    def write(spool) -> None:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Verification"))
        date_format = date_formats()[0]
        lines = [[read(row) for _name, _heading, read in columns] for row in answer_.rows]
        for index, (_name, heading, _read) in enumerate(columns):
            widest = max([len(heading), *(len(str(line[index] or "")) for line in lines)])
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(widest + 2, 60)
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for _name, heading, _read in columns:
            cell = WriteOnlyCell(sheet, heading)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for line in lines:
            cells = []
            for value in line:
                if isinstance(value, datetime.date):
                    cell = WriteOnlyCell(sheet, value)
                    cell.number_format = date_format
                    cells.append(cell)
                elif isinstance(value, str):
                    cells.append(spreadsheet_safe(value) if value else None)
                else:
                    cells.append(value)
            sheet.append(cells)
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(lines) + 1}"
        workbook.save(spool)

    return whole_file(request, _filename(page, answer_.today, "xlsx"), XLSX_TYPE, write)


DOWNLOADS = {"csv": download_csv, "xlsx": download_xlsx}


# The page ----------------------------------------------------------------------------------


def _render(
    request: HttpRequest, page, form: BulkVerificationForm, result: Answer | None, **extra
) -> HttpResponse:
    context = page.get_context(request)
    context.update(
        form=form,
        answer=result,
        limit=BULK_LIMIT,
        max_upload=MAX_UPLOAD_BYTES,
        alternate_urls=page.alternate_urls(request, "bulk_verify"),
        **extra,
    )
    return TemplateResponse(request, "register/bulk_verification.html", context)


def serve(request: HttpRequest, page) -> HttpResponse:
    """The form (GET), the answer to a list (POST), or the answer as a file (POST with a
    format). Never stored by any cache: the form carries a CSRF token, and the answer the
    visitor's list."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    result = None
    if request.method == "POST":
        form = BulkVerificationForm(request.POST, request.FILES)
        if form.is_valid():
            read = form.cleaned_data["list"]
            result = answer(read.values, read.source, request, page)
            if download := DOWNLOADS.get(form.cleaned_data["format"]):
                response = download(request, page, result)
                add_never_cache_headers(response)
                return response
    else:
        form = BulkVerificationForm()
    response = _render(request, page, form, result)
    add_never_cache_headers(response)
    return response


def serve_refused(request: HttpRequest, page, reason: str) -> HttpResponse | None:
    """The form again after a POST Django refused before the view (infrastructure.
    error_views): a stale CSRF token ("csrf"), what was pasted kept, with a new token; or a
    body over DATA_UPLOAD_MAX_MEMORY_SIZE ("too_large"), which cannot be read at all. None for
    another address of the register, which the error views answer themselves."""
    if request.path != page.bulk_verification_url(request):
        return None
    if reason == "csrf":
        typed = request.POST.get("numbers", "")[: BULK_LIMIT * 100]
        form = BulkVerificationForm(initial={"numbers": typed})
        response = _render(request, page, form, None, csrf_failed=True)
        response.status_code = 403
    else:
        refused = _(
            "That is more than the form takes (at most %(limit)s): paste at most %(count)s "
            "numbers, or upload a file of at most %(file_limit)s."
        ) % {
            "limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
            "count": BULK_LIMIT,
            "file_limit": filesizeformat(MAX_UPLOAD_BYTES),
        }
        form = BulkVerificationForm(data={}, refused=refused)
        response = _render(request, page, form, None)
        response.status_code = 413
    add_never_cache_headers(response)
    return response
