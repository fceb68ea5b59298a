"""The shapes of the register API's answers and parameters; the OpenAPI schema is generated
from them. Every closed set is built from its one definition in the register, never retyped."""

import datetime
import re
from typing import Annotated, Literal

from django.conf import settings
from ninja import Field, Schema
from pydantic import BeforeValidator, WithJsonSchema

from .filters import QUERY_MAX_LENGTH as WORDS_MAX_LENGTH
from .filters import SORT_CHOICES, STATUS_CHOICES, WORDS_PATTERN
from .models.cooperatives import LegalForm
from .models.events import EventKind, Status
from .numbers import VAT_LENGTH
from .verification import OUTCOMES, QUERY_MAX_LENGTH


def _one_of(values) -> object:
    """A Literal of these values: an enum in the schema, checked by the API."""
    return Literal[tuple(values)]


def _iso_date_only(value: object) -> object:
    # Pydantic would also read "0" or "1700000000" as a date (seconds since 1970).
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("Write the date as YYYY-MM-DD.")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]

Language = _one_of(code for code, _name in settings.LANGUAGES)
# A cooperative never certified is never public, so "pending" is never answered.
StatusCode = _one_of(status.value for status in Status if status != Status.PENDING)
EventCode = _one_of(EventKind.values)
LegalFormCode = _one_of(LegalForm.values)
# Filters: an empty value means "any".
LegalFormFilter = _one_of(["", *LegalForm.values])
StatusFilter = _one_of(code for code, _label in STATUS_CHOICES)
SortOrder = _one_of(code for code, _label in SORT_CHOICES)
Outcome = _one_of(OUTCOMES)

# Free words: anything but control characters (the listing form's rule, stated here).
Words = Annotated[
    str,
    WithJsonSchema({"type": "string", "maxLength": WORDS_MAX_LENGTH, "pattern": WORDS_PATTERN}),
]
# Checked by register.numbers in the operation, with the verification's messages; the custom
# format names the rule a pattern cannot state (tax office code and check digit).
VatNumber = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "format": "it-vat",
            "minLength": VAT_LENGTH,
            "description": "An Italian VAT number: 11 digits, the 8th to 10th the code of a tax "
            "office and the last a check digit, optionally after IT; spaces, dots and dashes "
            "are ignored. A malformed number is a 400 with the message /verify gives; a valid "
            "one not in the register is a 404.",
            "examples": ["IT01234560165"],
        }
    ),
]
# The codes of the sectors and areas live in the database: the listing form checks them, and
# the served schema lists the codes of the day where this mark is (register.api.RegisterAPI).
VOCABULARY = "x-register-vocabulary"
SectorCode = Annotated[str, WithJsonSchema({"type": "string", VOCABULARY: "sectors"})]
AreaCode = Annotated[str, WithJsonSchema({"type": "string", VOCABULARY: "areas"})]


class ParameterError(Schema):
    parameter: str = Field(description="The parameter, as in the request (e.g. sector, vat).")
    message: str = Field(description="What is wrong with its value, in the language asked for.")


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
    errors: list[ParameterError] = Field(
        default_factory=list, description="One entry per parameter that was not valid (400)."
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "detail": "Some parameters are not valid.",
                    "errors": [
                        {
                            "parameter": "vat",
                            "message": "A VAT number has 11 digits; this one has 10.",
                        }
                    ],
                }
            ]
        }
    }


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
    legal_form: LegalFormCode
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
    query: str = Field(description=f"The query as read (at most {QUERY_MAX_LENGTH} characters).")
    outcome: Outcome
    message: str | None = Field(
        description="Why the query is not a valid VAT or certificate number (outcomes "
        "too_long, invalid_vat and invalid_certificate); null otherwise."
    )
    as_of: datetime.date
    register_url: str
    cooperative: VerifiedCooperative | None
