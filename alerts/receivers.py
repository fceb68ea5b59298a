"""A suspension, revocation or withdrawal recorded (in the admin or by code) queues the urgent
alerts once its transaction commits. An import writes its events in bulk, without signals: those
reach subscribers with the next run of the scheduled work, which collects every event."""

from django.db import transaction
from django.db.models.signals import post_save

from register.models import CertificationEvent
from register.models.events import EventKind

from .models import Frequency, Subscription
from .tasks import send_urgent_alerts

# A buyer relying on a supplier must hear at once that it no longer holds the mark, whatever
# the reason: the register's finding (revocation) or its own decision (withdrawal).
URGENT_EVENTS = {EventKind.SUSPENDED, EventKind.REVOKED, EventKind.WITHDRAWN}


def event_recorded(
    sender, instance: CertificationEvent, created: bool, raw: bool = False, **kwargs
) -> None:
    if raw or not created or instance.kind not in URGENT_EVENTS:
        return
    waiting = Subscription.objects.filter(
        frequency=Frequency.IMMEDIATE, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    )
    if waiting.exists():
        pk = instance.pk
        transaction.on_commit(lambda: send_urgent_alerts.enqueue(pk))


def connect() -> None:
    post_save.connect(event_recorded, sender=CertificationEvent, dispatch_uid="alerts_event")
