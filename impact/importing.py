"""The import of yearly figures from a spreadsheet (CSV or XLSX): one row per cooperative (by
its VAT number) and year, written all or nothing. The file is read, and its problems reported
line by line, by the cooperative import's own reader (register.importing); the rules of a
row are the model's (impact.rules). A row for a year already recorded replaces it."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from infrastructure.invalidation import bulk_changes
from register.importing import (
    CellError,
    ImportFileError,
    Problem,
    Table,
    cell_date,
    cell_int,
    cell_text,
    cell_vat,
    read_table,
)
from register.models import Cooperative
from register.receivers import register_urls

from . import rules
from .models import YearlyFigures

COLUMNS = (
    "vat_number",
    "year",
    *rules.FIGURES,
    "source",
    "declared_on",
)
REQUIRED_COLUMNS = ("vat_number", "year", "source", "declared_on")
SOURCE_LENGTH = YearlyFigures._meta.get_field("source").max_length
EURO = re.compile(r"^\d+([.,]\d{1,2})?$")


@dataclass
class FiguresPlan:
    filename: str
    rows: list[YearlyFigures] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems and bool(self.rows)

    def formatted_problems(self) -> list[str]:
        return [problem.format(self.filename) for problem in self.problems]

    def write(self) -> int:
        """Store every row, or none: a row for a recorded year replaces its figures."""
        if not self.is_valid:
            raise ValueError("An import with problems is never written.")
        # One change of content at the end, purging the pages of the cooperatives written.
        touched = {row.cooperative_id: row.cooperative for row in self.rows}.values()
        with transaction.atomic(), bulk_changes(register_urls(*touched)):
            for row in self.rows:
                values = {name: getattr(row, name) for name in (*rules.FIGURES, "source")}
                values["declared_on"] = row.declared_on
                YearlyFigures.objects.update_or_create(
                    cooperative=row.cooperative, year=row.year, defaults=values
                )
        return len(self.rows)


def _euro(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        raise CellError(_("Write an amount in euro, e.g. 1250000.50."))
    if isinstance(value, (int, float)):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = cell_text(value)
    if not text:
        return None
    if not EURO.match(text.replace(" ", "")):
        raise CellError(
            _("“%(value)s” is not an amount in euro: write digits only, e.g. 1250000.50.")
            % {"value": text}
        )
    try:
        return Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern already refused it
        raise CellError(_("Write an amount in euro, e.g. 1250000.50.")) from None


def _header_problems(table: Table) -> list[Problem]:
    line = table.header_line
    problems, seen = [], set()
    for index, name in enumerate(table.columns, start=1):
        if name not in COLUMNS:
            problems.append(
                Problem(
                    line,
                    name or f"#{index}",
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


def _cell(name: str, value: Any, today: datetime.date) -> Any:
    if name == "vat_number":
        return cell_vat(value)
    if name == "year":
        return cell_int(value)
    if name == "value_of_production":
        return _euro(value)
    if name == "declared_on":
        return cell_date(value, today, future=None)  # the rules say why a future date is wrong
    if name == "source":
        return cell_text(value)
    return cell_int(value)


def plan_import(data: bytes, filename: str) -> FiguresPlan:
    """Read and check a file of yearly figures; nothing is written (FiguresPlan.write)."""
    plan = FiguresPlan(filename)
    try:
        table = read_table(data, filename)
    except ImportFileError as error:
        plan.problems.append(Problem(error.line, error.column, str(error)))
        return plan
    plan.problems = _header_problems(table)
    if plan.problems:
        return plan
    today = timezone.localdate()
    cooperatives = {
        cooperative.vat_number: cooperative
        for cooperative in Cooperative.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    }
    seen: dict[tuple[str, int], int] = {}
    for line, cells in table.rows:
        values: dict[str, Any] = {}
        problems = []
        for index, name in enumerate(table.columns):
            try:
                values[name] = _cell(name, cells[index] if index < len(cells) else None, today)
            except CellError as error:
                problems.append(Problem(line, name, str(error)))
        for name in REQUIRED_COLUMNS:
            if name not in {problem.column for problem in problems} and values.get(name) in (
                None,
                "",
            ):
                problems.append(Problem(line, name, _("This cell is required.")))
        if len(values.get("source") or "") > SOURCE_LENGTH:
            problems.append(
                Problem(
                    line,
                    "source",
                    _("At most %(count)s characters.") % {"count": SOURCE_LENGTH},
                )
            )
        cooperative = cooperatives.get(values.get("vat_number") or "")
        if values.get("vat_number") and cooperative is None:
            problems.append(
                Problem(
                    line, "vat_number", _("No cooperative of the register has this VAT number.")
                )
            )
        if not problems:
            blamed = rules.problems(values, today)
            problems.extend(Problem(line, name, message) for name, message in blamed.items())
        key = (values.get("vat_number"), values.get("year"))
        if not problems and key in seen:
            problems.append(
                Problem(
                    line,
                    "year",
                    _("This cooperative's figures for this year are already on line %(line)s.")
                    % {"line": seen[key]},
                )
            )
        if problems:
            plan.problems.extend(problems)
            continue
        seen[key] = line
        plan.rows.append(
            YearlyFigures(
                cooperative=cooperative,
                **{name: values.get(name) for name in (*COLUMNS[1:],)},
            )
        )
    if plan.problems:
        plan.rows = []
    return plan
