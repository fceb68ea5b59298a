"""The signed links of requests for quotes: no account, the link is the key.

As the alerts' links (alerts/tokens.py): the site's secret signs a row's random key under a
salt per purpose, with the time it was made. A link made for one purpose opens nothing else,
an altered one opens nothing, each expires, and erasing the row kills its links at once."""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.db import models

from .models import QuoteRequest, Recipient

CONFIRM = "confirm"  # the buyer confirms the address
BUYER = "buyer"  # the buyer's private page, and the outcome form
ANSWER = "answer"  # a cooperative's answer
# How long a link works: a confirmation as long as an unconfirmed request is kept
# (quotes.workflow.UNCONFIRMED_KEPT); the others as long as the request is kept at most.
MAX_AGE = {
    CONFIRM: datetime.timedelta(days=7),
    BUYER: datetime.timedelta(days=3 * 365),
    ANSWER: datetime.timedelta(days=3 * 365),
}
MODEL = {CONFIRM: QuoteRequest, BUYER: QuoteRequest, ANSWER: Recipient}


def _signer(purpose: str) -> signing.TimestampSigner:
    # "." is not in the signature's alphabet and needs no escaping in a URL path.
    return signing.TimestampSigner(salt=f"quotes.{purpose}", sep=".")


def make_token(row: QuoteRequest | Recipient, purpose: str) -> str:
    return _signer(purpose).sign(row.key)


@dataclass
class Reading:
    """What a link says: its row, or why it cannot be used ("invalid", "expired",
    "unknown")."""

    problem: str | None = None
    row: models.Model | None = None


def read_token(token: str, purpose: str) -> Reading:
    try:
        key = _signer(purpose).unsign(token, max_age=MAX_AGE[purpose])
    except signing.SignatureExpired:
        return Reading("expired")
    except signing.BadSignature:
        return Reading("invalid")
    row = MODEL[purpose].objects.filter(key=key).first()
    return Reading(None, row) if row is not None else Reading("unknown")
