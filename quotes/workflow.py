"""What happens to a request for quotes, step by step: posted (a confirmation mail),
confirmed by its link, approved or rejected by a register manager, sent to the matching
cooperatives (quotes.tasks), answered, followed up after its deadline, its outcome reported,
and at last erased. Every step keeps the anonymous figures (RequestFigures) up to date, so
the Pact's results need no personal data and survive the erasure."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from infrastructure.mail import staff_language
from register.models import Cooperative

from . import mailing
from .models import (
    Answer,
    Outcome,
    QuoteRequest,
    Recipient,
    RejectionReason,
    RequestFigures,
    State,
)

# How long what is not needed any more is kept (stated in the privacy notice).
UNCONFIRMED_KEPT = datetime.timedelta(days=7)
REJECTED_KEPT = datetime.timedelta(days=90)
KEPT_AFTER_DEADLINE = datetime.timedelta(days=730)  # 24 months


def create(data: dict, language: str) -> QuoteRequest:
    request = QuoteRequest.objects.create(language=language, **data)
    mailing.send_confirmation(request)
    return request


def confirm(request: QuoteRequest, now: datetime.datetime | None = None) -> bool:
    """True if this confirmed it; False if it was confirmed before (a replayed link)."""
    updated = QuoteRequest.objects.filter(pk=request.pk, state=State.UNCONFIRMED).update(
        state=State.CONFIRMED, confirmed_at=now or timezone.now()
    )
    request.refresh_from_db()
    return bool(updated)


def can_be_approved(request: QuoteRequest, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return request.state == State.CONFIRMED and request.answer_by >= today


def approve(request: QuoteRequest, user: AbstractBaseUser) -> None:
    """Mark it approved (quotes.tasks.approve_and_send then queues its sending)."""
    request.state = State.APPROVED
    request.moderated_at = timezone.now()
    request.moderated_by = user
    request.save()
    RequestFigures.objects.update_or_create(
        request=request,
        defaults={"year": timezone.localdate().year, "sectors": list(request.sectors)},
    )


def send(request: QuoteRequest, cooperative_ids: list[int]) -> int:
    """One e-mail per cooperative, each recorded as a Recipient; run again, it sends to
    nobody twice. The buyer then hears how many it reached."""
    sent = 0
    for cooperative in Cooperative.objects.filter(pk__in=cooperative_ids).order_by("name"):
        if not cooperative.email:
            continue
        recipient, created = Recipient.objects.get_or_create(
            request=request,
            cooperative=cooperative,
            defaults={
                "name": cooperative.name,
                "email": cooperative.email,
                "language": staff_language(cooperative.email),
            },
        )
        if created:
            mailing.send_to_cooperative(recipient)
            sent += 1
    refresh_figures(request)
    if sent:
        mailing.send_sent(request, request.recipients.count())
    return sent


def reject(request: QuoteRequest, user: AbstractBaseUser, reason: str, note: str) -> None:
    request.state = State.REJECTED
    request.moderated_at = timezone.now()
    request.moderated_by = user
    request.rejection_reason = reason
    request.moderation_note = note
    request.save()
    if reason != RejectionReason.SPAM:
        # Spam gets no answer; a real buyer learns the request closed.
        mailing.send_rejected(request)


def answers_open(request: QuoteRequest, today: datetime.date | None = None) -> bool:
    return request.state == State.APPROVED and request.answer_by >= (today or timezone.localdate())


def record_answer(recipient: Recipient, data: dict) -> None:
    """The cooperative's answer, or its change of mind before the deadline (one row per
    cooperative: never a duplicate). The buyer hears of each interested answer once."""
    interested = data["answer"] == Answer.INTERESTED
    recipient.answer = data["answer"]
    recipient.answered_at = timezone.now()
    for name in ("message", "contact_name", "contact_email", "contact_phone"):
        setattr(recipient, name, data.get(name, "") if interested else "")
    recipient.save()
    if interested and recipient.buyer_told_at is None:
        mailing.send_interested(recipient)
        recipient.buyer_told_at = timezone.now()
        recipient.save(update_fields=["buyer_told_at"])
    refresh_figures(recipient.request)


def record_outcome(request: QuoteRequest, outcome: str, chosen: list[int]) -> None:
    request.outcome = outcome
    request.outcome_at = timezone.now()
    request.save(update_fields=["outcome", "outcome_at"])
    request.recipients.update(chosen=False)
    if outcome != Outcome.NONE:
        request.recipients.filter(pk__in=chosen).update(chosen=True)
    refresh_figures(request)


def refresh_figures(request: QuoteRequest) -> None:
    """The request's anonymous trace, counted again from its rows."""
    recipients = request.recipients.all()
    RequestFigures.objects.filter(request=request).update(
        reached=recipients.count(),
        interested=recipients.filter(answer=Answer.INTERESTED).count(),
        outcome=request.outcome,
    )


def send_followups(now: datetime.datetime) -> int:
    """One follow-up per approved request whose deadline has passed, never a second."""
    sent = 0
    due = QuoteRequest.objects.filter(
        state=State.APPROVED, answer_by__lt=timezone.localdate(now), followup_sent_at__isnull=True
    )
    for request in due:
        # Claimed first: two runs at once cannot both send it.
        if QuoteRequest.objects.filter(pk=request.pk, followup_sent_at__isnull=True).update(
            followup_sent_at=now
        ):
            mailing.send_followup(request)
            sent += 1
    return sent


def purge(now: datetime.datetime) -> int:
    """Erase what is kept no longer; the figures stay (their link to the request empties)."""
    today = timezone.localdate(now)
    old = (
        QuoteRequest.objects.filter(state=State.UNCONFIRMED, created_at__lt=now - UNCONFIRMED_KEPT)
        | QuoteRequest.objects.filter(state=State.REJECTED, moderated_at__lt=now - REJECTED_KEPT)
        | QuoteRequest.objects.filter(
            state__in=[State.CONFIRMED, State.APPROVED],
            answer_by__lt=today - KEPT_AFTER_DEADLINE,
        )
    )
    deleted, _by_model = QuoteRequest.objects.filter(pk__in=old.values("pk")).delete()
    return deleted
