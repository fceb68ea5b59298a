"""Background work of the alerts (Django's tasks): an urgent event is told at once to the
subscribers who asked for it, by the worker, never in the request that recorded it."""

from django.utils import timezone
from django_tasks import task

from register.models import CertificationEvent

from . import collecting, delivering


@task()
def send_urgent_alerts(event_id: int) -> int:
    """Collect the alerts of the event's cooperative and send the urgent ones; the rest
    waits for the digest. The number of messages sent."""
    event = CertificationEvent.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    now = timezone.now()
    collecting.collect_events(now, cooperative_ids=[event.cooperative_id])
    return delivering.deliver(now, digests=False)
