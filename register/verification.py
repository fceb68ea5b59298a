"""Verification of a supplier: by VAT number or certificate number, truthful as of today."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models.cooperatives import Cooperative
from .models.events import Status
from .numbers import CERTIFICATE, VAT, Number, read_number
from .schema import VERIFIED, Reading, shape
from .status_explanation import StatusExplanation, explain, with_latest_note

QUERY_MAX_LENGTH = 40
# How many numbers one bulk verification answers (the page and the API).
BULK_LIMIT = 500
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

    @cached_property  # read many times per answer (a bulk verification's table)
    def status(self) -> Status | None:
        return self.cooperative.status if self.cooperative else None

    @cached_property
    def explanation(self) -> StatusExplanation | None:
        return explain(self.cooperative) if self.cooperative else None

    @property
    def is_invalid(self) -> bool:
        return self.message is not None


def _read(raw_query: str, today: datetime.date) -> Verification:
    """What a query says before the register is asked: the number it holds, or why it holds
    none. A valid number stays "not_found" until a record is found for it."""
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
    return Verification(query, "not_found", today, number=number)


def _records(numbers: dict[str, set[str]]) -> dict[tuple[str, str], Cooperative]:
    """The public records holding these VAT and certificate numbers, by (kind, number), in
    one query whatever their number, with what their status explanation reads."""
    condition = Q()
    if numbers[VAT]:
        condition |= Q(vat_number__in=numbers[VAT])
    if numbers[CERTIFICATE]:
        condition |= Q(certificate_number__in=numbers[CERTIFICATE])
    if not condition:
        return {}
    records = with_latest_note(Cooperative.objects.public()).filter(condition)
    found = {}
    for record in records.select_related("locale"):
        found[(VAT, record.vat_number)] = record
        if record.certificate_number:
            found[(CERTIFICATE, record.certificate_number)] = record
    return found


def verify_all(raw_queries: Iterable[str]) -> list[Verification]:
    """The answer to each query, in their order, each the one `verify` gives: every number is
    looked up once however often it comes, all of them in one query (the bulk verification
    of up to BULK_LIMIT numbers)."""
    today = timezone.localdate()
    results = [_read(raw_query, today) for raw_query in raw_queries]
    wanted = [result for result in results if result.outcome == "not_found"]
    numbers: dict[str, set[str]] = {VAT: set(), CERTIFICATE: set()}
    for result in wanted:
        numbers[result.number.kind].add(result.number.value)
    found = _records(numbers)
    for result in wanted:
        result.cooperative = found.get((result.number.kind, result.number.value))
        if result.cooperative is not None:
            result.outcome = "found"
    return results


def over_bulk_limit(count: int) -> str:
    """What a list of more than BULK_LIMIT numbers is told (the page and the API)."""
    return _(
        "The list has %(count)s numbers; at most %(limit)s can be checked at once. Split it "
        "and check each part."
    ) % {"count": number_format(count, force_grouping=True), "limit": BULK_LIMIT}


def verify(raw_query: str) -> Verification:
    return verify_all([raw_query])[0]


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
