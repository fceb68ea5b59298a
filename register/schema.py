"""A cooperative's public fields, each said once: its name, its type, how it is read, its
heading (in the visitor's language), its meaning and an example. The API's schemas and answers,
the exports' columns and spreadsheet headings, the verification answer and the data dictionary
are all built from FIELDS, each in the order of its layout below.

To add a public field: one `PublicField` in FIELDS (`_record` for a field of the record itself;
otherwise say in `columns` what it reads of the record, which the exports fetch), its name in
the layouts that show it (EXPORT, the API's SUMMARY or DETAIL, VERIFIED, REFERENCE), then
`make messages` and the Italian and English of its heading and meaning. tests/register/
test_schema.py checks that each output shows what its layout says."""

import datetime
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Literal

from django.conf import settings
from django.db.models import TextChoices
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from wagtail.rich_text import expand_db_html

from .models.cooperatives import LegalForm, RegionalSection
from .models.events import CertificationEvent, EventKind, Status
from .status_explanation import StatusExplanation


def one_of(values) -> object:
    """A Literal of these values: an enum in the API's schema, checked by the API."""
    return Literal[tuple(values)]


Language = one_of(code for code, _name in settings.LANGUAGES)
# A cooperative never certified is never public, so "pending" is never answered.
StatusCode = one_of(status.value for status in Status if status != Status.PENDING)
EventCode = one_of(EventKind.values)
LegalFormCode = one_of(LegalForm.values)
RegionalSectionCode = one_of(["", *RegionalSection.values])


# The shapes of the items of the list fields.
class Term(Schema):
    code: str = Field(description="Language-neutral code, used in filters.")
    name: str


class Requirement(Schema):
    requirement: str
    detail: str
    verified_on: datetime.date | None


class Site(Schema):
    label: str = Field(description="The site's name, as the cooperative writes it.")
    street: str
    postcode: str
    comune: str
    province: str
    latitude: float | None
    longitude: float | None


def _sites(reading: "Reading") -> list[dict]:
    return [
        {
            "label": site.label,
            "street": site.street,
            "postcode": site.postcode,
            "comune": site.comune,
            "province": site.province,
            "latitude": None if site.latitude is None else float(site.latitude),
            "longitude": None if site.longitude is None else float(site.longitude),
        }
        for site in reading.record.operating_sites.all()
    ]


def _distance(reading: "Reading") -> float | None:
    km = getattr(reading.record, "distance_km", None)
    return None if km is None else round(km, 1)


class Event(Schema):
    kind: EventCode
    kind_label: str
    date: datetime.date = Field(description="The day the event took effect.")
    valid_until: datetime.date | None = Field(description="Set by an issue or a renewal.")
    note: str
    recorded_at: datetime.datetime = Field(description="When the register recorded it.")


@dataclass
class Reading:
    """One cooperative as the fields read it: the record (a Cooperative, or an export's
    values() row with the same attribute names) and what the caller worked out for the fields
    its layout shows, once per record."""

    record: Any
    explanation: StatusExplanation | None = None
    today: datetime.date | None = None
    sectors: Sequence = ()  # of vocabulary terms, in the vocabulary's order
    areas: Sequence = ()
    url: str | None = None  # the cooperative's page, where it has one
    api_url: str = ""
    view: Any = None  # the presentation.CooperativeView (texts, requirements): the API's detail


@dataclass(frozen=True)
class PublicField:
    name: str
    type: Any  # as the API's schema states it
    read: Callable[[Reading], Any]
    # The meaning: in the data dictionary (both languages) and, in English, in the API's schema.
    description: str | Promise
    label: Promise | None = None  # the heading in the spreadsheet: every exported field has one
    example: str = ""  # as the CSV shows it
    columns: tuple[str, ...] = ()  # what it reads of the record (the exports' values() row)
    choices: type[TextChoices] | None = None  # codes the spreadsheet shows as their labels
    api_description: str = ""  # where the API's answer says more than the exports' (in English)

    @property
    def heading(self) -> str:
        """The spreadsheet's heading, in the active language."""
        return capfirst(str(self.label))

    def api_text(self) -> str:
        if self.api_description:
            return self.api_description
        with translation.override("en"):
            return str(self.description)


def _record(name: str, source: str | None = None, **options) -> PublicField:
    """A field that is the record's own attribute (`source`, by default the same name)."""
    source = source or name
    read = attrgetter(f"record.{source}")
    return PublicField(name, read=read, columns=(source,), **options)


def _explained(name: str, attribute: str, **options) -> PublicField:
    """A field of the status's explanation (register.status_explanation)."""
    return PublicField(name, read=attrgetter(f"explanation.{attribute}"), **options)


def term_data(term) -> dict:
    """A sector or an area (a vocabulary term), as the API gives it."""
    return {"code": term.code, "name": term.name}


def _terms(terms) -> list[dict]:
    return [term_data(term) for term in terms]


def event_data(event: CertificationEvent) -> dict:
    """One event of the history, as the API gives it (in the history and in the changes)."""
    return {
        "kind": event.kind,
        "kind_label": str(EventKind(event.kind).label),
        "date": event.date,
        "valid_until": event.valid_until,
        "note": event.note_for(translation.get_language())[0],
        "recorded_at": event.recorded_at,
    }


def _requirements(reading: Reading) -> list[dict]:
    return [
        {
            "requirement": str(requirement.label),
            "detail": requirement.detail,
            "verified_on": requirement.verified_on,
        }
        for requirement in reading.view.requirements
    ]


def _float(value) -> float | None:
    return None if value is None else float(value)


OptionalDate = datetime.date | None
OptionalNumber = int | None

FIELDS: dict[str, PublicField] = {
    field.name: field
    for field in [
        _record(
            "name",
            type=str,
            label=_("Name"),
            description=_("The cooperative's registered name."),
            example="Lavoro Pulito Società Cooperativa",
        ),
        PublicField(
            "vat_number",
            type=str,
            read=lambda reading: f"IT{reading.record.vat_number}",
            columns=("vat_number",),
            label=_("VAT number"),
            description=_("Italian VAT number (partita IVA), with the IT prefix."),
            example="IT01234567897",
            api_description="Italian VAT number with the IT prefix.",
        ),
        _record(
            "fiscal_code",
            type=str,
            label=_("Fiscal code"),
            description=_(
                "Fiscal code (codice fiscale): for most cooperatives, the digits of the VAT number."
            ),
            example="01234567897",
        ),
        _record(
            "certificate_number",
            type=str,
            label=_("Certificate number"),
            description=_("Number of the Impact certificate."),
            example="IMP-2023-0042",
        ),
        PublicField(
            "status",
            type=StatusCode,
            read=lambda reading: reading.explanation.status.value,
            label=_("Status"),
            description=_(
                "Status of the mark on the date in status_as_of: active, suspended, revoked, "
                "withdrawn (the cooperative left the register at its own request) or expired. "
                "Only an active mark is valid."
            ),
            example="active",
            choices=Status,
            api_description="Status of the mark on status_as_of.",
        ),
        PublicField(
            "status_as_of",
            type=datetime.date,
            read=attrgetter("today"),
            label=_("Status as of"),
            description=_("The date the status refers to: the day of the download."),
            example="2026-11-24",
            api_description="The date the status refers to: the day of the answer.",
        ),
        _explained(
            "status_label",
            "label",
            type=str,
            label=_("Status in words"),
            description=_("The status in words, in the language of the download."),
            example="Sospeso",
            api_description="The status in words, in the language asked for.",
        ),
        _explained(
            "status_since",
            "since",
            type=OptionalDate,
            label=_("Status since"),
            description=_(
                "First day of the status: the date of the event behind it (for an active mark "
                "its latest issue, renewal or reinstatement), or for an expired mark the day "
                "after valid_until."
            ),
            example="2026-10-02",
        ),
        _explained(
            "status_explanation",
            "meaning",
            type=str,
            label=_("What the status means"),
            description=_(
                "What the status means for a buyer, in one sentence in the language of the "
                "download."
            ),
            example="Il marchio è sospeso: non considerare certificata questa cooperativa "
            "finché il marchio non viene riattivato.",
            api_description="What the status means for a buyer, in the language asked for.",
        ),
        _explained(
            "status_note",
            "note",
            type=str,
            label=_("Note on the status"),
            description=_(
                "Public note of the event behind the status, such as the reason of a "
                "suspension or a revocation, as the register recorded it (in Italian); empty "
                "for an expiry."
            ),
            example="Sospeso in attesa dell'esito della revisione cooperativa.",
            api_description="Public note of the event behind the status (the reason of a "
            "suspension or a revocation), as the register recorded it; empty for an expiry.",
        ),
        _record(
            "first_certified_on",
            type=OptionalDate,
            label=_("First issued on"),
            description=_("Date the mark was first issued."),
            example="2023-03-15",
        ),
        _record(
            "valid_until",
            "certified_until",
            type=OptionalDate,
            label=_("Valid until"),
            description=_("Last day of validity of the current certificate."),
            example="2026-03-14",
        ),
        _record(
            "latest_event",
            "certification_kind",
            type=EventCode | None,
            label=_("Latest event"),
            description=_(
                "Latest event of the history: issued, renewed, suspended, reinstated, revoked or "
                "withdrawn."
            ),
            example="renewed",
            choices=EventKind,
        ),
        _record(
            "latest_event_on",
            "certification_date",
            type=OptionalDate,
            label=_("Latest event on"),
            description=_("Date of the latest event."),
            example="2025-03-10",
        ),
        _record(
            "legal_form",
            type=LegalFormCode,
            label=_("Legal form"),
            description=_(
                "Legal form: lavoro (worker cooperative), sociale-a and sociale-b (social "
                "cooperatives of type A and B), consorzio (consortium)."
            ),
            example="sociale-b",
            choices=LegalForm,
        ),
        PublicField(
            "legal_form_label",
            type=str,
            read=lambda reading: str(reading.record.get_legal_form_display()),
            description="The legal form in words, in the language asked for.",
        ),
        _record(
            "albo_number",
            type=str,
            label=_("Albo number"),
            description=_("Number in the national register of cooperatives (Albo)."),
            example="A123456",
        ),
        _record(
            "albo_section",
            type=str,
            description="Section of the Albo: prevalente (prevalent mutuality) or diversa "
            "(other cooperatives).",
        ),
        _record(
            "rea_number",
            type=str,
            label=_("REA number"),
            description=_("Number in the economic and administrative index (REA)."),
            example="BG-123456",
        ),
        _record(
            "regional_register_section",
            type=RegionalSectionCode,
            label=_("Regional register section"),
            description=_(
                "Section of the regional register of social cooperatives: A (social "
                "cooperatives of type A), B (of type B), C (their consortia); empty if not "
                "entered."
            ),
            example="B",
            choices=RegionalSection,
        ),
        _record(
            "regional_register_number",
            type=str,
            label=_("Regional register number"),
            description=_(
                "Number in the regional register of social cooperatives (in Lombardy, the Albo "
                "regionale delle cooperative sociali); empty if not entered."
            ),
            example="1234",
        ),
        PublicField(
            "sectors",
            type=list[Term],
            read=lambda reading: _terms(reading.sectors),
            label=_("Sectors"),
            description=_(
                "Codes of the sectors it works in, separated by semicolons (see the API's sectors)."
            ),
            example="pulizie;logistica",
            api_description="The sectors it works in (see /sectors/).",
        ),
        PublicField(
            "areas",
            type=list[Term],
            read=lambda reading: _terms(reading.areas),
            label=_("Areas served"),
            description=_(
                "Codes of the areas it serves, separated by semicolons (see the API's areas)."
            ),
            example="bg-valle-seriana",
            api_description="The areas it serves (see /areas/).",
        ),
        _record(
            "street",
            type=str,
            label=_("Street address"),
            description=_("Street address of the registered office."),
            example="Via Roma 1",
        ),
        _record(
            "postcode",
            type=str,
            label=_("Postcode"),
            description=_("Postcode of the registered office."),
            example="24121",
        ),
        _record(
            "comune",
            type=str,
            label=_("Municipality"),
            description=_("Municipality of the registered office."),
            example="Bergamo",
        ),
        _record(
            "province",
            type=str,
            label=_("Province"),
            description=_("Province of the registered office (two letters)."),
            example="BG",
        ),
        PublicField(
            "latitude",
            type=float | None,
            read=lambda reading: _float(reading.record.latitude),
            description="Latitude of the registered office (WGS 84), from its municipality "
            "unless corrected.",
        ),
        PublicField(
            "longitude",
            type=float | None,
            read=lambda reading: _float(reading.record.longitude),
            description="Longitude of the registered office (WGS 84).",
        ),
        PublicField(
            "operating_sites",
            type=list[Site],
            read=_sites,
            description="Further operating sites, beside the registered office.",
        ),
        PublicField(
            "distance_km",
            type=float | None,
            read=_distance,
            columns=("distance_km",),
            label=_("Distance (km)"),
            description=_(
                "With the filter near: kilometres in a straight line from the centre of that "
                "municipality to the nearest of the registered office and the operating sites; "
                "empty without it or without coordinates."
            ),
            example="12.4",
        ),
        _record(
            "website",
            type=str,
            label=_("Website"),
            description=_("Website."),
            example="https://www.example.it/",
        ),
        _record(
            "email",
            type=str,
            label=_("E-mail"),
            description=_("Contact e-mail address."),
            example="info@example.it",
        ),
        _record(
            "phone",
            type=str,
            label=_("Phone"),
            description=_("Contact telephone number."),
            example="+39 035 000000",
        ),
        _record(
            "workers",
            type=OptionalNumber,
            label=_("Workers"),
            description=_("Number of workers, as last declared."),
            example="48",
        ),
        _record(
            "members",
            type=OptionalNumber,
            label=_("Members"),
            description=_("Number of members, as last declared."),
            example="31",
        ),
        _record(
            "disadvantaged_workers",
            type=OptionalNumber,
            label=_("Disadvantaged workers"),
            description=_(
                "Disadvantaged workers in job placement (social cooperatives of type B)."
            ),
            example="14",
        ),
        PublicField(
            "url",
            type=str | None,
            read=attrgetter("url"),
            label=_("Page in the register"),
            description=_(
                "Address of the cooperative's page in the register, in the language of the "
                "download."
            ),
            example="https://registroimpact.it/it/registro/lavoro-pulito/",
            api_description="The cooperative's page on the site; none once the mark is revoked, "
            "withdrawn or expired.",
        ),
        PublicField(
            "api_url",
            type=str,
            read=attrgetter("api_url"),
            description="This cooperative in the API, in the language asked for.",
        ),
        PublicField(
            "description_html",
            type=str,
            read=lambda reading: expand_db_html(reading.view.description or ""),
            description="What the cooperative does, as HTML.",
        ),
        PublicField(
            "services_html",
            type=str,
            read=lambda reading: expand_db_html(reading.view.services or ""),
            description="The services it offers, as HTML.",
        ),
        PublicField(
            "text_language",
            type=Language,
            read=lambda reading: reading.view.text_language or translation.get_language(),
            description="The language of the texts: the one asked for, or Italian where the "
            "cooperative's texts are not translated yet.",
        ),
        PublicField(
            "requirements",
            type=list[Requirement],
            read=_requirements,
            description="The mark's requirements, with what was checked and when.",
        ),
        PublicField(
            "history",
            type=list[Event],
            read=lambda reading: [
                event_data(event)
                for event in reading.record.certification_events.order_by("-date", "-id")
            ],
            description="Certification events, most recent first.",
        ),
    ]
}


@dataclass(frozen=True)
class Group:
    """Fields given together under one name in the API's answers."""

    name: str
    schema_name: str  # its name in the API's schema
    layout: tuple[str, ...]


Layout = tuple["str | Group", ...]

# Each output's fields, in its order (stable: reusers read the columns by position too).
EXPORT: tuple[str, ...] = (
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
    # Added later, last: the columns before them keep their positions.
    "distance_km",
    "regional_register_section",
    "regional_register_number",
)
CERTIFICATION = Group(
    "certification",
    "Certification",
    (
        "status",
        "status_label",
        "status_since",
        "status_explanation",
        "status_note",
        "status_as_of",
        "certificate_number",
        "first_certified_on",
        "valid_until",
        "latest_event",
        "latest_event_on",
    ),
)
SUMMARY: Layout = (
    "name",
    "vat_number",
    "fiscal_code",
    "legal_form",
    "legal_form_label",
    CERTIFICATION,
    "sectors",
    "areas",
    "comune",
    "province",
    "distance_km",
    "url",
    "api_url",
)
# The detail is the summary and these.
DETAIL: Layout = (
    "albo_number",
    "albo_section",
    "rea_number",
    "regional_register_section",
    "regional_register_number",
    Group(
        "address",
        "Address",
        ("street", "postcode", "comune", "province", "latitude", "longitude"),
    ),
    "operating_sites",
    "website",
    "email",
    "phone",
    Group("workforce", "Workforce", ("workers", "members", "disadvantaged_workers")),
    "description_html",
    "services_html",
    "text_language",
    "requirements",
    "history",
)
# The cooperative an event of the changes is about.
REFERENCE: Layout = ("name", "vat_number", "url", "api_url")
VERIFIED: Layout = (
    "name",
    "vat_number",
    "certificate_number",
    "regional_register_section",
    "regional_register_number",
    "status",
    "status_label",
    "status_since",
    "status_explanation",
    "status_note",
    "first_certified_on",
    "valid_until",
    "latest_event",
    "latest_event_on",
    "url",
)


def shape(layout: Layout, reading: Reading) -> dict:
    """The fields of a layout read from one cooperative, groups nested, in the layout's order."""
    return {key: read(reading) for key, read in _readers(layout)}


@functools.cache
def _readers(layout: Layout) -> tuple[tuple[str, Callable[[Reading], Any]], ...]:
    # Worked out once per layout: an export reads every field of thousands of rows.
    return tuple(
        (entry.name, functools.partial(shape, entry.layout))
        if isinstance(entry, Group)
        else (entry, FIELDS[entry].read)
        for entry in layout
    )


def names(layout: Layout) -> list[str]:
    """Every field a layout shows, its groups' included."""
    found = []
    for entry in layout:
        found.extend(names(entry.layout) if isinstance(entry, Group) else [entry])
    return found
