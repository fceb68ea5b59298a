"""Following suppliers and listings: requests, their confirmation (double opt-in), changes
from the manage page, unsubscribing, export and erasure, and the deletion of what is kept
no longer.

A request says the same whatever the address (nothing tells whether it is subscribed) and
costs the address one of its confirmation mails of the day (CONFIRMATIONS_PER_DAY, counted
here under a keyed hash of the address); past them, requests are dropped in silence, and
nothing of them is stored."""

import datetime
import logging
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from register.numbers import Number
from register.vocabulary import Vocabulary

from . import mailing
from .matching import listing_ids
from .models import (
    MAX_NUMBERS,
    ConfirmationMail,
    FollowedListing,
    FollowedNumber,
    Message,
    Subscription,
)
from .tokens import CONFIRM, MAX_AGE

logger = logging.getLogger(__name__)

CONFIRMATIONS_PER_DAY = 3
# How long things are kept: a request waiting for confirmation as long as its link works,
# an unsubscribed address while it may change its mind, a sent message's record while a
# rerun could still find its events (alerts.collecting looks back a week).
UNCONFIRMED_KEPT = MAX_AGE[CONFIRM]
UNSUBSCRIBED_KEPT = datetime.timedelta(days=30)
SENT_KEPT = datetime.timedelta(days=90)
COUNTED_FOR = datetime.timedelta(days=1)


def normalise_address(address: str) -> str:
    # Lower case: the same mailbox typed twice is one subscription.
    return address.strip().lower()


def address_hash(address: str) -> str:
    return salted_hmac("alerts.address", normalise_address(address)).hexdigest()


def _may_mail(address: str, now: datetime.datetime) -> bool:
    """Counts one more mail to the address if it has some left today."""
    digest = address_hash(address)
    sent = ConfirmationMail.objects.filter(address_hash=digest, sent_at__gte=now - COUNTED_FOR)
    if sent.count() >= CONFIRMATIONS_PER_DAY:
        logger.info("Alert request dropped: the address had its mails of the day")
        return False
    ConfirmationMail.objects.create(address_hash=digest, sent_at=now)
    return True


def _vocabulary() -> Vocabulary:
    # Term ids and codes are the same in every language.
    return Vocabulary(settings.LANGUAGE_CODE)


@transaction.atomic
def request_follow(
    address: str,
    language: str,
    numbers: Iterable[Number] = (),
    listing: dict[str, str] | None = None,
    now: datetime.datetime | None = None,
) -> bool:
    """Store a request to follow numbers or a listing and mail its confirmation link.
    False when the address has had its mails of the day: then nothing is stored."""
    now = now or timezone.now()
    address = normalise_address(address)
    if not _may_mail(address, now):
        return False
    subscription, _created = Subscription.objects.get_or_create(
        email=address, defaults={"language": language}
    )
    if subscription.confirmed_at is None and subscription.language != language:
        subscription.language = language  # nobody has confirmed it yet: the latest request's
        subscription.save(update_fields=["language"])
    request_key = secrets.token_hex(8)
    pending_numbers = _pending_numbers(subscription, request_key, numbers, now)
    pending_listings = []
    if listing is not None and (
        item := _pending(FollowedListing, subscription, request_key, **listing)
    ):
        pending_listings.append(item)
    if pending_numbers or pending_listings or not subscription.is_active:
        mailing.send_confirmation(subscription, request_key, pending_numbers, pending_listings)
    else:
        mailing.send_already_following(subscription)
    return True


def _pending_numbers(
    subscription: Subscription, request_key: str, numbers: Iterable[Number], now
) -> list[FollowedNumber]:
    """The request's numbers that await confirmation (new, or asked for again), in a few
    queries whatever their number (up to 500)."""
    wanted = list(dict.fromkeys((number.kind, number.value) for number in numbers))
    if not wanted:
        return []
    existing = {(item.kind, item.number): item for item in subscription.numbers.all()}
    FollowedNumber.objects.bulk_create(
        [
            FollowedNumber(
                subscription=subscription, kind=kind, number=value, request_key=request_key
            )
            for kind, value in wanted
            if (kind, value) not in existing
        ],
        ignore_conflicts=True,  # the same request sent twice at once
    )
    # Asked again: the newest message's link confirms them, and they wait as long again.
    again = [
        existing[key].pk for key in wanted if key in existing and not existing[key].confirmed_at
    ]
    FollowedNumber.objects.filter(pk__in=again).update(request_key=request_key, created_at=now)
    order = {key: position for position, key in enumerate(wanted)}
    waiting = subscription.numbers.filter(request_key=request_key, confirmed_at__isnull=True)
    return sorted(waiting, key=lambda item: order.get((item.kind, item.number), len(order)))


def _pending(model, subscription: Subscription, request_key: str, **fields):
    """The item awaiting this request's confirmation, or None if it is followed already."""
    item, created = model.objects.get_or_create(
        subscription=subscription, **fields, defaults={"request_key": request_key}
    )
    if item.confirmed_at is not None:
        return None
    if not created:
        # Asked again: the newest message's link confirms it, and it waits as long again.
        item.request_key, item.created_at = request_key, timezone.now()
        item.save(update_fields=["request_key", "created_at"])
    return item


def pending_of(subscription: Subscription, request_key: str) -> tuple[list, list]:
    """The numbers and listings a confirmation link would make active."""
    if not request_key:
        return [], []
    numbers = subscription.numbers.filter(request_key=request_key, confirmed_at__isnull=True)
    listings = subscription.listings.filter(request_key=request_key, confirmed_at__isnull=True)
    return list(numbers), list(listings)


def needs_confirmation(subscription: Subscription, request_key: str) -> bool:
    """Whether the link still has something to do: items to make active, or (asked again
    after unsubscribing) a subscription to resume."""
    numbers, listings = pending_of(subscription, request_key)
    resumes = subscription.confirmed_at is not None and subscription.unsubscribed_at is not None
    return bool(numbers or listings) or (bool(request_key) and resumes)


@transaction.atomic
def confirm(
    subscription: Subscription, request_key: str, now: datetime.datetime | None = None
) -> None:
    """Make the request's items active (and the subscription, if new or unsubscribed).
    Numbers past MAX_NUMBERS in all are left out."""
    now = now or timezone.now()
    numbers, listings = pending_of(subscription, request_key)
    room = MAX_NUMBERS - subscription.numbers.confirmed().count()
    FollowedNumber.objects.filter(pk__in=[item.pk for item in numbers[:room]]).update(
        confirmed_at=now, request_key=""
    )
    FollowedNumber.objects.filter(pk__in=[item.pk for item in numbers[room:]]).delete()
    vocabulary = _vocabulary()
    for listing in listings:
        # Only cooperatives that enter the listing from now on are news.
        listing.known_ids = sorted(listing_ids(listing.filters(), vocabulary))
        listing.confirmed_at, listing.request_key = now, ""
        listing.save(update_fields=["known_ids", "confirmed_at", "request_key"])
    if subscription.confirmed_at is None:
        subscription.confirmed_at = now
        subscription.save(update_fields=["confirmed_at"])
    elif subscription.unsubscribed_at is not None:
        resubscribe(subscription)


def add_numbers(subscription: Subscription, numbers: Iterable[Number]) -> tuple[int, int]:
    """From the manage page, whose link proves the mailbox: followed at once (one waiting
    for confirmation too). Returns how many were added and how many did not fit under
    MAX_NUMBERS."""
    now = timezone.now()
    wanted = list(dict.fromkeys((number.kind, number.value) for number in numbers))
    existing = {(item.kind, item.number): item for item in subscription.numbers.all()}
    waiting = [
        existing[key] for key in wanted if key in existing and not existing[key].confirmed_at
    ]
    new = [key for key in wanted if key not in existing]
    room = max(0, MAX_NUMBERS - subscription.numbers.confirmed().count())
    confirmed = waiting[:room]
    FollowedNumber.objects.filter(pk__in=[item.pk for item in confirmed]).update(
        confirmed_at=now, request_key=""
    )
    created = new[: room - len(confirmed)]
    FollowedNumber.objects.bulk_create(
        [
            FollowedNumber(subscription=subscription, kind=kind, number=value, confirmed_at=now)
            for kind, value in created
        ]
    )
    added = len(confirmed) + len(created)
    return added, len(waiting) + len(new) - added


def remove(
    subscription: Subscription, number_ids: Iterable[int], listing_ids_: Iterable[int]
) -> None:
    subscription.numbers.filter(pk__in=list(number_ids)).delete()
    subscription.listings.filter(pk__in=list(listing_ids_)).delete()


def update_settings(subscription: Subscription, frequency: str, language: str) -> None:
    subscription.frequency, subscription.language = frequency, language
    subscription.save(update_fields=["frequency", "language"])


@transaction.atomic
def unsubscribe(subscription: Subscription) -> None:
    """No more mail; what was followed is kept UNSUBSCRIBED_KEPT, to come back to."""
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    subscription.alerts.filter(message__isnull=True).delete()


@transaction.atomic
def resubscribe(subscription: Subscription) -> None:
    subscription.unsubscribed_at = None
    subscription.save(update_fields=["unsubscribed_at"])
    # What entered the listings while away is not news any more.
    vocabulary = _vocabulary()
    for listing in subscription.listings.confirmed():
        listing.known_ids = sorted(listing_ids(listing.filters(), vocabulary))
        listing.save(update_fields=["known_ids"])


def request_link(address: str, now: datetime.datetime | None = None) -> None:
    """Mail the manage link to a confirmed subscription's address (within the day's
    mails); nothing to any other address, and the same answer either way."""
    now = now or timezone.now()
    address = normalise_address(address)
    subscription = Subscription.objects.filter(email=address, confirmed_at__isnull=False).first()
    if subscription is not None and _may_mail(address, now):
        mailing.send_link(subscription)


@transaction.atomic
def erase(subscription: Subscription) -> None:
    """Everything about the subscription: its rows, and the count of its mails."""
    ConfirmationMail.objects.filter(address_hash=address_hash(subscription.email)).delete()
    subscription.delete()  # its numbers, listings, alerts and messages with it


def export(subscription: Subscription) -> dict:
    """All that is kept about the subscription, as data (the manage page's download)."""

    def moment(value: datetime.datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "email": subscription.email,
        "language": subscription.language,
        "frequency": subscription.frequency,
        "requested_at": moment(subscription.created_at),
        "confirmed_at": moment(subscription.confirmed_at),
        "unsubscribed_at": moment(subscription.unsubscribed_at),
        "suppliers": [
            {
                "number": str(item),
                "kind": item.kind,
                "requested_at": moment(item.created_at),
                "confirmed_at": moment(item.confirmed_at),
            }
            for item in subscription.numbers.all()
        ],
        "listings": [
            {
                "filters": listing.filters(),
                "requested_at": moment(listing.created_at),
                "confirmed_at": moment(listing.confirmed_at),
            }
            for listing in subscription.listings.all()
        ],
        "alerts": [
            {
                "kind": alert.kind,
                "cooperative": alert.cooperative.name,
                "vat_number": alert.cooperative.vat_display,
                "date": alert.on.isoformat(),
                "collected_at": moment(alert.created_at),
                "sent_at": moment(alert.message.sent_at) if alert.message else None,
            }
            for alert in subscription.alerts.select_related("cooperative", "message")
        ],
        "messages": [
            {"kind": message.kind, "sent_at": moment(message.sent_at)}
            for message in subscription.messages.order_by("sent_at")
        ],
    }


def purge(now: datetime.datetime | None = None) -> int:
    """Delete what is kept no longer (the privacy notice says the same): unconfirmed
    requests, unsubscribed addresses, old records of sent messages, the day's counts.
    Returns the number of rows deleted."""
    now = now or timezone.now()
    deleted = 0
    for model in (FollowedNumber, FollowedListing):
        deleted += model.objects.filter(
            confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_KEPT
        ).delete()[0]
    never_confirmed = Subscription.objects.filter(
        confirmed_at__isnull=True,
        created_at__lt=now - UNCONFIRMED_KEPT,
        numbers__isnull=True,
        listings__isnull=True,
    )
    gone = Subscription.objects.filter(unsubscribed_at__lt=now - UNSUBSCRIBED_KEPT)
    for subscriptions in (never_confirmed, gone):
        deleted += subscriptions.delete()[0]
    deleted += Message.objects.filter(sent_at__lt=now - SENT_KEPT).delete()[0]
    deleted += ConfirmationMail.objects.filter(sent_at__lt=now - COUNTED_FOR).delete()[0]
    return deleted
