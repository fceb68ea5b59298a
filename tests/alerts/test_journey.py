"""A buyer follows suppliers: the form, the confirmation mail, the confirmation page and its
button, then an event on a followed cooperative and the digest that tells it."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from alerts import scheduled
from alerts.models import Alert, Subscription
from register.models import CertificationEvent
from register.writing import record_event
from tests.mail import body_of

from .conftest import html_of, link_to, links_in

pytestmark = pytest.mark.django_db


def morning(days: int = 0) -> datetime.datetime:
    """Ten o'clock, past the digest hour, `days` from today."""
    today = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time(10)))


def test_subscribe_confirm_event_digest(client, site, make_cooperative, subscribe, smtp_server):
    cooperative = make_cooperative("Cooperativa Seguita")
    message = subscribe("Buyer@Example.org", numbers=[f"IT {cooperative.vat_number}"])
    assert message["To"] == "buyer@example.org"
    assert message["Subject"] == "Registro Impact: conferma gli avvisi"
    assert "Cooperativa Seguita" in body_of(message)
    assert "List-Unsubscribe" not in message  # not an alert: nothing to leave yet

    # Opening the link (as a mail scanner would) confirms nothing: the page has a button.
    confirm = link_to(message, "/it/avvisi/conferma/")
    page = client.get(confirm)
    assert page.status_code == 200
    assert "Conferma gli avvisi" in page.content.decode()
    assert Subscription.objects.get().confirmed_at is None
    response = client.post(confirm)
    assert response.status_code == 302
    assert "/it/avvisi/gestione/" in response["Location"]
    assert Subscription.objects.get().confirmed_at is not None

    record_event(
        CertificationEvent(
            cooperative=cooperative, kind="suspended", public_note="Verifica in corso"
        )
    )
    before = len(smtp_server.messages)
    scheduled.run(morning())
    [digest] = smtp_server.messages[before:]
    assert digest["Subject"] == "Registro Impact: 1 novità su ciò che segui"
    text = body_of(digest)
    assert "Il marchio di Cooperativa Seguita è stato sospeso" in text
    assert "Verifica in corso" in text
    assert "Sospeso" in text  # the status today
    assert "Cooperativa Seguita" in html_of(digest)
    # Every link in it opens a page of the site.
    for path in links_in(digest):
        assert client.get(path).status_code == 200, path
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Run again: nothing more.
    scheduled.run(morning())
    call_command("run_scheduled_work", verbosity=0)
    assert len(smtp_server.messages) == before + 1
    assert Alert.objects.filter(message__isnull=True).count() == 0
