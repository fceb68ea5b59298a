"""Bulk import of cooperatives from a spreadsheet (CSV or XLSX), shared by the
`import_cooperatives` command and the admin's import view.

Three steps, each usable alone:

1. `read_table()` turns the file's bytes into rows of cells, or into problems when the file
   is empty, binary, wrongly encoded or has unknown or missing columns;
2. `plan_import()` validates every row against the register (VAT check digit, known sector and
   area codes, dates, e-mails, the model's own field rules, uniqueness) and works out, for each
   row, whether it creates a cooperative, updates one (and which fields) or changes nothing;
3. `apply_plan()` writes a valid plan in one transaction, publishing a new revision of every
   cooperative it creates or changes, so that the history shows the import.

The only certification event the import records is the first issue of the mark (the
`issued_on` and `valid_until` columns), for a cooperative that has no history yet; it never
changes or adds to an existing history. The columns are documented in register/IMPORT.md.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import logging
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from .comuni import comuni
from .file_types import ZIP_SIGNATURE, describe_binary
from .models import (
    Area,
    CertificationEvent,
    Cooperative,
    EventKind,
    LegalForm,
    OperatingSite,
    Sector,
    Status,
)
from .models.cooperatives import REGIONAL_FIELDS, AlboSection, RegionalSection
from .models.events import PUBLIC_STATUSES, certification_summary
from .numbers import normalise_certificate, normalise_vat, vat_problem
from .routes import RESERVED_SLUGS
from .writing import CooperativeWrite, write_cooperatives

logger = logging.getLogger(__name__)

# Column name → kind of value. The order is the template's and the documentation's.
COLUMNS: dict[str, str] = {
    "name": "text",
    "vat_number": "vat",
    "legal_form": "choice",
    "sectors": "codes",
    "areas": "codes",
    "comune": "text",
    "province": "upper",
    "postcode": "postcode",
    "street": "text",
    "operating_sites": "sites",
    "fiscal_code": "upper",
    "albo_number": "upper",
    "albo_section": "choice",
    "albo_category": "text",
    "rea_number": "upper",
    "regional_register_section": "upper",
    "regional_register_number": "upper",
    "certificate_number": "certificate",
    "issued_on": "issue_date",
    "valid_until": "end_date",
    "issue_note": "text",
    "website": "url",
    "email": "text",
    "phone": "text",
    "workers": "int",
    "members": "int",
    "disadvantaged_workers": "int",
    "audit_passed_on": "date",
    "extra_assembly_on": "date",
    "ccnl_applied": "text",
    "ccnl_verified_on": "date",
    "quality_path": "text",
    "quality_verified_on": "date",
    "training": "text",
    "training_verified_on": "date",
    "description": "rich",
    "services": "rich",
    # The English translation of the translated texts, published with the record.
    "description_en": "english",
    "services_en": "english",
    "quality_path_en": "english",
    "training_en": "english",
}
REQUIRED_COLUMNS = ("name", "vat_number", "legal_form", "sectors", "areas", "comune")
CHOICES = {
    "legal_form": [value for value, _label in LegalForm.choices],
    "albo_section": [value for value, _label in AlboSection.choices],
    "regional_register_section": [value for value, _label in RegionalSection.choices],
}
# The first issue of the mark: the "issued" event the import records, not fields of the record.
CERTIFICATION_COLUMNS = ("issued_on", "valid_until")
# English column → the Italian field it translates.
ENGLISH_COLUMNS = {name: name.removesuffix("_en") for name in COLUMNS if COLUMNS[name] == "english"}
# Columns that are not fields of the record: compared with the history or the translation.
NOT_FIELDS = (
    "sectors",
    "areas",
    *CERTIFICATION_COLUMNS,
    "issue_note",
    *ENGLISH_COLUMNS,
    "operating_sites",
)
SITE_PARTS = ("label", "street", "postcode", "comune", "province")
# The model fields the import writes; M2M relations and the certification are handled apart.
MODEL_FIELDS = [name for name in COLUMNS if name not in NOT_FIELDS]

ALL_FIELDS = [field.name for field in Cooperative._meta.fields]
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_SLUG_LENGTH = Cooperative._meta.get_field("slug").max_length

Progress = Callable[[str, int, int], None]


class ImportFileError(Exception):
    """The file cannot be read as a table at all."""

    def __init__(self, message: str, line: int = 1, column: str = ""):
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass
class Problem:
    line: int
    column: str
    reason: str

    def format(self, filename: str) -> str:
        return f"{filename}:{self.line}:{self.column or '-'}:{self.reason}"


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, list[Any]]]  # (spreadsheet row number, cells in column order)
    header_line: int = 1


@dataclass
class RowPlan:
    line: int
    vat_number: str
    name: str
    action: str  # "create", "update" or "unchanged"
    instance: Cooperative
    changes: list[str] = field(default_factory=list)
    sectors: list[Sector] | None = None  # the record's sectors after the import
    areas: list[Area] | None = None
    previous_name: str = ""
    warnings: list[str] = field(default_factory=list)
    # The "issued" event the import records: (issue date, end of validity), and its note.
    issue: tuple[datetime.date, datetime.date] | None = None
    issue_note: str = ""
    english: dict[str, str] | None = None  # Italian text → English, for the translation
    sites: list[OperatingSite] | None = None  # the operating sites after the import

    def write(self) -> CooperativeWrite:
        """What the register's write path does for this row."""
        events = []
        if self.issue:
            events.append(
                CertificationEvent(
                    kind=EventKind.ISSUED,
                    date=self.issue[0],
                    valid_until=self.issue[1],
                    public_note=self.issue_note,
                )
            )
        return CooperativeWrite(
            cooperative=self.instance,
            sectors=self.sectors or [],
            areas=self.areas or [],
            changed=self.changes if self.action == "update" else (),
            events=events,
            previous_name=self.previous_name,
            english=self.english,
            sites=self.sites,
        )

    def publication(self, today: datetime.date | None = None) -> tuple[bool, str]:
        """Whether the cooperative is public in the register once the plan is applied, and if
        not, why (in the user's language)."""
        cooperative = self.instance
        status = cooperative.status_on(today or timezone.localdate())
        if status in PUBLIC_STATUSES:
            return True, ""
        if status == Status.EXPIRED:
            return False, _("certificate expired on %(date)s") % {
                "date": cooperative.certified_until.strftime("%d/%m/%Y")
            }
        if status == Status.REVOKED:
            return False, _("mark revoked on %(date)s") % {
                "date": cooperative.certification_date.strftime("%d/%m/%Y")
            }
        if status == Status.WITHDRAWN:
            return False, _("withdrew from the register on %(date)s") % {
                "date": cooperative.certification_date.strftime("%d/%m/%Y")
            }
        return False, _("no certification given")


@dataclass
class ImportPlan:
    filename: str
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def counts(self) -> dict[str, int]:
        counts = {"create": 0, "update": 0, "unchanged": 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts

    def publication_summary(self, *, done: bool = True) -> str:
        """What the cooperatives created or updated look like in the register afterwards:
        "9 now public in the register; 3 not public: no certification given (lines 4, 7, 9)"."""
        today = timezone.localdate()
        written = [row for row in self.rows if row.action != "unchanged"]
        reasons: dict[str, list[int]] = {}
        public = 0
        for row in written:
            is_public, reason = row.publication(today)
            if is_public:
                public += 1
            else:
                reasons.setdefault(reason, []).append(row.line)
        hidden = len(written) - public
        if done:
            text = ngettext(
                "%(count)s now public in the register",
                "%(count)s now public in the register",
                public,
            )
        else:
            text = ngettext(
                "%(count)s would be public in the register",
                "%(count)s would be public in the register",
                public,
            )
        text %= {"count": public}
        if hidden:
            groups = []
            for reason, lines in reasons.items():
                shown = ", ".join(str(line) for line in lines[:LINES_LISTED])
                if len(lines) > LINES_LISTED:
                    shown += ", …"
                where = ngettext("line %(lines)s", "lines %(lines)s", len(lines)) % {"lines": shown}
                groups.append(f"{reason} ({where})")
            text += "; " + ngettext(
                "%(count)s not public: %(reasons)s", "%(count)s not public: %(reasons)s", hidden
            ) % {"count": hidden, "reasons": "; ".join(groups)}
        return text

    def formatted_problems(self) -> list[str]:
        return [problem.format(self.filename) for problem in self.problems]

    def fingerprint(self) -> str:
        """What the plan would do, as a short hash: the admin checks on confirmation that the
        register has not changed since the preview was shown."""
        digest = hashlib.sha256()
        for row in self.rows:
            changes = ",".join(row.changes)
            digest.update(f"{row.line}|{row.vat_number}|{row.action}|{changes}\n".encode())
        return digest.hexdigest()[:32]


LINES_LISTED = 20  # line numbers given per reason in the summary


# Reading -----------------------------------------------------------------------------------


def read_table(data: bytes, filename: str) -> Table:
    """The file's header and rows. Raises ImportFileError with a message for the user when the
    file is not a spreadsheet this import reads."""
    if not data or not data.strip():
        raise ImportFileError(_("The file is empty."))
    is_zip = data.startswith(ZIP_SIGNATURE)
    if filename.lower().endswith(".xlsx") or is_zip:
        return _read_xlsx(data, filename)
    if filename.lower().endswith((".xls", ".ods", ".numbers")):
        raise ImportFileError(
            _("This format is not supported: save the sheet as .xlsx or as “CSV UTF-8”.")
        )
    return _read_csv(data)


def _read_xlsx(data: bytes, filename: str) -> Table:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if not data.startswith(ZIP_SIGNATURE):
        kind = describe_binary(data)
        raise ImportFileError(
            _("This is not an Excel .xlsx file (it looks like %(kind)s).") % {"kind": kind}
            if kind
            else _("This is not an Excel .xlsx file.")
        )
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(_("This file cannot be opened as an Excel .xlsx workbook.")) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The workbook has no sheets."))
        sheet = workbook.worksheets[0]
        rows = [list(values) for values in sheet.iter_rows(values_only=True)]
    except ImportFileError:
        raise
    except Exception:  # openpyxl raises many kinds of errors on damaged parts
        raise ImportFileError(_("The first sheet of this workbook cannot be read.")) from None
    finally:
        workbook.close()
    return _table(rows)


def _read_csv(data: bytes) -> Table:
    kind = describe_binary(data)
    if kind:
        raise ImportFileError(
            _("This is not a CSV file (it looks like %(kind)s). Upload a .csv or .xlsx file.")
            % {"kind": kind}
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            _(
                "The file is saved as UTF-16 (“Unicode text”). In your spreadsheet choose "
                "Save as → “CSV UTF-8 (comma delimited)” and upload that file."
            )
        )
    if b"\x00" in data[:8192]:
        raise ImportFileError(
            _("This is a binary file, not a CSV file. Upload a .csv or .xlsx file.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Read it anyway, the undecodable bytes kept apart, to say where the first one is.
        rows = _parse_csv(data.decode("utf-8-sig", errors="surrogateescape"))
        raise _encoding_error(rows) from None
    return _table(_parse_csv(text))


def _parse_csv(text: str) -> list[list[str]]:
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file cannot be read: %(error)s") % {"error": error}
        ) from None


UNDECODED = re.compile("[\udc80-\udcff]")


def _encoding_error(rows: list[list[str]]) -> ImportFileError:
    advice = _(
        "The file is not UTF-8 text, so accented letters would be garbled (here: “%(text)s”). "
        "In your spreadsheet choose Save as → “CSV UTF-8 (comma delimited)” and upload that "
        "file."
    )
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    for line, cells in enumerate(rows, start=1):
        for index, cell in enumerate(cells):
            if UNDECODED.search(cell):
                column = header[index] if index < len(header) and line > 1 else f"#{index + 1}"
                text = UNDECODED.sub("\N{REPLACEMENT CHARACTER}", cell.strip())
                text = text if len(text) <= 40 else f"{text[:39]}…"
                return ImportFileError(advice % {"text": text}, line, column)
    return ImportFileError(advice % {"text": "…"})


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(rows: list[list[Any]]) -> Table:
    numbered = [(number, cells) for number, cells in enumerate(rows, start=1)]
    # Leading blank lines are tolerated; the first non-blank row is the header.
    while numbered and all(_is_blank(cell) for cell in numbered[0][1]):
        numbered.pop(0)
    if not numbered:
        raise ImportFileError(_("The file is empty."))
    header_line, header = numbered[0]
    columns = ["" if _is_blank(cell) else str(cell).strip().lower() for cell in header]
    while columns and not columns[-1]:
        columns.pop()
    data_rows = [
        (number, cells)
        for number, cells in numbered[1:]
        if not all(_is_blank(cell) for cell in cells)
    ]
    if not data_rows:
        raise ImportFileError(
            _("The file has a header row but no cooperatives: add one row per cooperative.")
        )
    return Table(columns=columns, rows=data_rows, header_line=header_line)


def check_header(columns: list[str], line: int = 1) -> list[Problem]:
    problems = []
    seen = set()
    for index, name in enumerate(columns, start=1):
        if not name:
            problems.append(
                Problem(line, f"#{index}", _("This column has no name in the header row."))
            )
        elif name not in COLUMNS:
            problems.append(
                Problem(
                    line,
                    name,
                    _("Unknown column. The columns are: %(columns)s.")
                    % {"columns": ", ".join(COLUMNS)},
                )
            )
        elif name in seen:
            problems.append(Problem(line, name, _("This column appears twice in the header row.")))
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            problems.append(Problem(line, name, _("Required column missing from the header row.")))
    return problems


# Values ------------------------------------------------------------------------------------

DATE_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), ("d", "m", "y")),
]


class CellError(Exception):
    pass


def cell_text(value: Any) -> str:
    """A cell as text: numbers from a spreadsheet lose a meaningless '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def cell_date(
    value: Any, today: datetime.date, future: str | None = "requirement"
) -> datetime.date | None:
    """A date cell. `future` says why a date after today is refused ("requirement": a
    verification; "issue": the mark's issue), or None to accept it (an end of validity)."""
    if isinstance(value, datetime.datetime):
        result = value.date()
    elif isinstance(value, datetime.date):
        result = value
    else:
        text = cell_text(value)
        if not text:
            return None
        result = None
        for pattern, order in DATE_PATTERNS:
            match = pattern.match(text)
            if match:
                parts = dict(zip(order, map(int, match.groups()), strict=True))
                try:
                    result = datetime.date(parts["y"], parts["m"], parts["d"])
                except ValueError:
                    raise CellError(
                        _("“%(value)s” is not a real date.") % {"value": text}
                    ) from None
                break
        if result is None:
            raise CellError(
                _("“%(value)s” is not a date: write it as YYYY-MM-DD or DD/MM/YYYY.")
                % {"value": text}
            )
    if result.year < 1900:
        raise CellError(
            _("%(date)s is too far in the past.") % {"date": result.strftime("%d/%m/%Y")}
        )
    if future and result > today:
        message = (
            _("%(date)s is in the future: the mark can only be recorded as issued once it is.")
            if future == "issue"
            else _("%(date)s is in the future: write the date the requirement was verified.")
        )
        raise CellError(message % {"date": result.strftime("%d/%m/%Y")})
    return result


def cell_int(value: Any) -> int | None:
    if isinstance(value, bool):
        raise CellError(_("Write a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError(_("Write a whole number."))
    text = cell_text(value)
    if not text:
        return None
    if not re.fullmatch(r"-?\d+", text):
        raise CellError(
            _("“%(value)s” is not a whole number (write digits only, e.g. 120).") % {"value": text}
        )
    return int(text)


def cell_vat(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Excel drops the leading zeros of a number: put them back.
        return cell_text(value).zfill(11)
    return normalise_vat(cell_text(value))


def _certificate(value: Any) -> str:
    return normalise_certificate(cell_text(value))


def _sites(text: str) -> list[OperatingSite]:
    """Operating sites separated by semicolons, each either a comune ("Treviglio", or with its
    province, "Castro (BG)") or five parts separated by vertical bars: name | street |
    postcode | comune | province. Each is checked as the admin checks it."""
    sites = []
    for number, written in enumerate((part for part in text.split(";") if part.strip()), 1):
        parts = [part.strip() for part in written.split("|")]
        if len(parts) == 1:
            match = re.match(r"^(?P<comune>.+?)\s*(?:\((?P<province>[A-Za-z]{2})\))?$", parts[0])
            fields = {"comune": match["comune"], "province": (match["province"] or "BG")}
        elif len(parts) == len(SITE_PARTS):
            fields = dict(zip(SITE_PARTS, parts, strict=True))
            fields["province"] = fields["province"] or "BG"
        else:
            raise CellError(
                _(
                    "Site %(number)d: write a municipality, or name | street | postcode | "
                    "municipality | province (five parts separated by |)."
                )
                % {"number": number}
            )
        site = OperatingSite(**fields)
        try:
            site.clean_fields(exclude=["cooperative"])
        except ValidationError as error:
            reasons = [message for messages in error.message_dict.values() for message in messages]
            raise CellError(
                _("Site %(number)d: %(reason)s") % {"number": number, "reason": reasons[0]}
            ) from error
        sites.append(site)
    return sites


def _site_key(site: OperatingSite) -> tuple:
    return tuple(getattr(site, name) for name in SITE_PARTS)


def _url(value: Any) -> str:
    text = cell_text(value)
    if text and "://" not in text:
        text = f"https://{text}"
    return text


BULLET = re.compile(r"^\s*[-*•]\s+")


def _blocks_from_text(text: str) -> list[tuple[str, str]]:
    """Lines of a cell → [("p"|"li", text)]; lines starting with '- ', '* ' or '• ' are items
    of a bulleted list."""
    blocks = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            continue
        if BULLET.match(line):
            blocks.append(("li", " ".join(BULLET.sub("", line).split())))
        else:
            blocks.append(("p", " ".join(line.split())))
    return blocks


def rich_text_from_plain(text: str) -> str:
    html = []
    in_list = False
    for kind, content in _blocks_from_text(text):
        if kind == "li" and not in_list:
            html.append("<ul>")
            in_list = True
        elif kind == "p" and in_list:
            html.append("</ul>")
            in_list = False
        html.append(f"<{kind}>{escape(content, quote=False)}</{kind}>")
    if in_list:
        html.append("</ul>")
    return "".join(html)


class _BlockText(HTMLParser):
    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self._flush("li" if tag == "li" else "p")

    def handle_data(self, data):
        self.parts.append(data)

    def _flush(self, kind="p"):
        text = " ".join("".join(self.parts).split())
        if text:
            self.blocks.append((kind, text))
        self.parts = []


def blocks_from_rich_text(html: str) -> list[tuple[str, str]]:
    parser = _BlockText()
    parser.feed(html or "")
    parser.close()
    parser._flush()
    return parser.blocks


# Planning ----------------------------------------------------------------------------------


@dataclass
class _Register:
    """What the plan compares the file with, loaded in a handful of queries."""

    locale: Locale
    by_vat: dict[str, Cooperative]
    slugs: set[str]
    certificates: dict[str, str]  # certificate number → VAT number
    sector_codes: dict[int, set[str]]  # cooperative id → codes
    area_codes: dict[int, set[str]]
    sectors: dict[str, Sector]
    areas: dict[str, Area]
    translated: set  # translation keys of the cooperatives that have an English translation

    @classmethod
    def load(cls) -> _Register:
        locale = Locale.get_default()
        cooperatives = list(Cooperative.objects.filter(locale=locale))
        sector_codes: dict[int, set[str]] = {}
        for cooperative_id, code in Cooperative.sectors.through.objects.filter(
            cooperative__locale=locale
        ).values_list("cooperative_id", "sector__code"):
            sector_codes.setdefault(cooperative_id, set()).add(code)
        area_codes: dict[int, set[str]] = {}
        for cooperative_id, code in Cooperative.areas.through.objects.filter(
            cooperative__locale=locale
        ).values_list("cooperative_id", "area__code"):
            area_codes.setdefault(cooperative_id, set()).add(code)
        return cls(
            locale=locale,
            by_vat={c.vat_number: c for c in cooperatives},
            slugs={c.slug for c in cooperatives},
            certificates={
                c.certificate_number: c.vat_number for c in cooperatives if c.certificate_number
            },
            sector_codes=sector_codes,
            area_codes=area_codes,
            sectors={s.code: s for s in Sector.objects.filter(locale=locale)},
            areas={a.code: a for a in Area.objects.filter(locale=locale)},
            translated=set(
                Cooperative.objects.filter(locale__language_code="en").values_list(
                    "translation_key", flat=True
                )
            ),
        )


def _comparable(name: str, value: Any) -> Any:
    if COLUMNS.get(name) == "rich":
        return blocks_from_rich_text(value)
    if value is None:
        return None if COLUMNS.get(name) in ("int", "date") else ""
    return value


def unique_slug(name: str, taken: set[str]) -> str:
    base = slugify(name)[: MAX_SLUG_LENGTH - 6].strip("-") or "cooperativa"
    slug, number = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug = f"{base}-{number}"
        number += 1
    return slug


def plan_import(data: bytes, filename: str, progress: Progress | None = None) -> ImportPlan:
    """Validate the file and say what importing it would do. Writes nothing."""
    plan = ImportPlan(filename=filename)
    try:
        table = read_table(data, filename)
    except ImportFileError as error:
        plan.problems.append(Problem(error.line, error.column, str(error)))
        return plan
    plan.columns = table.columns
    plan.problems.extend(check_header(table.columns, table.header_line))
    if plan.problems:
        return plan

    register = _Register.load()
    today = timezone.localdate()
    seen_vat: dict[str, int] = {}
    taken_slugs = set(register.slugs)
    # Certificate numbers as they will be after the import: number → (VAT number, line in file).
    holders: dict[str, tuple[str, int | None]] = {
        number: (vat, None) for number, vat in register.certificates.items()
    }
    number_of: dict[str, str] = {vat: number for number, vat in register.certificates.items()}
    present = set(table.columns)
    total = len(table.rows)
    for index, (line, cells) in enumerate(table.rows, start=1):
        row_problems: list[Problem] = []
        row = _plan_row(line, cells, table.columns, present, register, today, row_problems)
        if row is not None:
            if row.vat_number in seen_vat:
                row_problems.append(
                    Problem(
                        line,
                        "vat_number",
                        _("VAT number %(vat)s is already on line %(line)s of this file.")
                        % {"vat": row.vat_number, "line": seen_vat[row.vat_number]},
                    )
                )
            else:
                seen_vat[row.vat_number] = line
            if "certificate_number" in present and not row_problems:
                _check_certificate(row, line, holders, number_of, row_problems)
            if row.action == "create" and not row_problems:
                row.instance.slug = unique_slug(row.name, taken_slugs)
                taken_slugs.add(row.instance.slug)
        plan.problems.extend(row_problems)
        if row is not None and not row_problems:
            plan.rows.append(row)
        if progress:
            progress("validate", index, total)
    if plan.problems:
        plan.rows = []
        order = {name: index for index, name in enumerate(table.columns)}
        plan.problems.sort(key=lambda problem: (problem.line, order.get(problem.column, 0)))
    return plan


def _check_certificate(row, line, holders, number_of, problems) -> None:
    """A certificate number belongs to one cooperative: in the register as it will be after
    the import, counting the numbers that rows of the file give up or take."""
    number = row.instance.certificate_number
    previous = number_of.get(row.vat_number)
    if previous and previous != number and holders.get(previous, ("",))[0] == row.vat_number:
        del holders[previous]
        del number_of[row.vat_number]
    if not number:
        return
    holder = holders.get(number)
    if holder and holder[0] != row.vat_number:
        where = (
            _("line %(line)s of this file") % {"line": holder[1]}
            if holder[1]
            else _("the cooperative with VAT number %(vat)s") % {"vat": holder[0]}
        )
        problems.append(
            Problem(
                line,
                "certificate_number",
                _("Certificate number %(number)s already belongs to %(where)s.")
                % {"number": number, "where": where},
            )
        )
        return
    holders[number] = (row.vat_number, line)
    number_of[row.vat_number] = number


def _plan_row(
    line: int,
    cells: list[Any],
    columns: list[str],
    present: set[str],
    register: _Register,
    today: datetime.date,
    problems: list[Problem],
) -> RowPlan | None:
    if len(cells) > len(columns) and any(not _is_blank(c) for c in cells[len(columns) :]):
        problems.append(
            Problem(
                line,
                f"#{len(columns) + 1}",
                _("This row has more cells than the header has columns."),
            )
        )
        return None
    raw = dict(zip(columns, cells, strict=False))
    values: dict[str, Any] = {}
    for name in columns:
        kind = COLUMNS[name]
        value = raw.get(name)
        try:
            if kind == "vat":
                values[name] = cell_vat(value)
            elif kind == "certificate":
                values[name] = _certificate(value)
            elif kind == "date":
                values[name] = cell_date(value, today)
            elif kind == "issue_date":
                values[name] = cell_date(value, today, future="issue")
            elif kind == "end_date":
                values[name] = cell_date(value, today, future=None)
            elif kind == "int":
                values[name] = cell_int(value)
            elif kind == "upper":
                values[name] = cell_text(value).upper()
            elif kind == "postcode":
                is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
                values[name] = cell_text(value).zfill(5) if is_number else cell_text(value)
            elif kind == "choice":
                values[name] = cell_text(value).lower()
            elif kind == "url":
                values[name] = _url(value)
            elif kind == "rich":
                values[name] = rich_text_from_plain(cell_text(value))
            elif kind == "english":
                values[name] = cell_text(value)
            elif kind == "sites":
                values[name] = _sites(cell_text(value))
            elif kind == "codes":
                codes = [code.strip().lower() for code in re.split(r"[;,]", cell_text(value))]
                values[name] = list(dict.fromkeys(code for code in codes if code))
            else:
                values[name] = cell_text(value)
        except CellError as error:
            problems.append(Problem(line, name, str(error)))

    for name in REQUIRED_COLUMNS:
        if name in values and not values[name]:
            problems.append(Problem(line, name, _("Required: this cell cannot be empty.")))
    if values.get("comune"):
        # As ISTAT writes it ("alme" is Almè), so that another spelling is not a change.
        province = values.get("province") or "BG"
        if comune := comuni().named(values["comune"], province):
            values["comune"] = comune.name
    vat = values.get("vat_number", "")
    if vat:
        reason = vat_problem(vat)
        if reason:
            problems.append(Problem(line, "vat_number", reason))
    # The model's own message for a postcode is only "Enter a valid value.".
    if values.get("postcode") and not re.fullmatch(r"\d{5}", values["postcode"]):
        problems.append(Problem(line, "postcode", _("A postcode (CAP) has 5 digits, e.g. 24121.")))
    for name in CHOICES:
        if values.get(name) and values[name] not in CHOICES[name]:
            problems.append(
                Problem(
                    line,
                    name,
                    _("Unknown code “%(value)s”: use one of %(codes)s.")
                    % {"value": values[name], "codes": ", ".join(CHOICES[name])},
                )
            )
    related: dict[str, list] = {}
    for name, known in (("sectors", register.sectors), ("areas", register.areas)):
        if name not in values:
            continue
        unknown = [code for code in values[name] if code not in known]
        if unknown:
            problems.append(
                Problem(
                    line,
                    name,
                    _("Unknown code(s) %(unknown)s. Known codes: %(known)s.")
                    % {
                        "unknown": ", ".join(f"“{code}”" for code in unknown),
                        "known": ", ".join(known),
                    },
                )
            )
        related[name] = [known[code] for code in values[name] if code in known]

    reported = {problem.column for problem in problems}
    # Without a valid VAT number the row matches no record: its other cells are still checked,
    # so that every problem is reported at once.
    vat_is_valid = "vat_number" not in reported
    existing = register.by_vat.get(vat) if vat_is_valid else None
    changes = []
    if existing is None:
        instance = Cooperative(locale=register.locale)
        changes = [name for name in columns if values.get(name) not in (None, "", [])]
    else:
        instance = existing
        previous_name = existing.name
        for name in columns:
            if name == "operating_sites" and name in values:
                current = [_site_key(site) for site in existing.operating_sites.all()]
                if current != [_site_key(site) for site in values[name]]:
                    changes.append(name)
                continue
            if name in NOT_FIELDS[2:]:
                continue  # compared with the history or the translation below
            if name in ("sectors", "areas"):
                current = (register.sector_codes if name == "sectors" else register.area_codes).get(
                    existing.pk, set()
                )
                if set(values[name]) != current:
                    changes.append(name)
            elif name in values and _comparable(name, values[name]) != _comparable(
                name, getattr(existing, name)
            ):
                changes.append(name)
    for name in MODEL_FIELDS:
        if name in values and name not in reported and (existing is None or name in changes):
            setattr(instance, name, values[name])
    issue = _plan_issue(line, values, existing, problems)
    if issue and existing is not None:
        changes.extend(CERTIFICATION_COLUMNS)
    elif existing is None and not issue:
        changes = [name for name in changes if name not in (*CERTIFICATION_COLUMNS, "issue_note")]
    english = _plan_english(line, values, existing, problems)
    if english and existing is not None:
        if changes or existing.translation_key not in register.translated:
            changes.append("english")
        else:
            english = None  # the translation exists and the Italian texts did not change

    # The model's own rules (lengths, formats, e-mail, URL, fiscal code…), on what the row sets;
    # for a new record, on every field, so that a required one left out is caught.
    if existing is None and vat_is_valid:
        checked = set(MODEL_FIELDS)
    else:
        checked = {name for name in changes if name in values}
    exclude = [name for name in ALL_FIELDS if name not in checked - reported]
    if reported & set(REGIONAL_FIELDS):  # judged together, once each of them reads right
        exclude.extend(REGIONAL_FIELDS)
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name in REGIONAL_FIELDS[:2]:  # the pair's own message: the other one is set
                problems.append(Problem(line, name, messages[0]))
            elif name not in present:
                problems.append(
                    Problem(
                        line,
                        name,
                        _("Required for a new cooperative: add this column and fill it in."),
                    )
                )
            elif values.get(name) in (None, ""):
                problems.append(Problem(line, name, _("Required: this cell cannot be empty.")))
            else:
                problems.append(Problem(line, name, messages[0]))  # one per cell is enough
    if problems:
        return None

    row = RowPlan(
        line=line,
        vat_number=vat,
        name=values.get("name") or (existing.name if existing else ""),
        action="create" if existing is None else ("update" if changes else "unchanged"),
        instance=instance,
        changes=changes,
        sectors=related.get("sectors"),
        areas=related.get("areas"),
        issue=issue,
        issue_note=values.get("issue_note", "") if issue else "",
        english=english,
        sites=values["operating_sites"]
        if "operating_sites" in values and (existing is None or "operating_sites" in changes)
        else None,
    )
    if issue:
        # The record as it will be: its summary of the history, for the preview and the report.
        event = CertificationEvent(kind=EventKind.ISSUED, date=issue[0], valid_until=issue[1])
        for name, value in certification_summary([event]).items():
            setattr(instance, name, value)
    if existing is not None:
        row.previous_name = previous_name
        # The relations the record keeps, for the content of its new revision.
        if row.sectors is None:
            codes = sorted(register.sector_codes.get(existing.pk, ()))
            row.sectors = [register.sectors[code] for code in codes if code in register.sectors]
        if row.areas is None:
            codes = sorted(register.area_codes.get(existing.pk, ()))
            row.areas = [register.areas[code] for code in codes if code in register.areas]
    if existing is not None and changes:
        if not existing.live:
            row.warnings.append(_("This cooperative was not published: the import publishes it."))
        elif existing.has_unpublished_changes:
            row.warnings.append(
                _(
                    "This cooperative has unpublished changes in the admin: the import publishes "
                    "the live version with the file's changes; the draft stays in its history."
                )
            )
        if existing.locked:
            row.warnings.append(_("This cooperative is locked in the admin."))
    return row


def _plan_issue(
    line: int, values: dict[str, Any], existing: Cooperative | None, problems: list[Problem]
) -> tuple[datetime.date, datetime.date] | None:
    """The first issue of the mark that the row asks to record, if any. Checked like an event
    recorded in the admin (CertificationEvent.clean), without a query per row; a history that
    already exists is never changed."""
    if any(name not in values for name in CERTIFICATION_COLUMNS):
        return None  # the columns are left out, or a cell is already reported
    issued_on, valid_until = values["issued_on"], values["valid_until"]
    if issued_on is None and valid_until is None:
        return None
    if issued_on is None or valid_until is None:
        problems.append(
            Problem(
                line,
                "issued_on" if issued_on is None else "valid_until",
                _("Give both the issue date and the end of validity of the mark, or neither."),
            )
        )
        return None
    if valid_until <= issued_on:
        problems.append(
            Problem(
                line,
                "valid_until",
                _("The end of validity must come after the issue date (%(date)s).")
                % {"date": issued_on.strftime("%d/%m/%Y")},
            )
        )
        return None
    if existing is not None and existing.certification_kind is not None:
        if (issued_on, valid_until) == (existing.first_certified_on, existing.certified_until):
            return None  # the history already says so: nothing to record
        problems.append(
            Problem(
                line,
                "issued_on" if issued_on != existing.first_certified_on else "valid_until",
                _(
                    "This cooperative already has a certification history (first issued on "
                    "%(issued)s, valid until %(until)s) and the import never changes it: record "
                    "a renewal or any other event on the cooperative in the admin, or give the "
                    "dates the register already has."
                )
                % {
                    "issued": _day(existing.first_certified_on),
                    "until": _day(existing.certified_until),
                },
            )
        )
        return None
    number = values.get("certificate_number", existing.certificate_number if existing else "")
    if not number:
        problems.append(
            Problem(
                line,
                "certificate_number",
                _("The mark is issued with a certificate number: fill in certificate_number."),
            )
        )
        return None
    return issued_on, valid_until


def _plan_english(
    line: int, values: dict[str, Any], existing: Cooperative | None, problems: list[Problem]
) -> dict[str, str] | None:
    """The English translation the row gives, as Italian text → English text, paragraph by
    paragraph (and item by item), so that wagtail-localize can publish it."""
    strings: dict[str, str] = {}
    for column, source in ENGLISH_COLUMNS.items():
        english = values.get(column, "")
        if not english:
            continue
        italian = values[source] if source in values else getattr(existing, source, "")
        if COLUMNS[source] == "rich":
            italian_blocks, english_blocks = (
                blocks_from_rich_text(italian),
                _blocks_from_text(english),
            )
        else:
            italian_blocks, english_blocks = [("p", italian)] if italian else [], [("p", english)]
        if [kind for kind, _text in italian_blocks] != [kind for kind, _text in english_blocks]:
            problems.append(
                Problem(
                    line,
                    column,
                    _(
                        "The translation must have the paragraphs and list items of %(column)s, "
                        "in the same order (%(count)s)."
                    )
                    % {"column": source, "count": len(italian_blocks)},
                )
            )
            continue
        for (_kind, italian_text), (_kind, english_text) in zip(
            italian_blocks, english_blocks, strict=True
        ):
            # Rich text segments are HTML: the file's text is text, never markup.
            rich = COLUMNS[source] == "rich"
            strings[italian_text] = escape(english_text, quote=False) if rich else english_text
    return strings or None


def _day(date: datetime.date | None) -> str:
    return date.strftime("%d/%m/%Y") if date else "–"


# Applying ----------------------------------------------------------------------------------


class ImportApplyError(Exception):
    pass


def apply_plan(plan: ImportPlan, user=None, progress: Progress | None = None) -> dict[str, int]:
    """Write a valid plan through the register's one write path: all of it, or nothing."""
    if not plan.is_valid:
        raise ValueError("An import plan with problems cannot be applied.")
    rows = [row for row in plan.rows if row.action != "unchanged"]
    try:
        with transaction.atomic():
            _wait_for_other_imports()
            _check_register_unchanged(rows)
            write_cooperatives([row.write() for row in rows], user=user, progress=progress)
    except IntegrityError as error:
        raise ImportApplyError(
            _("The register changed while importing; nothing was written (%(error)s).")
            % {"error": error}
        ) from error
    except OperationalError as error:
        if "lock" not in str(error).lower():
            raise
        raise ImportApplyError(
            _(
                "Another import or change was being written at the same time; nothing was "
                "written. Try again in a moment."
            )
        ) from error
    return plan.counts


# The key of the PostgreSQL advisory lock that imports take in turn: any fixed number (here
# the day the register was set up).
IMPORT_LOCK = 20221119


def _wait_for_other_imports() -> None:
    """One import writes at a time, and the next checks its plan against what the first wrote;
    otherwise two files changing the same record could leave a mixture of both (sectors from
    one, name from the other). PostgreSQL: an advisory lock held until the transaction ends.
    SQLite: its single write lock, taken now by a write of no rows, before anything is read
    (another writer waits for it up to the busy timeout, then is refused)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
        elif connection.vendor == "sqlite":
            table = connection.ops.quote_name(Cooperative._meta.db_table)
            column = connection.ops.quote_name(Cooperative._meta.pk.column)
            # Names from the model, quoted: nothing from the file reaches this statement.
            cursor.execute(f"UPDATE {table} SET {column} = {column} WHERE 1 = 0")


def _check_register_unchanged(rows: list[RowPlan]) -> None:
    """The records the plan updates have no revision newer than the plan's, and the ones it
    creates (their VAT numbers and slugs) do not exist yet."""
    planned = {
        row.instance.pk: row.instance.latest_revision_id for row in rows if row.action == "update"
    }
    current = dict(
        Cooperative.objects.filter(pk__in=list(planned)).values_list("pk", "latest_revision_id")
    )
    creates = [row.instance for row in rows if row.action == "create"]
    in_locale = Cooperative.objects.filter(locale=Locale.get_default())
    taken = in_locale.filter(vat_number__in=[c.vat_number for c in creates]).exists() or (
        in_locale.filter(slug__in=[c.slug for c in creates]).exists()
    )
    # A history recorded in the admin since the plan was made: the issue would not be the first.
    issued = [row.instance.pk for row in rows if row.issue and row.action == "update"]
    if issued and CertificationEvent.objects.filter(cooperative_id__in=issued).exists():
        taken = True
    if current != planned or taken:
        raise ImportApplyError(
            _(
                "The register changed after this file was checked (another import, or an edit "
                "in the admin); nothing was written. Check the file again, then import it."
            )
        )


def import_file(
    data: bytes,
    filename: str,
    *,
    dry_run: bool = False,
    user=None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Validate and, unless it is a dry run or a row is invalid, apply. Returns the plan."""
    plan = plan_import(data, filename, progress=progress)
    if plan.is_valid and not dry_run:
        apply_plan(plan, user=user, progress=progress)
    return plan
