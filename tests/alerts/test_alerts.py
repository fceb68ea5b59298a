"""What subscribers are told, and when: events of the suppliers they follow (suspensions and
revocations at once for those who asked), the approach of a mark's expiry, cooperatives
entering a followed listing; one digest a day, in the subscriber's language; each event at
most once, however often the scheduled work runs."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from alerts import delivering, following, scheduled
from alerts.models import (
    Alert,
    ConfirmationMail,
    FollowedNumber,
    Frequency,
    Message,
    Subscription,
)
from alerts.tasks import send_urgent_alerts
from register.models import CertificationEvent
from register.writing import record_event
from tests.factories import SectorFactory, days
from tests.mail import body_of

from .conftest import html_of, links_in

pytestmark = pytest.mark.django_db


def at(hour: int, day: int = 0) -> datetime.datetime:
    moment = datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=day), datetime.time(hour)
    )
    return timezone.make_aware(moment)


def event(cooperative, kind: str, **fields) -> CertificationEvent:
    new = CertificationEvent(cooperative=cooperative, kind=kind, **fields)
    record_event(new)
    return new


def inbox_of(smtp_server, address: str) -> list:
    return [message for message in smtp_server.messages if message["To"] == address]


@pytest.fixture
def follower(confirmed, smtp_server):
    """`follower(address, cooperative, frequency=…, language=…)`: a confirmed subscription to
    one cooperative; the confirmation mail is set aside."""

    def make(address, *cooperatives, frequency=Frequency.DAILY, language="it"):
        confirmed(address, numbers=[c.vat_number for c in cooperatives], language=language)
        Subscription.objects.filter(email=address).update(frequency=frequency)
        smtp_server.messages.clear()

    return make


def test_a_suspension_is_sent_at_once_to_those_who_asked(
    site, make_cooperative, follower, smtp_server, django_capture_on_commit_callbacks
):
    cooperative = make_cooperative("Cooperativa Sospesa")
    follower("subito@example.org", cooperative, frequency=Frequency.IMMEDIATE)
    follower("sera@example.org", cooperative)
    with django_capture_on_commit_callbacks(execute=True):
        suspension = event(cooperative, "suspended", public_note="Requisito mancante")
    [message] = smtp_server.messages  # the worker's task, run at once in the tests
    assert message["To"] == "subito@example.org"
    assert message["Subject"].strip() == "Registro Impact: marchio sospeso – Cooperativa Sospesa"
    assert "Requisito mancante" in body_of(message)
    assert "Un avviso urgente dal Registro Impact" in body_of(message)

    # The task again (a retry): nothing more. The digest tells the other subscriber.
    send_urgent_alerts.call(suspension.pk)
    scheduled.run(at(10))
    assert len(inbox_of(smtp_server, "subito@example.org")) == 1
    [digest] = inbox_of(smtp_server, "sera@example.org")
    assert "è stato sospeso" in body_of(digest)


def test_a_withdrawal_is_sent_at_once_like_a_suspension(
    site, make_cooperative, follower, smtp_server, django_capture_on_commit_callbacks
):
    cooperative = make_cooperative("Cooperativa Uscente")
    follower("subito@example.org", cooperative, frequency=Frequency.IMMEDIATE)
    follower("evening@example.org", cooperative, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        event(cooperative, "withdrawn", public_note="Ha cessato l'attività.")
    [message] = smtp_server.messages
    assert message["To"] == "subito@example.org"
    assert message["Subject"].strip() == (
        "Registro Impact: uscita dal registro – Cooperativa Uscente"
    )
    text = body_of(message)
    assert "Cooperativa Uscente è uscita dal registro il" in text
    assert "su propria richiesta: non ha più il marchio." in text
    assert "Ha cessato l'attività." in text
    # No page any more: the link is its verification answer.
    assert "/it/registro/verifica/?q=" in text and "/it/registro/cooperativa-uscente/" not in text

    scheduled.run(at(10))
    [digest] = inbox_of(smtp_server, "evening@example.org")
    assert "Cooperativa Uscente withdrew from the register on" in body_of(digest)
    assert "at its own request: it no longer holds the mark." in body_of(digest)


def test_renewals_and_reinstatements_wait_for_the_digest(
    site, make_cooperative, follower, smtp_server, django_capture_on_commit_callbacks
):
    cooperative = make_cooperative(
        "Cooperativa Riattivata", history=[("issued", -400, 700), ("suspended", -10, None)]
    )
    follower("subito@example.org", cooperative, frequency=Frequency.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        event(cooperative, "reinstated")
        event(cooperative, "renewed", valid_until=days(1000))
    assert smtp_server.messages == []
    scheduled.run(at(10))
    [digest] = smtp_server.messages
    assert digest["Subject"] == "Registro Impact: 2 novità su ciò che segui"
    text = body_of(digest)
    assert "è stato riattivato" in text
    with translation.override("it"):
        until = date_format(days(1000), "DATE_FORMAT")
    assert f"è stato rinnovato il {timezone.localdate():%d} " in text
    assert f"valido fino al {until}." in text
    assert text.index("riattivato") < text.index("rinnovato")


def test_one_digest_a_day_at_the_digest_hour(site, make_cooperative, follower, smtp_server):
    first, second = make_cooperative("Prima"), make_cooperative("Seconda")
    follower("giorno@example.org", first, second)
    event(first, "suspended")
    scheduled.run(at(5))  # before ALERTS_DIGEST_HOUR: collected, not sent
    assert smtp_server.messages == []
    assert Alert.objects.filter(message__isnull=True).count() == 1
    scheduled.run(at(10))
    assert len(smtp_server.messages) == 1
    event(second, "revoked")
    scheduled.run(at(11))
    scheduled.run(at(23))
    assert len(smtp_server.messages) == 1  # one digest a day
    scheduled.run(at(8, day=1))
    assert len(smtp_server.messages) == 2
    assert "Il marchio di Seconda è stato revocato" in body_of(smtp_server.messages[1])
    assert Message.objects.count() == 2


def test_events_from_before_following_are_not_news(site, make_cooperative, follower, smtp_server):
    cooperative = make_cooperative(
        "Storica", history=[("issued", -400, 700), ("suspended", -10, None)]
    )
    follower("dopo@example.org", cooperative)
    scheduled.run(at(10))
    assert smtp_server.messages == []


def test_thirty_days_before_expiry(site, make_cooperative, follower, smtp_server):
    ending = make_cooperative("In Scadenza", history=[("issued", -300, 30)])
    later = make_cooperative("Ancora Lontana", history=[("issued", -300, 31)])
    follower("scadenze@example.org", ending, later)
    scheduled.run(at(10))
    [digest] = smtp_server.messages
    text = body_of(digest)
    assert "Il marchio di In Scadenza scade il" in text
    assert "tra 30 giorni, se non è rinnovato" in text
    assert "Ancora Lontana" not in text
    # The next day: the one that is now 30 days away; the first is not told twice.
    scheduled.run(at(10, day=1))
    assert len(smtp_server.messages) == 2
    assert "Ancora Lontana" in body_of(smtp_server.messages[1])
    assert "In Scadenza" not in body_of(smtp_server.messages[1])


def test_a_cooperative_entering_a_followed_listing(site, make_cooperative, confirmed, smtp_server):
    sector = SectorFactory(code="logistica", name="Logistica")
    make_cooperative("Presente Da Prima", sectors=[sector])
    confirmed("elenco@example.org", listing={"sector": "logistica"})
    smtp_server.messages.clear()
    scheduled.run(at(10))
    assert smtp_server.messages == []  # what the listing held already is not news

    newcomer = make_cooperative("Nuova Arrivata", sectors=[sector])
    make_cooperative("Altro Settore")
    draft = make_cooperative("Bozza", sectors=[sector], publish=False)
    scheduled.run(at(10))
    [digest] = smtp_server.messages
    text = body_of(digest)
    assert "Nuova Arrivata è entrata in un elenco che segui (Settore: Logistica)." in text
    assert "Altro Settore" not in text and "Bozza" not in text
    assert f"/it/registro/{newcomer.slug}/" in text

    # A cooperative that starts working in the sector enters the listing too (the next day).
    moved = make_cooperative("Cambia Settore")
    moved.sectors.add(sector)
    moved.save()
    scheduled.run(at(10))
    scheduled.run(at(10, day=1))
    assert len(smtp_server.messages) == 2
    assert "Cambia Settore è entrata in un elenco" in body_of(smtp_server.messages[1])
    scheduled.run(at(11, day=1))
    assert len(smtp_server.messages) == 2
    assert draft.pk not in Alert.objects.values_list("cooperative_id", flat=True)


def test_the_digest_in_english_for_an_english_subscriber(
    site, make_cooperative, follower, smtp_server
):
    cooperative = make_cooperative("Cooperativa Inglese")
    follower("reader@example.org", cooperative, language="en")
    event(cooperative, "revoked")
    scheduled.run(at(10))
    [digest] = smtp_server.messages
    assert digest["Subject"] == "Impact register: 1 update on what you follow"
    text = body_of(digest)
    assert "The mark of Cooperativa Inglese was revoked on" in text
    assert "Status today: Revoked" in text
    # A revoked mark has no page: the link is the verification answer, in English.
    assert f"/en/register/verify/?q=IT{cooperative.vat_number}" in text
    assert '<html lang="en">' in html_of(digest)
    assert all(path.startswith("/en/") or path.startswith("/alerts/") for path in links_in(digest))


def test_nothing_is_sent_after_unsubscribing(site, make_cooperative, follower, smtp_server, client):
    cooperative = make_cooperative("Cooperativa Lasciata")
    follower("via@example.org", cooperative)
    following.unsubscribe(Subscription.objects.get())
    event(cooperative, "suspended")
    scheduled.run(at(10))
    assert smtp_server.messages == []


def test_what_is_kept_no_longer_is_deleted_by_the_scheduled_work(site, subscribe, confirmed):
    confirmed("resta@example.org", numbers=["IMP-2020-0001"])
    subscribe("mai@example.org", numbers=["IMP-2020-0002"])
    confirmed("parte@example.org", numbers=["IMP-2020-0003"])
    following.unsubscribe(Subscription.objects.get(email="parte@example.org"))
    assert ConfirmationMail.objects.count() == 3

    scheduled.run(timezone.now() + datetime.timedelta(days=6))
    assert Subscription.objects.count() == 3
    scheduled.run(timezone.now() + datetime.timedelta(days=8))
    # The unconfirmed request is gone (and the day's counts of mails); the others stay.
    assert set(Subscription.objects.values_list("email", flat=True)) == {
        "resta@example.org",
        "parte@example.org",
    }
    assert ConfirmationMail.objects.count() == 0
    scheduled.run(timezone.now() + datetime.timedelta(days=31))
    assert list(Subscription.objects.values_list("email", flat=True)) == ["resta@example.org"]
    assert FollowedNumber.objects.count() == 1


def test_a_message_that_fails_is_sent_at_the_next_run_and_the_others_go(
    site, make_cooperative, follower, smtp_server, monkeypatch, caplog
):
    cooperative = make_cooperative("Cooperativa Comune")
    follower("prima@example.org", cooperative)
    follower("seconda@example.org", cooperative)
    event(cooperative, "suspended")
    real = delivering.send_alerts

    def failing_for_one(subscription, kind, alerts):
        if subscription.email == "prima@example.org":
            raise RuntimeError("template broken")
        real(subscription, kind, alerts)

    monkeypatch.setattr(delivering, "send_alerts", failing_for_one)
    scheduled.run(at(10))
    assert [message["To"] for message in smtp_server.messages] == ["seconda@example.org"]
    assert "not sent; tried again next run" in caplog.text
    assert not Message.objects.filter(subscription__email="prima@example.org").exists()
    monkeypatch.undo()
    scheduled.run(at(11))
    assert [message["To"] for message in smtp_server.messages][-1] == "prima@example.org"
    assert len(smtp_server.messages) == 2
