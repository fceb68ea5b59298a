"""The renewals' share of the scheduled work: the reminders to representatives when the
renewal window opens and 30 and 7 days before expiry, each sent once per end of validity (a
Reminder row each). A job that missed a day sends the latest reminder due, once, and counts
the earlier ones as sent. No reminder once a renewal was submitted for that expiry."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from register.models import Cooperative
from register.models.events import Status, status_condition

from . import mailing
from .models import Reminder, ReminderStage, Renewal, RenewalSettings, State
from .window import opens_on


def due_stages(expires_on: datetime.date, today: datetime.date, window_days: int) -> list[str]:
    """The reminders due by today for this end of validity, in order."""
    if today > expires_on:
        return []
    days_left = (expires_on - today).days
    stages = []
    if today >= opens_on(expires_on, window_days):
        stages.append(ReminderStage.OPENING)
    if days_left <= 30:
        stages.append(ReminderStage.DAYS_30)
    if days_left <= 7:
        stages.append(ReminderStage.DAYS_7)
    return stages


def send_reminders(now: datetime.datetime | None = None) -> int:
    today = timezone.localdate(now)
    window_days = RenewalSettings.load().window_days
    horizon = today + datetime.timedelta(days=window_days)
    # A renewal submitted or granted for this end of validity: nothing left to remind.
    settled = Renewal.objects.filter(
        cooperative=OuterRef("pk"),
        expires_on=OuterRef("certified_until"),
        state__in=[State.SUBMITTED, State.RENEWED],
    )
    cooperatives = (
        Cooperative.objects.filter(
            status_condition(Status.ACTIVE, today),
            certified_until__lte=horizon,
            representatives__user__is_active=True,
        )
        .exclude(Exists(settled))
        .distinct()
    )
    sent = 0
    for cooperative in cooperatives:
        expires_on = cooperative.certified_until
        stages = due_stages(expires_on, today, window_days)
        done = set(
            Reminder.objects.filter(cooperative=cooperative, expires_on=expires_on).values_list(
                "stage", flat=True
            )
        )
        if not stages or stages[-1] in done:
            continue
        try:
            with transaction.atomic():
                for stage in stages:
                    if stage not in done:
                        Reminder.objects.create(
                            cooperative=cooperative, expires_on=expires_on, stage=stage
                        )
        except IntegrityError:
            continue  # another run sent it meanwhile
        days_left = (expires_on - today).days
        if mailing.send_reminder(cooperative, expires_on, days_left):
            sent += 1
    return sent


def run(now: datetime.datetime | None = None) -> str:
    return f"{send_reminders(now)} renewal reminders sent"
