"""Following suppliers or a listing: the forms, what they refuse, the double opt-in, the
"Follow" links on the register's pages, the caps on requests, and links that cannot be used.
Nothing tells whether an address is subscribed: every request gets the same answer."""

import datetime

import pytest
from django.core import signing
from django.utils import timezone
from wagtail.models import Site

from alerts import following, tokens
from alerts.models import ConfirmationMail, FollowedListing, FollowedNumber, Subscription
from alerts.tokens import CONFIRM, MANAGE, make_token
from chrome.models import SiteSettings
from infrastructure import ratelimit
from register.numbers import read_number
from tests.factories import SectorFactory, valid_vat
from tests.mail import body_of

from .conftest import link_to

pytestmark = pytest.mark.django_db

SUPPLIERS_IT, SUPPLIERS_EN = "/it/avvisi/fornitori/", "/en/alerts/suppliers/"
LISTING_IT = "/it/avvisi/elenco/"
SENT_IT = "/it/avvisi/inviato/"


def wrong_check_digit() -> str:
    vat = valid_vat()
    return vat[:-1] + str((int(vat[-1]) + 1) % 10)


WRONG = wrong_check_digit()


def post_numbers(client, address: str, numbers: str, **extra):
    return client.post(SUPPLIERS_IT, {"email": address, "numbers": numbers}, **extra)


def stored() -> tuple[int, int, int]:
    return (
        Subscription.objects.count(),
        FollowedNumber.objects.count(),
        FollowedListing.objects.count(),
    )


def test_nothing_is_followed_until_the_link_is_confirmed(client, site, make_cooperative, subscribe):
    cooperative = make_cooperative("Cooperativa Attesa")
    message = subscribe("attesa@example.org", numbers=[cooperative.vat_number])
    assert Subscription.objects.get().confirmed_at is None
    assert FollowedNumber.objects.get().confirmed_at is None
    # The page behind the link asks before it confirms, and says what will be followed.
    page = client.get(link_to(message, "/conferma/")).content.decode()
    assert "Cooperativa Attesa" in page
    assert 'method="post"' in page
    assert Subscription.objects.get().confirmed_at is None


def test_every_request_gets_the_same_answer_whatever_the_address(
    client, site, make_cooperative, confirmed, smtp_server
):
    cooperative = make_cooperative("Cooperativa Qualsiasi")
    confirmed("noto@example.org", numbers=[cooperative.vat_number])
    answers = []
    for address in ["noto@example.org", "nuovo@example.org", "NOTO@example.org"]:
        response = post_numbers(client, address, cooperative.vat_number)
        answers.append((response.status_code, response["Location"]))
        answers.append(client.get(response["Location"]).content)
    assert answers[0] == answers[2] == answers[4] == (302, SENT_IT)
    assert answers[1] == answers[3] == answers[5]
    # The owner of the known address hears of it, with a link, and nothing changed.
    already = [m for m in smtp_server.messages if m["To"] == "noto@example.org"][-1]
    assert already["Subject"] == "Registro Impact: lo segui già"
    assert "/it/avvisi/gestione/" in body_of(already)


def test_three_confirmation_mails_a_day_per_address_then_silence(client, site, smtp_server):
    vats = [valid_vat() for _ in range(5)]
    for vat in vats:
        assert post_numbers(client, "molte@example.org", vat)["Location"] == SENT_IT
    assert len(smtp_server.messages) == 3
    # The requests past the cap stored nothing.
    assert set(FollowedNumber.objects.values_list("number", flat=True)) == set(vats[:3])
    # The count keeps only a keyed hash of the address.
    assert not ConfirmationMail.objects.filter(address_hash__contains="molte").exists()
    # The next day the address may be written to again.
    tomorrow = timezone.now() + datetime.timedelta(days=1, minutes=1)
    assert following.request_follow("molte@example.org", "it", [read_number(vats[4])], now=tomorrow)
    assert len(smtp_server.messages) == 4


def test_requests_are_rate_limited_per_client(client, site, settings, monkeypatch):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_STORAGE = "database"
    settings.RATELIMITS = {"subscriptions": (2, 3600)}
    monkeypatch.setattr(ratelimit, "now", lambda: 1_800_000_000.0)
    for number in range(2):
        response = post_numbers(
            client, f"a{number}@example.org", valid_vat(), REMOTE_ADDR="192.0.2.7"
        )
        assert response.status_code == 302
    response = client.post(
        "/en/alerts/listing/", {"email": "b@example.org"}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 429
    assert response["Retry-After"]
    # Reading the forms is not counted, and another client is served.
    assert client.get(SUPPLIERS_IT, REMOTE_ADDR="192.0.2.7").status_code == 200
    other = post_numbers(client, "c@example.org", valid_vat(), REMOTE_ADDR="192.0.2.8")
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("numbers", "shown"),
    [
        (f"IT{WRONG}", f"La cifra di controllo della partita IVA {WRONG} è sbagliata"),
        (f"{valid_vat()}\nnon è un numero!", "Voce 2:"),
        ("", "Scrivi almeno una partita IVA o un numero di certificato."),
        ("1" * 30_000, "È troppo testo per 500 numeri"),
    ],
)
def test_wrong_numbers_are_refused_beside_the_field_and_nothing_is_stored(
    client, site, smtp_server, numbers, shown
):
    response = post_numbers(client, "errore@example.org", numbers)
    assert response.status_code == 200
    page = response.content.decode()
    assert shown in page
    assert 'aria-describedby="id_numbers_helptext id_numbers_error"' in page
    assert "<title>Errore:" in page
    assert stored() == (0, 0, 0)
    assert smtp_server.messages == []


def test_more_than_500_suppliers_at_once_are_refused(client, site, smtp_server):
    numbers = "\n".join(valid_vat() for _ in range(501))
    page = post_numbers(client, "tanti@example.org", numbers).content.decode()
    assert "Puoi seguire al massimo 500 fornitori alla volta; questi sono 501." in page
    assert stored() == (0, 0, 0)


def test_500_suppliers_pasted_any_way_are_followed(client, site, subscribe):
    vats = [valid_vat() for _ in range(500)]
    pasted = "\n".join(f"IT {vat[:5]}.{vat[5:]}" for vat in vats[:250]) + "\n\n"
    pasted += ", ".join(vats[250:]) + f"; {vats[0]}"  # a duplicate
    response = post_numbers(client, "cinquecento@example.org", pasted)
    assert response.status_code == 302
    assert FollowedNumber.objects.count() == 500
    assert set(FollowedNumber.objects.values_list("number", flat=True)) == set(vats)


def test_a_wrong_address_is_refused(client, site, smtp_server):
    page = post_numbers(client, "non-un-indirizzo", valid_vat()).content.decode()
    assert "Scrivi un indirizzo e-mail valido" in page
    assert 'aria-describedby="id_email_error"' in page
    assert stored() == (0, 0, 0)


def test_a_robot_filling_the_honeypot_gets_the_same_answer_and_nothing(client, site, smtp_server):
    response = client.post(
        SUPPLIERS_IT, {"email": "robot@example.org", "numbers": valid_vat(), "website": "x"}
    )
    assert (response.status_code, response["Location"]) == (302, SENT_IT)
    assert stored() == (0, 0, 0)
    assert smtp_server.messages == []


def test_the_register_pages_lead_to_the_follow_forms(client, site, make_cooperative):
    sector = SectorFactory(code="pulizie-prova", name="Pulizie di prova")
    cooperative = make_cooperative("Cooperativa Da Seguire", sectors=[sector])
    listing = client.get(
        "/it/registro/?sector=pulizie-prova&q=parole&form=nessuna"
    ).content.decode()
    # The listing's valid sector, area and form go along; words and unknown codes do not.
    assert 'href="/it/avvisi/elenco/?sector=pulizie-prova"' in listing
    page = client.get(f"/it/registro/{cooperative.slug}/").content.decode()
    link = f'href="/it/avvisi/fornitori/?number=IT{cooperative.vat_number}"'
    assert link in page
    answer = client.get(f"/it/registro/verifica/?q={cooperative.vat_number}").content.decode()
    assert link in answer
    assert "Segui Cooperativa Da Seguire via e-mail" in answer
    # The form opens with the number filled in, and the listing's form with its sector chosen.
    form = client.get(f"/it/avvisi/fornitori/?number=IT{cooperative.vat_number}").content.decode()
    assert f"IT{cooperative.vat_number}</textarea>" in form
    form = client.get("/it/avvisi/elenco/?sector=pulizie-prova&area=nessuna").content.decode()
    assert '<option value="pulizie-prova" selected>' in form


def test_following_a_listing_with_an_unknown_option_is_refused(client, site, smtp_server):
    response = client.post(LISTING_IT, {"email": "elenco@example.org", "sector": "nessuno"})
    assert response.status_code == 200
    assert "«nessuno» non è una delle opzioni." in response.content.decode()
    assert stored() == (0, 0, 0)


def test_following_a_listing_is_confirmed_the_same_way(client, site, subscribe):
    SectorFactory(code="verde", name="Verde")
    message = subscribe("verde@example.org", listing={"sector": "verde"})
    assert "Settore: Verde" in body_of(message)
    response = client.post(link_to(message, "/conferma/"))
    assert response.status_code == 302
    listing = FollowedListing.objects.get()
    assert (listing.sector, listing.area, listing.form) == ("verde", "", "")
    assert listing.confirmed_at is not None


def test_an_english_visitor_subscribes_in_english(client, site, make_cooperative, subscribe):
    cooperative = make_cooperative("Cooperativa Inglese")
    message = subscribe("english@example.org", numbers=[cooperative.vat_number], language="en")
    assert message["Subject"] == "Impact register: confirm your alerts"
    assert "Someone, we hope you, asked for e-mail alerts" in body_of(message)
    assert message.get_body(("html",))["Content-Type"]
    assert '<html lang="en">' in message.get_body(("html",)).get_content()
    confirm = link_to(message, "/en/alerts/confirm/")
    assert "Confirm your alerts" in client.get(confirm).content.decode()
    response = client.post(confirm)
    assert response["Location"].startswith("/en/alerts/manage/")
    assert Subscription.objects.get().language == "en"
    assert "Your alerts" in client.get(response["Location"]).content.decode()


def test_a_link_that_cannot_be_used_says_why_and_never_fails(client, site, confirmed, monkeypatch):
    manage = confirmed("link@example.org", numbers=[valid_vat()])
    subscription = Subscription.objects.get()
    token = make_token(subscription, CONFIRM, "0" * 16)
    cases = {
        "/it/avvisi/conferma/spazzatura/": (400, "è incompleto o è stato modificato"),
        f"/it/avvisi/conferma/{token[:-2]}xx/": (400, "è incompleto o è stato modificato"),
        # A manage link is no confirmation link, and the other way round.
        f"/it/avvisi/conferma/{make_token(subscription, MANAGE)}/": (400, "incompleto"),
        f"/it/avvisi/gestione/{token}/": (400, "incompleto"),
        f"/en/alerts/unsubscribe/{signing.TimestampSigner().sign('x')}/": (400, "incomplete"),
    }
    for url, (status, text) in cases.items():
        for response in (client.get(url), client.post(url)):
            assert response.status_code == status, url
            assert text in response.content.decode()
            assert "/it/avvisi/nuovo-link/" in response.content.decode() or "/en/" in url
    monkeypatch.setitem(tokens.MAX_AGE, MANAGE, datetime.timedelta(seconds=-1))
    expired = client.get(manage)
    assert expired.status_code == 400
    assert "Il link è scaduto" in expired.content.decode()
    monkeypatch.undo()
    subscription.delete()
    gone = client.get(manage)
    assert gone.status_code == 404
    assert "Non c'è più un'iscrizione per questo link" in gone.content.decode()


def test_alert_pages_are_never_cached_and_not_for_crawlers(client, site, confirmed):
    manage = confirmed("cache@example.org", numbers=[valid_vat()])
    for url in ["/it/avvisi/", SUPPLIERS_EN, LISTING_IT, SENT_IT, "/en/alerts/new-link/", manage]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert '<meta name="robots" content="noindex">' in response.content.decode()
    robots = client.get("/robots.txt").content.decode()
    for path in ["/it/avvisi/", "/en/alerts/", "/alerts/unsubscribe/"]:
        assert f"Disallow: {path}\n" in robots


def test_the_forms_link_the_privacy_notice_in_the_pages_language(client, site):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.privacy_page = site.news_it  # any live page stands for the notice here
    settings.save()
    assert (
        'href="/it/notizie/">Leggi l\'informativa sulla privacy'
        in client.get(SUPPLIERS_IT).content.decode()
    )
    assert 'href="/en/news/">Read the privacy notice' in client.get(SUPPLIERS_EN).content.decode()
