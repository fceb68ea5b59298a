"""Reminders to a cooperative's representatives when the renewal window opens and 30 and 7
days before expiry: each once, from the scheduled work, in each reader's language; none once
a renewal is submitted."""

import datetime

import pytest
from django.utils import timezone

from infrastructure.scheduling import jobs, run_jobs
from renewals import scheduled
from renewals.models import Reminder, ReminderStage
from renewals.wagtail_hooks import renewal_reminders
from tests.mail import body_of

from .conftest import EXPIRES_IN, make_representative

pytestmark = pytest.mark.django_db


def later(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def test_the_job_is_part_of_the_scheduled_work(cooperative, representative, mailoutbox):
    assert renewal_reminders in jobs()
    outcomes = {outcome.job: outcome for outcome in run_jobs()}
    outcome = outcomes["renewals.wagtail_hooks.renewal_reminders"]
    assert not outcome.failed
    assert outcome.summary == "1 renewal reminders sent"


def test_each_reminder_goes_once(cooperative, representative, mailoutbox):
    # Today: 60 days left, the 90-day window is open.
    assert scheduled.send_reminders(later(0)) == 1
    assert scheduled.send_reminders(later(0)) == 0
    assert scheduled.send_reminders(later(10)) == 0  # 50 days left: nothing new
    assert scheduled.send_reminders(later(EXPIRES_IN - 30)) == 1
    assert scheduled.send_reminders(later(EXPIRES_IN - 29)) == 0
    assert scheduled.send_reminders(later(EXPIRES_IN - 7)) == 1
    assert scheduled.send_reminders(later(EXPIRES_IN - 7)) == 0
    assert scheduled.send_reminders(later(EXPIRES_IN + 1)) == 0  # expired: no more
    assert len(mailoutbox) == 3
    assert {tuple(message.to) for message in mailoutbox} == {("rappresentante@example.org",)}
    first, second, third = mailoutbox
    assert "tra 60 giorni" in first.body
    assert "tra 30 giorni" in second.body
    assert "tra 7 giorni" in third.body
    assert "/admin/renewals/" in first.body
    assert set(Reminder.objects.values_list("stage", flat=True)) == set(ReminderStage)


def test_a_late_run_sends_only_the_latest_reminder(make_cooperative, django_user_model, mailoutbox):
    close = make_cooperative("Coop Vicina", history=[("issued", -1000, 5)])
    make_representative(django_user_model, close, "vicina")
    assert scheduled.send_reminders(later(0)) == 1
    assert scheduled.send_reminders(later(1)) == 0
    assert len(mailoutbox) == 1
    assert Reminder.objects.filter(cooperative=close).count() == 3


def test_no_reminder_before_the_window_nor_without_representatives(
    make_cooperative, django_user_model, cooperative, mailoutbox
):
    far = make_cooperative("Coop Lontana", history=[("issued", -100, 200)])
    make_representative(django_user_model, far, "lontana")
    # `cooperative` is in its window but has no representative.
    assert scheduled.send_reminders(later(0)) == 0
    assert mailoutbox == []


def test_no_reminder_once_the_renewal_is_submitted(submitted, mailoutbox):
    mailoutbox.clear()
    assert scheduled.send_reminders(later(EXPIRES_IN - 30)) == 0
    assert mailoutbox == []


def test_each_representative_reads_it_in_their_language(
    cooperative, representative, django_user_model, smtp_server
):
    make_representative(django_user_model, cooperative, "english", language="en")
    assert scheduled.send_reminders(later(0)) == 1
    by_address = {message["To"]: message for message in smtp_server.messages}
    assert set(by_address) == {"rappresentante@example.org", "english@example.org"}
    italian, english = by_address["rappresentante@example.org"], by_address["english@example.org"]
    assert "il vostro marchio scade il" in italian["Subject"]
    assert "Potete rinnovarlo online" in body_of(italian)
    assert "your mark expires on" in english["Subject"]
    assert "You can renew it online now" in body_of(english)
    assert cooperative.name in body_of(english)
