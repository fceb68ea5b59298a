"""Finding what each subscriber must be told, as `Alert` rows: the certification events of the
suppliers they follow, the approaching end of their validity, and the cooperatives entering
the listings they follow. Collecting is idempotent: each alert's key is unique per
subscription (the database refuses a second), so a rerun adds nothing."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from register.models import CertificationEvent, Cooperative
from register.models.events import EventKind, Status
from register.vocabulary import Vocabulary

from .matching import cooperatives_by_number, listing_ids, listing_is_valid
from .models import Alert, AlertKind, FollowedListing, FollowedNumber

EVENT_ALERTS = {
    EventKind.ISSUED: AlertKind.ISSUED,
    EventKind.RENEWED: AlertKind.RENEWED,
    EventKind.SUSPENDED: AlertKind.SUSPENDED,
    EventKind.REINSTATED: AlertKind.REINSTATED,
    EventKind.REVOKED: AlertKind.REVOKED,
    EventKind.WITHDRAWN: AlertKind.WITHDRAWN,
}
# Events recorded this long ago at most are looked for: the scheduled work runs daily or
# more often, so a week covers a missed run or two, and old records of sent alerts can be
# deleted (alerts.following.SENT_KEPT is longer) without the events coming back.
LOOKBACK = datetime.timedelta(days=7)
EXPIRY_NOTICE_DAYS = 30


def followers(
    cooperative_ids: Iterable[int] | None = None,
) -> dict[int, list[tuple[int, datetime.datetime]]]:
    """Cooperative id → (subscription id, followed since) for every active subscription
    following it by one of its numbers."""
    numbers = FollowedNumber.objects.filter(
        confirmed_at__isnull=False,
        subscription__confirmed_at__isnull=False,
        subscription__unsubscribed_at__isnull=True,
    ).values_list("subscription_id", "kind", "number", "confirmed_at")
    rows = list(numbers)
    found = cooperatives_by_number((kind, number) for _id, kind, number, _since in rows)
    wanted = set(cooperative_ids) if cooperative_ids is not None else None
    by_cooperative = defaultdict(list)
    for subscription_id, kind, number, since in rows:
        cooperative = found.get((kind, number))
        if cooperative and (wanted is None or cooperative.pk in wanted):
            by_cooperative[cooperative.pk].append((subscription_id, since))
    return by_cooperative


def _add(alerts: list[Alert]) -> int:
    """Store the alerts not collected before; the number of new ones."""
    if not alerts:
        return 0
    keys = {(alert.subscription_id, alert.key) for alert in alerts}
    subscriptions = {subscription for subscription, _key in keys}
    before = Alert.objects.filter(subscription_id__in=subscriptions, key__in={k for _s, k in keys})
    known = {(row.subscription_id, row.key) for row in before.only("subscription_id", "key")}
    Alert.objects.bulk_create(alerts, ignore_conflicts=True)
    return len(keys - known)


def collect_events(now: datetime.datetime, cooperative_ids: Iterable[int] | None = None) -> int:
    """An alert for each event recorded since its subscriber started following the
    cooperative (and within LOOKBACK)."""
    following = followers(cooperative_ids)
    events = CertificationEvent.objects.filter(
        cooperative_id__in=following.keys(),
        kind__in=EVENT_ALERTS.keys(),
        recorded_at__gte=now - LOOKBACK,
    ).order_by("date", "id")  # told in the order they happened
    alerts = [
        Alert(
            subscription_id=subscription_id,
            key=f"event:{event.pk}",
            kind=EVENT_ALERTS[event.kind],
            cooperative_id=event.cooperative_id,
            event=event,
            on=event.date,
        )
        for event in events
        for subscription_id, since in following[event.cooperative_id]
        if event.recorded_at >= since
    ]
    return _add(alerts)


def collect_expiries(today: datetime.date) -> int:
    """An alert when a followed cooperative's mark, active today, ends within
    EXPIRY_NOTICE_DAYS: once per period of validity (a renewal starts another)."""
    following = followers()
    ending = (
        Cooperative.objects.filter(pk__in=following.keys())
        .in_status(Status.ACTIVE, today=today)
        .filter(certified_until__lte=today + datetime.timedelta(days=EXPIRY_NOTICE_DAYS))
    )
    alerts = [
        Alert(
            subscription_id=subscription_id,
            key=f"expiring:{cooperative.pk}:{cooperative.certified_until.isoformat()}",
            kind=AlertKind.EXPIRING,
            cooperative=cooperative,
            on=cooperative.certified_until,
        )
        for cooperative in ending
        for subscription_id, _since in following[cooperative.pk]
    ]
    return _add(alerts)


def collect_entries(today: datetime.date) -> int:
    """An alert for each cooperative that the listing shows now and did not at the last
    look (newly certified, or its sectors or areas changed); the look is then remembered."""
    vocabulary = Vocabulary(settings.LANGUAGE_CODE)
    listings = FollowedListing.objects.filter(
        confirmed_at__isnull=False,
        subscription__confirmed_at__isnull=False,
        subscription__unsubscribed_at__isnull=True,
    )
    matching: dict[tuple, set[int] | None] = {}  # the same filters are looked up once
    added = 0
    for listing in listings:
        filters = listing.filters()
        key = tuple(sorted(filters.items()))
        if key not in matching:
            valid = listing_is_valid(filters, vocabulary)
            matching[key] = listing_ids(filters, vocabulary) if valid else None
        current = matching[key]
        if current is None:
            continue  # a sector or area it names is gone: it would match far too much
        entered = current - set(listing.known_ids)
        with transaction.atomic():
            added += _add(
                [
                    Alert(
                        subscription_id=listing.subscription_id,
                        key=f"entered:{listing.pk}:{pk}:{today.isoformat()}",
                        kind=AlertKind.ENTERED,
                        cooperative_id=pk,
                        listing=listing,
                        on=today,
                    )
                    for pk in sorted(entered)
                ]
            )
            if current != set(listing.known_ids):
                listing.known_ids = sorted(current)
                listing.save(update_fields=["known_ids"])
    return added


def collect(now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    today = timezone.localdate(now)
    return collect_events(now) + collect_expiries(today) + collect_entries(today)
