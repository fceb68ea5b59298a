"""The shapes of the register API's answers and parameters; the OpenAPI schema is generated
from them. A cooperative's fields come from the register's public schema (register.schema);
every closed set is built from its one definition in the register, never retyped."""

import datetime
import re
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator, WithJsonSchema, create_model

from .distance import RADIUS_CHOICES
from .filters import QUERY_MAX_LENGTH as WORDS_MAX_LENGTH
from .filters import SORT_CHOICES, STATUS_CHOICES, WORDS_PATTERN
from .models.cooperatives import LegalForm
from .numbers import VAT_LENGTH
from .schema import (
    DETAIL,
    FIELDS,
    REFERENCE,
    SUMMARY,
    VERIFIED,
    Event,
    Group,
    Language,
    Layout,
    Term,
    one_of,
)
from .verification import BULK_LIMIT, OUTCOMES, QUERY_MAX_LENGTH


def _iso_date_only(value: object) -> object:
    # Pydantic would also read "0" or "1700000000" as a date (seconds since 1970).
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("Write the date as YYYY-MM-DD.")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]

# Filters: an empty value means "any".
LegalFormFilter = one_of(["", *LegalForm.values])
StatusFilter = one_of(code for code, _label in STATUS_CHOICES)
SortOrder = one_of(code for code, _label in SORT_CHOICES)
Radius = one_of(["", *(str(km) for km in RADIUS_CHOICES)])
Outcome = one_of(OUTCOMES)

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
# Any comune of ISTAT's list is accepted; the schema lists the ISTAT codes and slugs of the
# register's provinces' comuni (register.listing.comune_options), as the form suggests them.
ComuneCode = Annotated[str, WithJsonSchema({"type": "string", VOCABULARY: "comuni"})]


class ParameterError(Schema):
    parameter: str = Field(description="The parameter, as in the request (e.g. sector, vat).")
    message: str = Field(description="What is wrong with its value, in the language asked for.")


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


class Area(Term):
    zones: list[Term] = Field(
        description="Zones within the province; filtering by the province includes them."
    )


def _model(name: str, layout: Layout, base: type[Schema] = Schema) -> type[Schema]:
    """The schema of a layout of the public fields, groups as schemas of their own."""
    fields = {}
    for entry in layout:
        if isinstance(entry, Group):
            fields[entry.name] = (_model(entry.schema_name, entry.layout), ...)
        else:
            field = FIELDS[entry]
            fields[entry] = (field.type, Field(..., description=field.api_text()))
    return create_model(name, __base__=base, __module__=__name__, **fields)


CooperativeSummary = _model("CooperativeSummary", SUMMARY)
CooperativeDetail = _model("CooperativeDetail", DETAIL, base=CooperativeSummary)
VerifiedCooperative = _model("VerifiedCooperative", VERIFIED)


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


CooperativeReference = _model("CooperativeReference", REFERENCE)


class Change(Event):
    cooperative: CooperativeReference


class ChangeList(Paginated):
    since: datetime.date
    results: list[Change]


# The bulk verification's request: a JSON list of what /verify takes as `q`.
BULK_ITEM_MAX_LENGTH = 200
BulkQueries = Annotated[
    list[Annotated[str, Field(max_length=BULK_ITEM_MAX_LENGTH)]],
    Field(
        min_length=1,
        max_length=BULK_LIMIT,
        description=f"VAT or certificate numbers, at most {BULK_LIMIT}, each as /verify takes "
        "it (with or without IT, any spacing).",
        examples=[["IT01234560165", "IMP-2023-0042", "0123456789"]],
    ),
]


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
