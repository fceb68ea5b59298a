"""The register as open data: what each exported field means, under which licence."""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.functional import Promise

from infrastructure.ratelimit import limit_of

from .exports import date_formats, people_values
from .schema import EXPORT, FIELDS
from .vocabulary import Vocabulary

LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass
class FieldDescription:
    name: str
    meaning: str | Promise
    example: str
    heading: str = ""  # the column's heading in the spreadsheet (XLSX)
    shown: str = ""  # the example as the spreadsheet shows it


def data_dictionary() -> list[FieldDescription]:
    """Every column, as the machine formats (CSV, JSON) and the spreadsheet show it."""
    shown = people_values(Vocabulary())
    return [
        FieldDescription(
            name,
            field.description,
            field.example,
            heading=field.heading,
            shown=_as_shown(shown.get(name), field.example),
        )
        for name in EXPORT
        for field in [FIELDS[name]]
    ]


def _as_shown(convert, example: str) -> str:
    if convert is not None:
        return convert(example)
    try:  # a date: the spreadsheet has a date cell, shown in the reader's format
        return date_format(datetime.date.fromisoformat(example), date_formats()[1])
    except ValueError:
        return example


def api_rate_limit() -> tuple[int, int] | None:
    """(requests, seconds) allowed to each client of the API, as configured."""
    return limit_of("api")
