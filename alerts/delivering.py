"""Sending the collected alerts: urgent ones at once to those who asked, everything else in
one digest a day. Each alert is claimed by the message that carries it inside the
transaction that records the message (and, with the database queue, queues the mail), and
the database allows one digest per subscriber and day: a rerun, or two runs at once, send
nothing twice."""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from .mailing import send_alerts
from .models import URGENT_KINDS, Alert, Frequency, Message, MessageKind, Subscription

logger = logging.getLogger(__name__)


def _send(
    subscription: Subscription, kind: str, alerts: QuerySet[Alert], day: datetime.date
) -> bool:
    with transaction.atomic():
        ids = list(alerts.select_for_update().values_list("pk", flat=True))
        if not ids:
            return False
        try:
            with transaction.atomic():
                message = Message.objects.create(subscription=subscription, kind=kind, day=day)
        except IntegrityError:
            return False  # today's digest has gone already
        claimed = Alert.objects.filter(pk__in=ids, message__isnull=True).update(message=message)
        if not claimed:
            transaction.set_rollback(True)  # another run sent them meanwhile
            return False
        carried = message.alerts.select_related("cooperative", "event", "listing").order_by(
            "on", "pk"
        )
        send_alerts(subscription, kind, list(carried))
    return True


def deliver(now: datetime.datetime | None = None, digests: bool = True) -> int:
    """Send what is due (urgent alerts, and digests unless told not to); the number of
    messages sent. A subscription whose message fails is logged and tried at the next run;
    the others are sent."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    waiting = Subscription.objects.filter(
        confirmed_at__isnull=False,
        unsubscribed_at__isnull=True,
        alerts__message__isnull=True,
    ).distinct()
    sent = 0
    for subscription in waiting:
        pending = Alert.objects.filter(subscription=subscription, message__isnull=True)
        try:
            if subscription.frequency == Frequency.IMMEDIATE:
                urgent = pending.filter(kind__in=URGENT_KINDS)
                sent += _send(subscription, MessageKind.IMMEDIATE, urgent, day)
            if digests:
                sent += _send(subscription, MessageKind.DIGEST, pending, day)
        except Exception:
            logger.exception(
                "Alerts of subscription %s not sent; tried again next run", subscription.pk
            )
    return sent


def digests_due(now: datetime.datetime) -> bool:
    """Digests go out from ALERTS_DIGEST_HOUR (local time) on: a command run hourly sends
    them once a day at that hour, whenever the day's events happened."""
    return timezone.localtime(now).hour >= settings.ALERTS_DIGEST_HOUR
