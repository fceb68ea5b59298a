"""Verification of a supplier: by VAT number or certificate number, truthful as of today."""

import datetime
import re
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from stdnum.it import iva

from .models.cooperatives import Cooperative, normalise_vat
from .models.events import Status
from .status_explanation import StatusExplanation, explain, status_fields

QUERY_MAX_LENGTH = 40


@dataclass
class Verification:
    query: str
    outcome: str  # empty | too_long | invalid_vat | not_found | found
    today: datetime.date
    cooperative: Cooperative | None = None

    @property
    def status(self) -> Status | None:
        return self.cooperative.status if self.cooperative else None

    @cached_property
    def explanation(self) -> StatusExplanation | None:
        return explain(self.cooperative) if self.cooperative else None


def verify(raw_query: str) -> Verification:
    today = timezone.localdate()
    query = (raw_query or "").strip()
    if not query:
        return Verification(query, "empty", today)
    if not query.isprintable():
        # No number holds control characters (and databases refuse some, such as NUL).
        return Verification("".join(filter(str.isprintable, query)), "not_found", today)
    if len(query) > QUERY_MAX_LENGTH:
        return Verification(query[:QUERY_MAX_LENGTH], "too_long", today)
    records = Cooperative.objects.public().select_related("locale")
    certificate = re.sub(r"\s+", "", query).upper()
    cooperative = records.filter(certificate_number=certificate).first()
    if cooperative is None:
        vat = normalise_vat(query)
        if vat.isdigit() and len(vat) == 11:
            if not iva.is_valid(vat):
                return Verification(query, "invalid_vat", today)
            cooperative = records.filter(vat_number=vat).first()
    if cooperative is None:
        return Verification(query, "not_found", today)
    return Verification(query, "found", today, cooperative)


def verification_data(result: Verification, register_url: str, cooperative_url: str | None) -> dict:
    """The answer as plain data, for the JSON format of the page and for the API.
    `cooperative_url` is the public page, which only active and suspended marks have."""
    data = {
        "query": result.query,
        "outcome": result.outcome,
        "as_of": result.today.isoformat(),
        "register_url": register_url,
        "cooperative": None,
    }
    cooperative = result.cooperative
    if cooperative:
        data["cooperative"] = {
            "name": cooperative.name,
            "vat_number": cooperative.vat_display,
            "certificate_number": cooperative.certificate_number,
            "status": str(cooperative.status.value),
            **status_fields(result.explanation),
            "first_certified_on": cooperative.first_certified_on,
            "valid_until": cooperative.certified_until,
            "latest_event": cooperative.certification_kind,
            "latest_event_on": cooperative.certification_date,
            "url": cooperative_url,
        }
    return data
