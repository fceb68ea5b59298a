"""Register managers review confirmed requests in the admin: the cooperatives a request
would reach, approval sending it to exactly those (each in its own language, the list kept
and shown), the no-match case, rejection and what the buyer hears."""

import pytest
from django.contrib.auth.models import Group

from quotes.models import Recipient, RequestFigures, State
from tests.mail import body_of

from .conftest import in_days

pytestmark = pytest.mark.django_db


def subject(message) -> str:
    return " ".join(str(message["Subject"]).split())  # long subjects come folded


def test_approval_reaches_exactly_the_matching_cooperatives_in_their_language(
    client, register, manager, confirmed_request, approve, smtp_server
):
    request, _buyer = confirmed_request()
    client.force_login(manager)
    review = client.get(f"/admin/quote_requests/inspect/{request.pk}/").content.decode()
    assert "Cooperative che raggiungerebbe" in review
    assert "Coop Seriana" in review and "Coop Provincia" in review
    assert "Coop Logistica" not in review and "Coop Sospesa" not in review
    assert "Coop Cittadina" not in review
    assert "Corrispondenti ma senza indirizzo e-mail (non raggiunte):" in review
    assert "Coop Senza Posta" in review
    listing = client.get("/admin/quote_requests/", {"state": "confirmed"}).content.decode()
    assert "Pulizia di un capannone" in listing
    client.logout()

    before = len(smtp_server.messages)
    response = approve(request)
    assert response.status_code == 302
    assert request.state == State.APPROVED
    sent = {message["To"]: message for message in smtp_server.messages[before:]}
    assert set(sent) == {"seriana@example.org", "prov@example.org", "acquisti@example.com"}
    # Italian for the cooperative with no account; English for the one whose
    # representative reads the admin in English.
    assert subject(sent["seriana@example.org"]) == (
        "Registro Impact: un'azienda chiede un preventivo – Pulizia di un capannone"
    )
    assert "Rispondete entro il" in body_of(sent["seriana@example.org"])
    assert subject(sent["prov@example.org"]) == (
        "Impact register: a company asks for quotes – Pulizia di un capannone"
    )
    assert "Meccanica Rossi S.p.A. asks the certified cooperatives" in body_of(
        sent["prov@example.org"]
    )
    # The buyer's name, address and phone stay with the register.
    assert "acquisti@example.com" not in body_of(sent["prov@example.org"])
    assert "Anna Rossi" not in body_of(sent["prov@example.org"])
    assert "inviata a 2 cooperative certificate" in body_of(sent["acquisti@example.com"])
    recipients = Recipient.objects.filter(request=request)
    assert {(r.name, r.language) for r in recipients} == {
        ("Coop Seriana", "it"),
        ("Coop Provincia", "en"),
    }
    assert RequestFigures.objects.get(request=request).reached == 2
    client.force_login(manager)
    review = client.get(f"/admin/quote_requests/inspect/{request.pk}/").content.decode()
    assert "Inviata a 2 cooperative" in review and "prov@example.org" in review
    # A second decision is refused: nothing is sent twice.
    again = client.post(f"/admin/quote_requests/moderate/{request.pk}/", {"decision": "approve"})
    assert again.status_code == 302
    assert Recipient.objects.filter(request=request).count() == 2


def test_a_cooperative_near_the_work_is_reached_whatever_area_it_serves(
    client, register, manager, confirmed_request
):
    # Caravaggio is 5 km from the city cooperative's seat in Treviglio.
    request, _buyer = confirmed_request(comune="caravaggio")
    assert request.comune == "Caravaggio"  # as ISTAT writes it
    client.force_login(manager)
    review = client.get(f"/admin/quote_requests/inspect/{request.pk}/").content.decode()
    assert "Coop Cittadina" in review and "Coop Seriana" in review
    assert "Coop Logistica" not in review and "Coop Sospesa" not in review


def test_a_request_nobody_matches_cannot_be_sent_and_closes_with_a_note(
    client, register, manager, confirmed_request, approve, smtp_server
):
    # No comune given: the area alone, which no logistics cooperative serves.
    request, buyer = confirmed_request(sectors=["logistica"], area="bg-citta", comune="")
    before = len(smtp_server.messages)
    response = approve(request)
    assert request.state == State.CONFIRMED
    client.force_login(manager)
    page = client.get(response["Location"]).content.decode()
    assert "Nessuna cooperativa certificata attiva con un indirizzo e-mail corrisponde" in page
    assert len(smtp_server.messages) == before
    response = client.post(
        f"/admin/quote_requests/moderate/{request.pk}/",
        {"decision": "reject", "reason": "nomatch", "note": "Solo logistica in città"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == State.REJECTED and request.moderation_note == "Solo logistica in città"
    [note] = smtp_server.messages[before:]
    assert note["To"] == "acquisti@example.com"
    assert "non è stata inviata alle cooperative" in body_of(note)
    assert "Solo logistica in città" not in body_of(note)  # the staff's note stays theirs
    client.logout()
    assert "Non inviata" in client.get(buyer).content.decode()
    assert not RequestFigures.objects.exists()


def test_spam_is_rejected_silently_and_a_reason_is_required(
    client, register, manager, confirmed_request, smtp_server
):
    request, _buyer = confirmed_request()
    client.force_login(manager)
    before = len(smtp_server.messages)
    url = f"/admin/quote_requests/moderate/{request.pk}/"
    missing = client.post(url, {"decision": "reject"})
    assert missing.status_code == 400
    assert "Scegli perché la richiesta è respinta." in missing.content.decode()
    client.post(url, {"decision": "reject", "reason": "spam"})
    request.refresh_from_db()
    assert request.state == State.REJECTED
    assert len(smtp_server.messages) == before


def test_a_request_past_its_deadline_can_only_be_rejected(
    client, register, confirmed_request, approve, smtp_server
):
    request, _buyer = confirmed_request()
    request.answer_by = in_days(-1)
    request.save()
    approve(request)
    assert request.state == State.CONFIRMED
    assert not Recipient.objects.exists()


def test_unconfirmed_requests_are_not_in_the_admin(client, register, manager, post_request):
    post_request(title="Non ancora confermata")
    client.force_login(manager)
    assert "Non ancora confermata" not in client.get("/admin/quote_requests/").content.decode()


def test_editors_and_moderators_see_no_requests(
    client, register, confirmed_request, django_user_model
):
    request, _buyer = confirmed_request()
    for group in ("Editors", "Moderators"):
        user = django_user_model.objects.create_user(group, f"{group}@example.org", "pw")
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        assert client.get("/admin/quote_requests/").status_code in (302, 403)
        inspect = client.get(f"/admin/quote_requests/inspect/{request.pk}/")
        assert inspect.status_code in (302, 403)
        moderate = client.post(
            f"/admin/quote_requests/moderate/{request.pk}/", {"decision": "approve"}
        )
        assert moderate.status_code in (302, 403)
        assert "Richieste di preventivo" not in client.get("/admin/").content.decode()
    request.refresh_from_db()
    assert request.state == State.CONFIRMED
