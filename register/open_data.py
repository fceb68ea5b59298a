"""The register as open data: what each exported field means, under which licence."""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from infrastructure.ratelimit import limit_of

from .exports import COLUMNS, column_label, date_formats, people_values
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


# The meaning of every export column; the API uses the same names for the same facts.
DESCRIPTIONS = {
    "name": (_("The cooperative's registered name."), "Lavoro Pulito Società Cooperativa"),
    "vat_number": (_("Italian VAT number (partita IVA), with the IT prefix."), "IT01234567897"),
    "fiscal_code": (
        _("Fiscal code (codice fiscale): for most cooperatives, the digits of the VAT number."),
        "01234567897",
    ),
    "certificate_number": (_("Number of the Impact certificate."), "IMP-2023-0042"),
    "status": (
        _(
            "Status of the mark on the date in status_as_of: active, suspended, revoked or "
            "expired. Only an active mark is valid."
        ),
        "active",
    ),
    "status_as_of": (_("The date the status refers to: the day of the download."), "2026-11-24"),
    "status_label": (_("The status in words, in the language of the download."), "Sospeso"),
    "status_since": (
        _(
            "First day of the status: the date of the event behind it (for an active mark its "
            "latest issue, renewal or reinstatement), or for an expired mark the day after "
            "valid_until."
        ),
        "2026-10-02",
    ),
    "status_explanation": (
        _("What the status means for a buyer, in one sentence in the language of the download."),
        "Il marchio è sospeso: non considerare certificata questa cooperativa finché il "
        "marchio non viene riattivato.",
    ),
    "status_note": (
        _(
            "Public note of the event behind the status, such as the reason of a suspension or "
            "a revocation, as the register recorded it (in Italian); empty for an expiry."
        ),
        "Sospeso in attesa dell'esito della revisione cooperativa.",
    ),
    "first_certified_on": (_("Date the mark was first issued."), "2023-03-15"),
    "valid_until": (_("Last day of validity of the current certificate."), "2026-03-14"),
    "latest_event": (
        _("Latest event of the history: issued, renewed, suspended, reinstated or revoked."),
        "renewed",
    ),
    "latest_event_on": (_("Date of the latest event."), "2025-03-10"),
    "legal_form": (
        _(
            "Legal form: lavoro (worker cooperative), sociale-a and sociale-b (social "
            "cooperatives of type A and B), consorzio (consortium)."
        ),
        "sociale-b",
    ),
    "albo_number": (_("Number in the national register of cooperatives (Albo)."), "A123456"),
    "rea_number": (_("Number in the economic and administrative index (REA)."), "BG-123456"),
    "sectors": (
        _("Codes of the sectors it works in, separated by semicolons (see the API's sectors)."),
        "pulizie;logistica",
    ),
    "areas": (
        _("Codes of the areas it serves, separated by semicolons (see the API's areas)."),
        "bg-valle-seriana",
    ),
    "street": (_("Street address of the registered office."), "Via Roma 1"),
    "postcode": (_("Postcode of the registered office."), "24121"),
    "comune": (_("Municipality of the registered office."), "Bergamo"),
    "province": (_("Province of the registered office (two letters)."), "BG"),
    "website": (_("Website."), "https://www.example.it/"),
    "email": (_("Contact e-mail address."), "info@example.it"),
    "phone": (_("Contact telephone number."), "+39 035 000000"),
    "workers": (_("Number of workers, as last declared."), "48"),
    "members": (_("Number of members, as last declared."), "31"),
    "disadvantaged_workers": (
        _("Disadvantaged workers in job placement (social cooperatives of type B)."),
        "14",
    ),
    "url": (
        _("Address of the cooperative's page in the register, in the language of the download."),
        "https://registroimpact.it/it/registro/lavoro-pulito/",
    ),
}


def data_dictionary() -> list[FieldDescription]:
    """Every column, as the machine formats (CSV, JSON) and the spreadsheet show it."""
    shown = people_values(Vocabulary())
    fields = []
    for name in COLUMNS:
        meaning, example = DESCRIPTIONS[name]
        fields.append(
            FieldDescription(
                name,
                meaning,
                example,
                heading=column_label(name),
                shown=_as_shown(shown.get(name), example),
            )
        )
    return fields


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
