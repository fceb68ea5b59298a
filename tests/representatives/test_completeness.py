"""The representative's dashboard says what the profile misses; a monthly e-mail says it
too, until nothing is missing or they opt out from its link."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from representatives.models import Representative
from representatives.reminders import send_reminders
from tests.mail import body_of

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://testserver(/\S*)")


def test_the_dashboard_lists_what_is_missing(two):
    home = two.client.get("/admin/").content.decode()
    assert "Il profilo di Cooperativa Propria" in home
    assert "il logo" in home and "le sedi operative" in home and "i testi in inglese" in home
    assert "il sito web" not in home  # it has one


def test_a_monthly_reminder_until_they_opt_out(two, smtp_server):
    now = timezone.now()
    assert send_reminders(now) == "1 profile reminders sent"
    [message] = smtp_server.messages
    assert message["To"] == "rappresentante@example.org"
    body = body_of(message)
    assert "- il logo" in body and "Cooperativa Propria" in message["Subject"]
    # Not again within the month; again a month later.
    assert send_reminders(now + datetime.timedelta(days=1)) == "0 profile reminders sent"
    assert send_reminders(now + datetime.timedelta(days=31)) == "1 profile reminders sent"

    [opt_out] = [path for path in LINK.findall(body) if "/promemoria/" in path]
    visitor = Client()
    page = visitor.get(opt_out)
    assert page.status_code == 200 and "Interrompi i promemoria" in page.content.decode()
    assert Representative.objects.get().reminders  # opening the link changes nothing
    visitor.post(opt_out)
    assert not Representative.objects.get().reminders
    assert send_reminders(now + datetime.timedelta(days=90)) == "0 profile reminders sent"
    assert visitor.get(opt_out[:-3] + "xx/").status_code == 400


def test_the_reminder_is_in_the_representatives_language(two, smtp_server):
    profile = two.representative.wagtail_userprofile
    profile.preferred_language = "en"
    profile.save()
    send_reminders(timezone.now())
    [message] = smtp_server.messages
    assert "still misses" in body_of(message) and "- the logo" in body_of(message)
    assert "/en/invitation/reminders/" in body_of(message)
