"""The shortlist's table, once: the columns the page shows and the CSV, XLSX and PDF files
hold, in the active language, with the register's own headings (register.schema)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from register.schema import FIELDS

from .records import Entry


@dataclass(frozen=True)
class Column:
    name: str  # the public field of register.schema whose heading it takes
    read: Callable[[Entry, Callable[[str], str]], Any]  # (entry, absolute) → value

    @property
    def heading(self) -> str:
        return FIELDS[self.name].heading


def _names(terms) -> str:
    return ", ".join(term.name for term in terms)


COLUMNS = [
    Column("name", lambda entry, absolute: entry.record.name),
    Column("vat_number", lambda entry, absolute: entry.record.vat_display),
    Column("status", lambda entry, absolute: entry.explanation.label),
    Column("status_since", lambda entry, absolute: entry.explanation.since),
    Column("valid_until", lambda entry, absolute: entry.record.certified_until),
    Column("legal_form", lambda entry, absolute: entry.record.get_legal_form_display()),
    Column("comune", lambda entry, absolute: f"{entry.record.comune} ({entry.record.province})"),
    Column("sectors", lambda entry, absolute: _names(entry.view.sectors)),
    Column("url", lambda entry, absolute: absolute(entry.view.url)),
]


def headings() -> list[str]:
    return [column.heading for column in COLUMNS]


def rows(entries: list[Entry], absolute: Callable[[str], str]) -> list[list[Any]]:
    return [[column.read(entry, absolute) for column in COLUMNS] for entry in entries]


def is_date(value: Any) -> bool:
    return isinstance(value, datetime.date)
