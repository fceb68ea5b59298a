"""The subscriber's own page, from the link in every message: what is followed, adding and
removing suppliers, frequency and language, unsubscribing (from the page, and in one click
from the mail program), downloading what is kept and erasing it; a new link by e-mail. And
what register managers may do with subscriptions in the admin."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts import scheduled
from alerts.models import (
    Alert,
    ConfirmationMail,
    FollowedListing,
    FollowedNumber,
    Frequency,
    Message,
    Subscription,
)
from register.models import CertificationEvent
from register.writing import record_event
from tests.factories import SectorFactory, valid_vat

from .conftest import link_to, path_of

pytestmark = pytest.mark.django_db

ALERT_TABLES = (Subscription, FollowedNumber, FollowedListing, Alert, Message, ConfirmationMail)


def at_ten(day: int = 0) -> datetime.datetime:
    moment = datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=day), datetime.time(10)
    )
    return timezone.make_aware(moment)


def test_the_page_shows_what_is_followed(client, site, make_cooperative, confirmed):
    cooperative = make_cooperative("Cooperativa Mostrata")
    missing = valid_vat()
    manage = confirmed("vedo@example.org", numbers=[cooperative.vat_number, missing])
    page = client.get(f"{manage}?done=confirmed").content.decode()
    assert "Confermato: gli avvisi sono attivi." in page
    assert "vedo@example.org" in page
    assert f"IT{cooperative.vat_number}</span> – Cooperativa Mostrata – Attivo" in page
    assert f"IT{missing}</span> – non (ancora) nel registro" in page
    assert page.count("<h1") == 1


def test_adding_and_removing_suppliers(client, site, make_cooperative, confirmed):
    first, second = make_cooperative("Prima"), make_cooperative("Seconda")
    manage = confirmed("cambio@example.org", numbers=[first.vat_number])
    response = client.post(
        manage, {"action": "add", "add-numbers": f"IT{second.vat_number}\n{first.vat_number}"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "1 fornitore aggiunto." in page
    assert FollowedNumber.objects.confirmed().count() == 2  # at once: the link proves the mailbox

    wrong = client.post(manage, {"action": "add", "add-numbers": "IT1"})
    assert wrong.status_code == 400
    assert "Voce 1:" in wrong.content.decode()
    assert FollowedNumber.objects.count() == 2

    nothing = client.post(manage, {"action": "remove"})
    assert "Spunta ciò che non vuoi più seguire." in nothing.content.decode()
    kept = FollowedNumber.objects.get(number=second.vat_number)
    removed = FollowedNumber.objects.get(number=first.vat_number)
    response = client.post(manage, {"action": "remove", "remove-numbers": [str(removed.pk)]})
    assert response.status_code == 302
    assert list(FollowedNumber.objects.all()) == [kept]
    # Someone else's row cannot be named.
    confirmed("altro@example.org", numbers=[first.vat_number])
    theirs = FollowedNumber.objects.get(subscription__email="altro@example.org")
    response = client.post(manage, {"action": "remove", "remove-numbers": [str(theirs.pk)]})
    assert response.status_code == 400
    assert FollowedNumber.objects.filter(pk=theirs.pk).exists()


def test_frequency_and_language(client, site, make_cooperative, confirmed, smtp_server):
    cooperative = make_cooperative("Cooperativa Lingua")
    manage = confirmed("lingua@example.org", numbers=[cooperative.vat_number])
    response = client.post(
        manage, {"action": "settings", "settings-frequency": "immediate", "settings-language": "en"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/en/alerts/manage/")
    assert (
        "Saved: your choices apply from the next message."
        in client.get(response["Location"]).content.decode()
    )
    subscription = Subscription.objects.get()
    assert (subscription.frequency, subscription.language) == (Frequency.IMMEDIATE, "en")
    record_event(CertificationEvent(cooperative=cooperative, kind="revoked"))
    smtp_server.messages.clear()
    scheduled.run(at_ten())
    [message] = smtp_server.messages
    assert message["Subject"].strip() == "Impact register: mark revoked – Cooperativa Lingua"
    bad = client.post(manage, {"action": "settings", "settings-frequency": "weekly"})
    assert bad.status_code == 400


def test_unsubscribing_from_the_link_asks_first(
    client, site, make_cooperative, confirmed, smtp_server
):
    cooperative = make_cooperative("Cooperativa Lasciata")
    confirmed("lascio@example.org", numbers=[cooperative.vat_number])
    record_event(CertificationEvent(cooperative=cooperative, kind="suspended"))
    smtp_server.messages.clear()
    scheduled.run(at_ten())
    [digest] = smtp_server.messages
    link = link_to(digest, "/it/avvisi/disiscrizione/")
    page = client.get(link)  # as a mail scanner would
    assert page.status_code == 200
    assert Subscription.objects.get().unsubscribed_at is None
    response = client.post(link)
    assert response.status_code == 302
    assert Subscription.objects.get().unsubscribed_at is not None
    page = client.get(response["Location"]).content.decode()
    assert "Disiscrizione fatta" in page
    # Changed their mind: resumed from the same page.
    client.post(path_of(response["Location"]), {"action": "resubscribe"})
    assert Subscription.objects.get().unsubscribed_at is None


def test_one_click_unsubscription_from_the_mail_program(
    site, make_cooperative, confirmed, smtp_server
):
    cooperative = make_cooperative("Cooperativa Un Clic")
    confirmed("clic@example.org", numbers=[cooperative.vat_number])
    record_event(CertificationEvent(cooperative=cooperative, kind="suspended"))
    smtp_server.messages.clear()
    scheduled.run(at_ten())
    [digest] = smtp_server.messages
    header = digest["List-Unsubscribe"].strip()
    assert header.startswith("<http://testserver/alerts/unsubscribe/") and header.endswith(">")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The provider posts without cookies or CSRF token (RFC 8058).
    provider = Client(enforce_csrf_checks=True)
    url = path_of(header.strip("<>"))
    opened = provider.get(url)  # opened in a browser: the page with the button
    assert opened.status_code == 302
    assert opened["Location"].startswith("/it/avvisi/disiscrizione/")
    assert Subscription.objects.get().unsubscribed_at is None
    response = provider.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscription.objects.get().unsubscribed_at is not None
    assert provider.post("/alerts/unsubscribe/nonsense/").status_code == 400


def test_downloading_what_is_kept(client, site, make_cooperative, confirmed, smtp_server):
    cooperative = make_cooperative("Cooperativa Esportata")
    SectorFactory(code="arredo", name="Arredo")
    manage = confirmed("dati@example.org", numbers=[cooperative.vat_number])
    smtp_server.messages.clear()
    record_event(CertificationEvent(cooperative=cooperative, kind="suspended"))
    scheduled.run(at_ten())
    page = client.get(manage).content.decode()
    download = path_of(manage) + "dati.json"
    assert f'href="{download}"' in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["email"] == "dati@example.org"
    assert [item["number"] for item in data["suppliers"]] == [f"IT{cooperative.vat_number}"]
    assert data["alerts"][0]["kind"] == "suspended"
    assert data["alerts"][0]["sent_at"]
    assert [message["kind"] for message in data["messages"]] == ["digest"]


def test_erasing_everything_leaves_nothing(
    client, site, make_cooperative, confirmed, subscribe, smtp_server
):
    cooperative = make_cooperative("Cooperativa Cancellata")
    SectorFactory(code="pulito", name="Pulito")
    manage = confirmed("via@example.org", numbers=[cooperative.vat_number])
    subscribe("via@example.org", listing={"sector": "pulito"})  # a request still waiting
    record_event(CertificationEvent(cooperative=cooperative, kind="suspended"))
    scheduled.run(at_ten())
    assert all(model.objects.exists() for model in ALERT_TABLES)

    unsure = client.post(manage, {"action": "erase"})
    assert unsure.status_code == 400
    assert "Spunta la casella per confermare" in unsure.content.decode()
    assert Subscription.objects.exists()
    response = client.post(manage, {"action": "erase", "erase-sure": "on"})
    assert response["Location"] == "/it/avvisi/?done=erased"
    assert (
        "La tua iscrizione è stata cancellata" in client.get(response["Location"]).content.decode()
    )
    assert [model.objects.count() for model in ALERT_TABLES] == [0] * len(ALERT_TABLES)
    assert client.get(manage).status_code == 404  # its links open nothing any more


def test_a_new_link_for_a_lost_one(client, site, confirmed, smtp_server):
    confirmed("perso@example.org", numbers=[valid_vat()])
    smtp_server.messages.clear()
    answers = [
        client.post("/it/avvisi/nuovo-link/", {"email": address})
        for address in ("Perso@example.org", "sconosciuto@example.org")
    ]
    assert [answer["Location"] for answer in answers] == ["/it/avvisi/inviato/"] * 2
    [message] = smtp_server.messages
    assert message["To"] == "perso@example.org"
    assert message["Subject"] == "Registro Impact: il link ai tuoi avvisi"
    assert client.get(link_to(message, "/it/avvisi/gestione/")).status_code == 200


@pytest.fixture
def manager(django_user_model):
    user = django_user_model.objects.create_user("gestore", "g@example.org", "pw")
    user.groups.add(Group.objects.get(name="Register managers"))
    return user


def test_register_managers_find_a_subscription_by_its_address_and_erase_it(
    client, site, confirmed, manager
):
    confirmed("maria.rossi@example.org", numbers=[valid_vat(), valid_vat()])
    confirmed("altro@example.org", numbers=[valid_vat()])
    client.force_login(manager)
    index = reverse("alert_subscriptions:index")
    page = client.get(index).content.decode()
    assert "2 iscrizioni attive, 0 in attesa di conferma, 0 disiscritte." in page
    assert "ma…@example.org" in page
    assert "maria.rossi@example.org" not in page  # addresses are not browsed
    found = client.get(index, {"email": " Maria.Rossi@example.org "}).content.decode()
    assert "ma…@example.org" in found and "al…@example.org" not in found
    subscription = Subscription.objects.get(email="maria.rossi@example.org")
    # No adding or changing subscriptions in the admin.
    assert client.get(reverse("alert_subscriptions:add")).status_code in (302, 403)
    assert client.get(reverse("alert_subscriptions:edit", args=[subscription.pk])).status_code in (
        302,
        403,
    )
    delete = reverse("alert_subscriptions:delete", args=[subscription.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not Subscription.objects.filter(email="maria.rossi@example.org").exists()
    assert not FollowedNumber.objects.filter(subscription_id=subscription.pk).exists()


def test_editors_and_moderators_see_no_subscriptions(client, site, confirmed, django_user_model):
    confirmed("nascosto@example.org", numbers=[valid_vat()])
    for group in ("Editors", "Moderators"):
        user = django_user_model.objects.create_user(group, f"{group}@example.org", "pw")
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        assert client.get(reverse("alert_subscriptions:index")).status_code in (302, 403)
        menu = client.get("/admin/").content.decode()
        assert "Iscrizioni agli avvisi" not in menu
