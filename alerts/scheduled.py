"""The alerts' share of the scheduled work (`manage.py run_scheduled_work`, run daily or
hourly): forget what is kept no longer, collect what happened, send what is due."""

import datetime

from django.utils import timezone

from . import collecting, delivering, following


def run(now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    deleted = following.purge(now)
    collected = collecting.collect(now)
    sent = delivering.deliver(now, digests=delivering.digests_due(now))
    return f"{collected} alerts collected, {sent} messages sent, {deleted} old rows deleted"
