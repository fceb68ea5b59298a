"""The whole renewal through the admin: the representative opens it, gives facts and
documents and submits; the manager asks for one more document; the representative answers and
adds it; the manager renews: a RENEWED event with the new validity, shown in the public
history in both languages. Every step is in the renewal's history, with who; the e-mails go
to managers at submission and to the representative at "more asked" and the decision, each
in its reader's language. Or the manager refuses, with a reason."""

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from register.models import CertificationEvent
from register.models.events import EventKind
from renewals import workflow
from renewals.models import ItemState, Renewal, State, StepKind
from tests.factories import days
from tests.mail import body_of

from .conftest import EXPIRES_IN, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperative(make_cooperative, site):
    """In both languages, so that both public pages show the history."""
    return make_cooperative(
        "Coop Rinnovo",
        history=[("issued", -(3 * 365 - EXPIRES_IN), EXPIRES_IN)],
        english="We renew our mark.",
    )


@pytest.fixture
def english_manager(manager):
    profile = UserProfile.get_for_user(manager)
    profile.preferred_language = "en"
    profile.save()
    return manager


def item_data(item, facts="", answer="", document=None) -> dict:
    data = {f"item{item.pk}-facts": facts or f"Fatti di {item.requirement}"}
    if item.is_dated:
        data[f"item{item.pk}-fact_date"] = "2026-03-01"
    if answer:
        data[f"item{item.pk}-answer"] = answer
    if document is not None:
        data[f"item{item.pk}-document"] = document
    return data


def test_renewal_from_opening_to_the_public_history(
    client, cooperative, representative, english_manager, mailoutbox
):
    manager = english_manager
    old_end = cooperative.certified_until
    client.force_login(representative)
    index = client.get(reverse("renewals_index")).content.decode()
    assert "Apri un rinnovo" in index
    opened = client.post(reverse("renewals_open"))
    renewal = Renewal.objects.get()
    assert opened["Location"] == reverse("renewals_detail", args=[renewal.pk])
    items = list(renewal.items.all())
    assert len(items) == 5

    # Submitting before every requirement has its facts and documents is refused.
    client.post(reverse("renewals_submit", args=[renewal.pk]))
    renewal.refresh_from_db()
    assert renewal.state == State.OPEN

    for item in items:
        url = reverse("renewals_item", args=[renewal.pk, item.pk])
        response = client.post(url, item_data(item, document=pdf(f"{item.requirement}.pdf")))
        assert response.status_code == 302
    client.post(reverse("renewals_submit", args=[renewal.pk]))
    renewal.refresh_from_db()
    assert renewal.state == State.SUBMITTED
    [to_manager] = mailoutbox
    assert to_manager.to == ["gestore@example.org"]
    assert "a renewal to review: Coop Rinnovo" in to_manager.subject  # the manager's English

    # The manager asks for more on the audit and accepts the rest.
    client.force_login(manager)
    audit, *others = items
    response = client.post(
        reverse("renewals_review", args=[renewal.pk, audit.pk]),
        {f"review{audit.pk}-decision": "more", f"review{audit.pk}-comment": ""},
    )
    assert response.status_code == 400  # a request for more says what is needed
    client.post(
        reverse("renewals_review", args=[renewal.pk, audit.pk]),
        {
            f"review{audit.pk}-decision": "more",
            f"review{audit.pk}-comment": "Manca il verbale <firmato>.",
        },
    )
    for item in others:
        client.post(
            reverse("renewals_review", args=[renewal.pk, item.pk]),
            {f"review{item.pk}-decision": "accept"},
        )
    to_representative = mailoutbox[-1]
    assert to_representative.to == ["rappresentante@example.org"]
    assert "serve altro" in to_representative.subject
    assert "Manca il verbale <firmato>." in to_representative.body
    # Not renewable while a requirement waits.
    client.post(reverse("renewals_decide", args=[renewal.pk]), {"decision": "renew"})
    assert not CertificationEvent.objects.filter(kind=EventKind.RENEWED).exists()

    # The representative sees the comment (escaped), answers and adds the document.
    client.force_login(representative)
    page = client.get(reverse("renewals_detail", args=[renewal.pk])).content.decode()
    assert "Manca il verbale &lt;firmato&gt;." in page
    assert "Richiesto altro" in page
    url = reverse("renewals_item", args=[renewal.pk, audit.pk])
    client.post(
        url, item_data(audit, answer="Ecco il verbale firmato.", document=pdf("firmato.pdf"))
    )
    client.post(reverse("renewals_submit", args=[renewal.pk]))
    audit.refresh_from_db()
    assert audit.state == ItemState.PENDING
    assert audit.evidence.count() == 2
    assert "submitted its renewal again" in mailoutbox[-1].body

    # The manager accepts it and renews.
    client.force_login(manager)
    client.post(
        reverse("renewals_review", args=[renewal.pk, audit.pk]),
        {f"review{audit.pk}-decision": "accept"},
    )
    decided = client.post(reverse("renewals_decide", args=[renewal.pk]), {"decision": "renew"})
    assert decided.status_code == 302
    renewal.refresh_from_db()
    new_end = old_end + relativedelta(months=36)
    assert renewal.state == State.RENEWED and renewal.valid_until == new_end
    event = CertificationEvent.objects.get(kind=EventKind.RENEWED)
    assert (event.cooperative_id, event.valid_until, event.recorded_by) == (
        cooperative.pk,
        new_end,
        manager,
    )
    cooperative.refresh_from_db()
    assert cooperative.certified_until == new_end
    decision = mailoutbox[-1]
    assert decision.to == ["rappresentante@example.org"]
    assert "è rinnovato" in decision.body

    # The history, with who did each step, for both.
    steps = [(step.kind, step.by) for step in renewal.steps.all()]
    assert steps == [
        (StepKind.OPENED, representative),
        (StepKind.SUBMITTED, representative),
        (StepKind.MORE_ASKED, manager),
        *[(StepKind.ACCEPTED, manager)] * 4,
        (StepKind.RESUBMITTED, representative),
        (StepKind.ACCEPTED, manager),
        (StepKind.RENEWED, manager),
    ]
    client.force_login(representative)
    page = client.get(reverse("renewals_detail", args=[renewal.pk])).content.decode()
    assert "Ecco il verbale firmato." in page and "gestore" in page and "Inviato di nuovo" in page

    # The public history, in both languages.
    client.logout()
    italian = client.get(f"/it/registro/{cooperative.slug}/").content.decode()
    assert "Rinnovato" in italian
    assert (
        f"valido fino al {new_end.day:02d}" in italian or f"valido fino al {new_end.day}" in italian
    )
    english = client.get(f"/en/register/{cooperative.slug}/").content.decode()
    assert "Renewed" in english
    assert "Renewed after the requirements were checked." in english


def test_a_refusal_needs_its_reason_and_is_told(client, submitted, manager, mailoutbox):
    mailoutbox.clear()
    client.force_login(manager)
    url = reverse("renewals_decide", args=[submitted.pk])
    assert client.post(url, {"decision": "refuse", "reason": " "}).status_code == 400
    client.post(url, {"decision": "refuse", "reason": "Il contratto applicato non è conforme."})
    submitted.refresh_from_db()
    assert submitted.state == State.REFUSED
    assert submitted.steps.last().kind == StepKind.REFUSED
    assert not CertificationEvent.objects.filter(kind=EventKind.RENEWED).exists()
    [message] = mailoutbox
    assert "Il contratto applicato non è conforme." in message.body
    assert "rifiutato" in message.body


def test_the_admin_pages_in_english(client, cooperative, representative):
    profile = UserProfile.get_for_user(representative)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(representative)
    index = client.get(reverse("renewals_index")).content.decode()
    assert "Open a renewal" in index
    assert "The renewal window opens on" in index
    client.post(reverse("renewals_open"))
    renewal = Renewal.objects.get()
    page = client.get(reverse("renewals_detail", args=[renewal.pk])).content.decode()
    assert "Cooperative audit (outcome and date)" in page
    assert "Submit the renewal" in page


def test_the_new_validity_runs_from_the_old_end_whatever_the_day(submitted, manager):
    for item in submitted.items.all():
        workflow.review(item, manager, True, "")
    event = workflow.renew(submitted, manager)
    assert event.valid_until == days(EXPIRES_IN) + relativedelta(months=36)
    assert event.date == timezone.localdate()
    # A second decision is refused: the renewal is closed.
    with pytest.raises(ValidationError):
        workflow.renew(submitted, manager)
    assert CertificationEvent.objects.filter(kind=EventKind.RENEWED).count() == 1


def test_the_representative_reads_more_asked_and_the_decision_in_their_language(
    submitted, manager, representative, smtp_server
):
    profile = UserProfile.get_for_user(representative)
    profile.preferred_language = "en"
    profile.save()
    audit = submitted.items.first()
    workflow.review(audit, manager, False, "Send the signed minutes.")
    [asked] = smtp_server.messages
    assert asked["To"] == "rappresentante@example.org"
    assert "your renewal: more is asked" in asked["Subject"]
    assert "Send the signed minutes." in body_of(asked)
    assert "asks for more on “Cooperative audit (outcome and date)”" in body_of(asked)
    workflow.refuse(submitted, manager, "Documents missing.")
    decision = smtp_server.messages[-1]
    assert "decision on your renewal" in decision["Subject"]
    assert "was refused, for this reason" in body_of(decision)
