"""The requests' share of the scheduled work: one follow-up to each buyer whose deadline
passed, and erasing what is kept no longer."""

import datetime

from django.utils import timezone

from . import workflow


def run(now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    deleted = workflow.purge(now)
    followups = workflow.send_followups(now)
    return f"{followups} follow-ups sent, {deleted} old rows deleted"
