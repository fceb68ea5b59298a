"""The buyer's request form and its confirmation: what is refused and how it is said,
what is kept, the confirmation link (replayed, forged, expired) and the purge of requests
never confirmed."""

import datetime
import re

import pytest
from django.core import signing
from django.utils import timezone

from quotes import scheduled
from quotes.models import QuoteRequest, State
from quotes.tokens import CONFIRM, make_token
from tests.mail import body_of

from .conftest import NEW, form_data, in_days, link_to

pytestmark = pytest.mark.django_db


def test_the_form_in_both_languages(client, register):
    italian = client.get(NEW["it"]).content.decode()
    assert "Chiedi un preventivo alle cooperative certificate" in italian
    assert 'name="robots" content="noindex"' in italian
    assert "art. 14 del d.lgs. 276/2003" in italian and "art. 61 del d.lgs. 36/2023" in italian
    english = client.get(NEW["en"]).content.decode()
    assert "Request quotes from certified cooperatives" in english
    assert (
        'hreflang="it" href="/it/richiesta-preventivo/"' in english
        or "/it/richiesta-preventivo/" in english
    )


def test_refusals_are_said_beside_their_fields_and_nothing_is_lost(client, register, smtp_server):
    huge = "x" * 5000
    data = form_data(
        description=huge,
        answer_by=in_days(-1).isoformat(),
        consent=None,
        title="<script>alert(1)</script>",
        sectors=["pulizie", "nope"],
    )
    response = client.post(NEW["it"], data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was sent" not in page
    assert "Non è stato inviato nulla: correggi ciò che è segnalato qui sotto." in page
    assert "Usa al massimo 4000 caratteri (questo testo ne ha 5000)." in page
    assert "La scadenza per le risposte deve essere successiva a oggi." in page
    assert "Spunta la casella per accettare l&#x27;informativa sulla privacy." in page
    assert "«nope» non è una delle opzioni." in page
    # The summary links to the fields; the fields point at their messages.
    assert 'href="#id_description"' in page
    assert 'aria-describedby="id_description_helptext id_description_error"' in page
    # What was typed comes back, escaped.
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Albino" in page
    assert not QuoteRequest.objects.exists() and not smtp_server.messages


def test_a_comune_not_in_istats_list_is_refused_with_the_text_kept(client, register):
    page = client.post(NEW["en"], form_data(comune="Narnia<b>")).content.decode()
    assert "“Narnia&lt;b&gt;” is not an Italian municipality in ISTAT&#x27;s list" in page
    assert 'value="Narnia&lt;b&gt;"' in page
    assert not QuoteRequest.objects.exists()


def test_the_work_starts_after_the_deadline_and_the_deadline_is_near(client, register):
    page = client.post(
        NEW["en"],
        form_data(answer_by=in_days(20).isoformat(), expected_start=in_days(10).isoformat()),
    ).content.decode()
    assert "The work can start only after the deadline for answers" in page
    far = client.post(NEW["en"], form_data(answer_by=in_days(400).isoformat())).content.decode()
    assert "at most 180 days from today" in far
    assert not QuoteRequest.objects.exists()


def test_a_robot_filling_the_honeypot_gets_the_same_answer_and_nothing(
    client, register, smtp_server
):
    response = client.post(NEW["it"], form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not QuoteRequest.objects.exists() and not smtp_server.messages


def test_the_confirmation_link_confirms_once(client, register, post_request):
    message = post_request("en", title="Canteen for <b>60</b>")
    assert message["To"] == "acquisti@example.com"
    assert message["Subject"] == "Impact register: confirm your request for quotes"
    text = body_of(message)
    assert "Canteen for <b>60</b>" in text  # plain text, as typed
    html = message.get_body(("html",)).get_content()
    assert "Canteen for &lt;b&gt;60&lt;/b&gt;" in html
    request = QuoteRequest.objects.get()
    assert request.state == State.UNCONFIRMED and request.language == "en"
    confirm = link_to(message, "/en/request-a-quote/confirm/")
    # Opening the link changes nothing (mail scanners open links); the button does.
    page = client.get(confirm).content.decode()
    assert "Confirm the request" in page
    request.refresh_from_db()
    assert request.state == State.UNCONFIRMED
    response = client.post(confirm)
    assert response.status_code == 302
    buyer = client.get(response["Location"]).content.decode()
    assert "Thank you: your request is confirmed." in buyer
    request.refresh_from_db()
    assert request.state == State.CONFIRMED and request.confirmed_at is not None
    # Replayed: said plainly, nothing changes.
    again = client.post(confirm)
    assert again.status_code == 200
    assert "This request was confirmed already" in again.content.decode()
    request.refresh_from_db()
    assert request.state == State.CONFIRMED


def test_forged_and_expired_links_are_refused(client, register, post_request, settings):
    message = post_request()
    confirm = link_to(message, "/conferma/")
    forged = confirm.replace("/conferma/", "/conferma/x").rstrip("/") + "0/"
    response = client.get(forged)
    assert response.status_code == 400
    assert "Il link è incompleto o è stato modificato" in response.content.decode()
    request = QuoteRequest.objects.get()
    # A confirmation link for another purpose opens nothing.
    buyer_token = signing.TimestampSigner(salt="quotes.buyer", sep=".").sign(request.key)
    assert client.get(f"/it/richiesta-preventivo/conferma/{buyer_token}/").status_code == 400
    # Nor does the buyer's page open before the confirmation.
    assert client.get(f"/it/richiesta-preventivo/richiesta/{buyer_token}/").status_code == 404
    eight_days_ago = timezone.now() - datetime.timedelta(days=8)
    old = signing.TimestampSigner(salt="quotes.confirm", sep=".")
    old.timestamp = lambda: signing.b62_encode(int(eight_days_ago.timestamp()))
    expired = client.post(f"/it/richiesta-preventivo/conferma/{old.sign(request.key)}/")
    assert expired.status_code == 400
    assert "Il link è scaduto" in expired.content.decode()
    request.refresh_from_db()
    assert request.state == State.UNCONFIRMED
    assert make_token(request, CONFIRM)  # a fresh one would still work


def test_requests_never_confirmed_are_purged_after_a_week(client, register, post_request):
    post_request()
    request = QuoteRequest.objects.get()
    now = timezone.now()
    assert "0 old rows deleted" in scheduled.run(now + datetime.timedelta(days=6))
    assert QuoteRequest.objects.filter(pk=request.pk).exists()
    scheduled.run(now + datetime.timedelta(days=8))
    assert not QuoteRequest.objects.filter(pk=request.pk).exists()


def test_the_register_listing_leads_to_the_form_with_its_choices(client, register):
    listing = client.get("/it/registro/", {"sector": "pulizie"}).content.decode()
    assert 'href="/it/richiesta-preventivo/?sector=pulizie"' in listing
    assert "Chiedi un preventivo a queste cooperative" in listing
    form = client.get(NEW["it"], {"sector": "pulizie", "area": "nope"}).content.decode()
    [pulizie] = re.findall(r'<input type="checkbox" name="sectors" value="pulizie"[^>]*>', form)
    assert pulizie.endswith(" checked>")
    assert '<option value="" selected>Scegli…</option>' in form
