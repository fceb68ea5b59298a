"""After approval: the cooperatives' answers from their signed links, the buyer's mail and
private page, the follow-up after the deadline (once), the outcome, and the erasure of it
all after the retention period, which leaves the Pact's figures as they were."""

import datetime

import pytest
from django.utils import timezone

from quotes import scheduled
from quotes.models import Outcome, QuoteRequest, Recipient, RequestFigures
from tests.mail import body_of

from .conftest import link_to

pytestmark = pytest.mark.django_db

INTERESTED = {
    "answer": "interested",
    "message": "Possiamo iniziare a gennaio con una squadra di 4 persone.",
    "contact_name": "Lucia Bianchi",
    "contact_email": "lucia@seriana.example.org",
    "contact_phone": "035 123456",
}


@pytest.fixture
def sent(register, confirmed_request, approve, smtp_server):
    """An approved request: (request, buyer page, {cooperative address: answer path})."""
    request, buyer = confirmed_request()
    before = len(smtp_server.messages)
    approve(request)
    links = {
        message["To"]: link_to(message, "/risposta/" if "seriana" in message["To"] else "/answer/")
        for message in smtp_server.messages[before:]
        if message["To"] != "acquisti@example.com"
    }
    return request, buyer, links


def test_answers_reach_the_buyer_and_its_page(client, sent, smtp_server):
    request, buyer, links = sent
    seriana, province = links["seriana@example.org"], links["prov@example.org"]
    assert seriana.startswith("/it/richiesta-preventivo/risposta/")
    assert province.startswith("/en/request-a-quote/answer/")
    page = client.get(seriana).content.decode()
    assert "Per Coop Seriana: un'azienda chiede un preventivo" in page
    assert "Meccanica Rossi S.p.A." in page
    assert "acquisti@example.com" not in page  # the buyer's own address is not shown

    incomplete = client.post(seriana, {"answer": "interested"})
    assert incomplete.status_code == 200
    assert "Scrivi un messaggio all&#x27;azienda." in incomplete.content.decode()

    before = len(smtp_server.messages)
    response = client.post(seriana, {**INTERESTED, "message": "<script>x()</script> Sì"})
    assert response.status_code == 302
    assert "Grazie: la risposta è registrata" in client.get(response["Location"]).content.decode()
    [mail] = smtp_server.messages[before:]
    assert mail["To"] == "acquisti@example.com"
    assert "Coop Seriana è interessata alla tua richiesta" in body_of(mail)
    assert "lucia@seriana.example.org" in body_of(mail)
    assert "&lt;script&gt;" in mail.get_body(("html",)).get_content()
    client.post(province, {"answer": "not_interested"})
    assert len(smtp_server.messages) == before + 1  # no mail for a "no"

    page = client.get(buyer).content.decode()
    assert "Inviata a 2 cooperative certificate." in page
    assert "Non interessate: 1. Senza risposta per ora: 0." in page
    assert "Coop Seriana" in page and "lucia@seriana.example.org" in page
    assert "<script>x()</script>" not in page and "&lt;script&gt;x()&lt;/script&gt;" in page
    figures = RequestFigures.objects.get(request=request)
    assert (figures.reached, figures.interested) == (2, 1)


def test_a_second_answer_changes_the_first_and_tells_the_buyer_once(client, sent, smtp_server):
    request, _buyer, links = sent
    seriana = links["seriana@example.org"]
    before = len(smtp_server.messages)
    client.post(seriana, INTERESTED)
    client.post(seriana, {**INTERESTED, "message": "Anche con 6 persone."})
    page = client.get(seriana).content.decode()
    assert "La vostra risposta:" in page and "Cambia la risposta" in page
    assert Recipient.objects.filter(request=request, answer="interested").count() == 1
    assert Recipient.objects.get(email="seriana@example.org").message == "Anche con 6 persone."
    assert len(smtp_server.messages) == before + 1
    client.post(seriana, {"answer": "not_interested"})
    recipient = Recipient.objects.get(email="seriana@example.org")
    assert recipient.answer == "not_interested" and recipient.contact_email == ""
    assert RequestFigures.objects.get(request=request).interested == 0


def test_forged_links_and_closed_answers(client, sent):
    request, _buyer, links = sent
    seriana = links["seriana@example.org"]
    forged = seriana[:-3] + ("A" if seriana[-3] != "A" else "B") + seriana[-2:]
    assert client.post(forged, INTERESTED).status_code == 400
    assert not Recipient.objects.filter(answer="interested").exists()
    request.answer_by = timezone.localdate() - datetime.timedelta(days=1)
    request.save()
    closed = client.post(seriana, INTERESTED)
    assert closed.status_code == 200
    assert "Le risposte a questa richiesta sono chiuse" in closed.content.decode()
    assert not Recipient.objects.filter(answer="interested").exists()


def test_one_follow_up_after_the_deadline_and_the_outcome_recorded(client, sent, smtp_server):
    request, _buyer, links = sent
    client.post(links["seriana@example.org"], INTERESTED)
    client.post(links["prov@example.org"], {**INTERESTED, "contact_email": "p@example.org"})
    after_deadline = timezone.now() + datetime.timedelta(days=15)
    before = len(smtp_server.messages)
    assert scheduled.run(timezone.now()).startswith("0 follow-ups sent")
    assert scheduled.run(after_deadline).startswith("1 follow-ups sent")
    assert scheduled.run(after_deadline).startswith("0 follow-ups sent")
    [followup] = smtp_server.messages[before:]
    assert "È seguito un ordine o una convenzione" in body_of(followup)
    outcome = link_to(followup, "/esito/")
    form = client.get(outcome).content.decode()
    assert "Coop Seriana" in form and "Coop Provincia" in form
    missing = client.post(outcome, {"outcome": "order"})
    assert "Spunta le cooperative con cui c&#x27;è l&#x27;ordine" in missing.content.decode()
    seriana = Recipient.objects.get(email="seriana@example.org")
    response = client.post(outcome, {"outcome": "order", "cooperatives": [str(seriana.pk)]})
    assert response.status_code == 302
    assert (
        "abbiamo registrato che cosa è seguito" in client.get(response["Location"]).content.decode()
    )
    request.refresh_from_db()
    assert request.outcome == Outcome.ORDER
    assert list(Recipient.objects.filter(chosen=True)) == [seriana]
    assert RequestFigures.objects.get(request=request).outcome == Outcome.ORDER
    # The published figures are these records' counts.
    [total, cleaning] = client.get("/en/pact-results/data.json").json()["rows"]
    assert (total["sector"], cleaning["sector"]) == ("all", "pulizie")
    for row in (total, cleaning):
        assert row["requests_approved"] == 1
        assert row["cooperatives_reached"] == Recipient.objects.count() == 2
        assert row["interested_answers"] == 2
        assert (row["orders"], row["conventions"]) == (1, 0)


def test_erasure_after_the_retention_period_keeps_the_figures(client, sent):
    request, buyer, links = sent
    client.post(links["seriana@example.org"], INTERESTED)
    request.refresh_from_db()
    deadline = datetime.datetime.combine(request.answer_by, datetime.time(12))
    deadline = timezone.make_aware(deadline)
    scheduled.run(deadline + datetime.timedelta(days=700))
    assert QuoteRequest.objects.filter(pk=request.pk).exists()
    scheduled.run(deadline + datetime.timedelta(days=732))
    assert not QuoteRequest.objects.filter(pk=request.pk).exists()
    assert not Recipient.objects.exists()
    figures = RequestFigures.objects.get()
    assert (figures.request, figures.reached, figures.interested) == (None, 2, 1)
    assert client.get(buyer).status_code == 404
    assert client.get(links["seriana@example.org"]).status_code == 404
