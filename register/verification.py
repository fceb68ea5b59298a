"""Verification of a supplier: by VAT number or certificate number, truthful as of today."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _

from .models.cooperatives import Cooperative
from .models.events import Status
from .numbers import CERTIFICATE, VAT, Number, read_number
from .schema import VERIFIED, Reading, shape
from .status_explanation import StatusExplanation, explain

QUERY_MAX_LENGTH = 40
# Every answer the verification gives; the API's schema lists the same.
OUTCOMES = ("empty", "too_long", "invalid_vat", "invalid_certificate", "not_found", "found")
INVALID = {VAT: "invalid_vat", CERTIFICATE: "invalid_certificate"}


@dataclass
class Verification:
    query: str
    outcome: str  # one of OUTCOMES
    today: datetime.date
    cooperative: Cooperative | None = None
    number: Number | None = None
    message: str | None = None  # why the query cannot be a VAT or certificate number

    @property
    def status(self) -> Status | None:
        return self.cooperative.status if self.cooperative else None

    @cached_property
    def explanation(self) -> StatusExplanation | None:
        return explain(self.cooperative) if self.cooperative else None

    @property
    def is_invalid(self) -> bool:
        return self.message is not None


def verify(raw_query: str) -> Verification:
    today = timezone.localdate()
    # Shown back to the visitor: never with control characters (which no number holds).
    query = "".join(filter(str.isprintable, (raw_query or "").strip())).strip()
    if not query:
        return Verification(query, "empty", today)
    if len(query) > QUERY_MAX_LENGTH:
        message = _(
            "That is too long for a VAT or certificate number (at most %(limit)s characters)."
        ) % {"limit": QUERY_MAX_LENGTH}
        return Verification(query[:QUERY_MAX_LENGTH], "too_long", today, message=message)
    number = read_number(raw_query)
    if not number.is_valid:
        outcome = INVALID[number.kind]
        return Verification(query, outcome, today, number=number, message=number.problem)
    records = Cooperative.objects.public().select_related("locale")
    field = "vat_number" if number.kind == VAT else "certificate_number"
    cooperative = records.filter(**{field: number.value}).first()
    outcome = "found" if cooperative else "not_found"
    return Verification(query, outcome, today, cooperative, number)


def verification_data(result: Verification, register_url: str, cooperative_url: str | None) -> dict:
    """The answer as plain data, for the JSON format of the page and for the API.
    `cooperative_url` is the public page, which only active and suspended marks have."""
    data = {
        "query": result.query,
        "outcome": result.outcome,
        "message": result.message,
        "as_of": result.today.isoformat(),
        "register_url": register_url,
        "cooperative": None,
    }
    if result.cooperative:
        reading = Reading(result.cooperative, result.explanation, result.today, url=cooperative_url)
        data["cooperative"] = shape(VERIFIED, reading)
    return data
