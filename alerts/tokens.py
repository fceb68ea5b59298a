"""The signed links of alert subscriptions: no account, the link is the key.

A link signs the subscription's random key (and, to confirm, the request's key) with the
site's secret, under a salt per purpose, with the time it was made: a link made for one
purpose opens nothing else, an altered one opens nothing, and each expires. Erasing a
subscription deletes its key, so every link to it stops working at once."""

import datetime
from dataclasses import dataclass

from django.core import signing

from .models import Subscription

CONFIRM = "confirm"
MANAGE = "manage"
# How long a link works: a confirmation as long as its request is kept (alerts.following
# deletes unconfirmed requests after as long); the manage link of every message for a year.
MAX_AGE = {CONFIRM: datetime.timedelta(days=7), MANAGE: datetime.timedelta(days=365)}
SEPARATOR = "_"  # between the subscription's key and the request's (both hex)


def _signer(purpose: str) -> signing.TimestampSigner:
    # "." is not in the signature's alphabet and needs no escaping in a URL path.
    return signing.TimestampSigner(salt=f"alerts.{purpose}", sep=".")


def make_token(subscription: Subscription, purpose: str, request_key: str = "") -> str:
    value = subscription.key + (SEPARATOR + request_key if request_key else "")
    return _signer(purpose).sign(value)


@dataclass
class Reading:
    """What a link says: its subscription and request, or why it cannot be used."""

    problem: str | None = None  # "invalid", "expired" or "unknown"
    subscription: Subscription | None = None
    request_key: str = ""


def read_token(token: str, purpose: str) -> Reading:
    try:
        value = _signer(purpose).unsign(token, max_age=MAX_AGE[purpose])
    except signing.SignatureExpired:
        return Reading("expired")
    except signing.BadSignature:
        return Reading("invalid")
    key, _separator, request_key = value.partition(SEPARATOR)
    subscription = Subscription.objects.filter(key=key).first()
    if subscription is None:
        return Reading("unknown")
    return Reading(None, subscription, request_key)
