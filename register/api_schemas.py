"""The shapes of the register API's answers; the OpenAPI schema is generated from them."""

import datetime
import re
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator


def _iso_date_only(value: object) -> object:
    # Pydantic would also read "0" or "1700000000" as a date (seconds since 1970).
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("Write the date as YYYY-MM-DD.")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]

Language = Literal["it", "en"]
StatusCode = Literal["active", "suspended", "revoked", "expired"]
EventCode = Literal["issued", "renewed", "suspended", "reinstated", "revoked"]


# What a status means, since when and why (register.status_explanation), in every answer
# that gives a status.
StatusSince = Annotated[
    datetime.date | None,
    Field(
        description="First day of the status: the date of the event behind it (for an active "
        "mark its latest issue, renewal or reinstatement), or for an expired mark the day after "
        "valid_until."
    ),
]
StatusExplanationText = Annotated[
    str, Field(description="What the status means for a buyer, in the language asked for.")
]
StatusNote = Annotated[
    str,
    Field(
        description="Public note of the event behind the status (the reason of a suspension or "
        "a revocation), as the register recorded it; empty for an expiry."
    ),
]


class Error(Schema):
    detail: str = Field(description="What went wrong, in plain words.")
    errors: list[dict] = Field(
        default_factory=list, description="One entry per parameter that was not valid."
    )


class Term(Schema):
    code: str = Field(description="Language-neutral code, used in filters.")
    name: str


class Area(Term):
    zones: list[Term] = Field(
        description="Zones within the province; filtering by the province includes them."
    )


class Certification(Schema):
    status: StatusCode = Field(description="Status of the mark on status_as_of.")
    status_label: str
    status_since: StatusSince
    status_explanation: StatusExplanationText
    status_note: StatusNote
    status_as_of: datetime.date
    certificate_number: str
    first_certified_on: datetime.date | None
    valid_until: datetime.date | None
    latest_event: EventCode | None
    latest_event_on: datetime.date | None


class CooperativeSummary(Schema):
    name: str
    vat_number: str = Field(description="Italian VAT number with the IT prefix.")
    fiscal_code: str
    legal_form: str = Field(description="lavoro, sociale-a, sociale-b or consorzio.")
    legal_form_label: str
    certification: Certification
    sectors: list[Term]
    areas: list[Term]
    comune: str
    province: str
    url: str | None = Field(
        description="The cooperative's page on the site; none once the mark is revoked or expired."
    )
    api_url: str


class Address(Schema):
    street: str
    postcode: str
    comune: str
    province: str


class Workforce(Schema):
    workers: int | None
    members: int | None
    disadvantaged_workers: int | None


class Requirement(Schema):
    requirement: str
    detail: str
    verified_on: datetime.date | None


class Event(Schema):
    kind: EventCode
    kind_label: str
    date: datetime.date = Field(description="The day the event took effect.")
    valid_until: datetime.date | None = Field(description="Set by an issue or a renewal.")
    note: str
    recorded_at: datetime.datetime = Field(description="When the register recorded it.")


class CooperativeDetail(CooperativeSummary):
    albo_number: str
    albo_section: str
    rea_number: str
    address: Address
    website: str
    email: str
    phone: str
    workforce: Workforce
    description_html: str
    services_html: str
    text_language: Language = Field(
        description="The language of the texts: the one asked for, or Italian where the "
        "cooperative's texts are not translated yet."
    )
    requirements: list[Requirement]
    history: list[Event] = Field(description="Certification events, most recent first.")


class Paginated(Schema):
    count: int = Field(description="How many results in all.")
    page: int
    pages: int
    page_size: int
    next: str | None
    previous: str | None
    language: Language


class CooperativeList(Paginated):
    results: list[CooperativeSummary]


class CooperativeReference(Schema):
    name: str
    vat_number: str
    url: str | None
    api_url: str


class Change(Event):
    cooperative: CooperativeReference


class ChangeList(Paginated):
    since: datetime.date
    results: list[Change]


class VerifiedCooperative(Schema):
    name: str
    vat_number: str
    certificate_number: str
    status: StatusCode
    status_label: str
    status_since: StatusSince
    status_explanation: StatusExplanationText
    status_note: StatusNote
    first_certified_on: datetime.date | None
    valid_until: datetime.date | None
    latest_event: EventCode | None
    latest_event_on: datetime.date | None
    url: str | None


class Verification(Schema):
    query: str
    outcome: Literal["empty", "too_long", "invalid_vat", "not_found", "found"]
    as_of: datetime.date
    register_url: str
    cooperative: VerifiedCooperative | None
