"""Every step of a renewal, each kept in its history (Step) with who and when, and the mail
it sends. The decision to renew writes a RENEWED event through the register's one write path
(register.writing.record_event), which the public history then shows."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from register.models import CertificationEvent, Cooperative
from register.models.events import EventKind
from register.writing import record_event

from . import mailing
from .models import (
    CLOSED,
    Evidence,
    Item,
    ItemState,
    Renewal,
    RenewalSettings,
    Requirement,
    State,
    Step,
    StepKind,
)
from .uploads import check_upload
from .window import in_window, renewed_until

RENEWED_NOTE = "Rinnovo dopo la verifica dei requisiti."
RENEWED_NOTE_EN = "Renewed after the requirements were checked."


def current_renewal(cooperative: Cooperative) -> Renewal | None:
    return cooperative.renewals.exclude(state__in=CLOSED).first()


def may_open(cooperative: Cooperative) -> bool:
    return in_window(cooperative) and current_renewal(cooperative) is None


@transaction.atomic
def open_renewal(cooperative: Cooperative, user) -> Renewal:
    Cooperative.objects.select_for_update().get(pk=cooperative.pk)
    if not in_window(cooperative):
        raise ValidationError(_("The renewal window of this mark is not open."))
    if current_renewal(cooperative):
        raise ValidationError(_("A renewal of this mark is already open."))
    renewal = Renewal.objects.create(
        cooperative=cooperative, expires_on=cooperative.certified_until
    )
    Item.objects.bulk_create(
        Item(renewal=renewal, requirement=requirement) for requirement in Requirement
    )
    Step.objects.create(renewal=renewal, kind=StepKind.OPENED, by=user)
    return renewal


def editable(item: Item) -> bool:
    """The representative may change an item while preparing the renewal, and an item a
    manager asked more of until they submit it again."""
    state = item.renewal.state
    return state == State.OPEN or (state == State.SUBMITTED and item.state == ItemState.MORE_ASKED)


def save_item(item: Item, user, facts: str, fact_date, answer: str, upload=None) -> None:
    """The facts (and the answer to a request for more), and one more document if given:
    the upload is checked before anything is saved."""
    if not editable(item):
        raise ValidationError(_("This requirement cannot be changed now."))
    stored = None
    if upload is not None:
        name, content_type = check_upload(upload, RenewalSettings.load().max_evidence_bytes)
        stored = Evidence(
            item=item, name=name, content_type=content_type, size=upload.size, uploaded_by=user
        )
    with transaction.atomic():
        item.facts, item.fact_date, item.answer = facts, fact_date, answer
        item.save(update_fields=["facts", "fact_date", "answer"])
        if stored is not None:
            stored.file.save(name, upload, save=False)
            try:
                stored.save()
            except Exception:
                stored.file.delete(save=False)
                raise


def missing(renewal: Renewal) -> list[Item]:
    """The items that cannot be submitted yet: facts and at least one document each, and an
    answer where more was asked."""
    return [
        item
        for item in renewal.items.prefetch_related("evidence")
        if editable(item)
        and (
            not item.facts.strip()
            or (item.is_dated and item.fact_date is None)
            or not item.evidence.all()
            or (item.state == ItemState.MORE_ASKED and not item.answer.strip())
        )
    ]


def submit(renewal: Renewal, user) -> None:
    # Mail once the steps are committed (ATOMIC_REQUESTS is off: this is after the commit).
    again = _submit(renewal, user)
    mailing.send_submitted(renewal, again)


@transaction.atomic
def _submit(renewal: Renewal, user) -> bool:
    renewal = Renewal.objects.select_for_update().get(pk=renewal.pk)
    asked = list(renewal.items.filter(state=ItemState.MORE_ASKED))
    if renewal.state == State.OPEN:
        again = False
    elif renewal.state == State.SUBMITTED and asked:
        again = True
    else:
        raise ValidationError(_("There is nothing to submit."))
    if missing(renewal):
        raise ValidationError(
            _("Give the facts, the date where asked and at least one document for each one.")
        )
    if again:
        for item in asked:
            Step.objects.create(
                renewal=renewal,
                kind=StepKind.RESUBMITTED,
                requirement=item.requirement,
                comment=item.answer,
                by=user,
            )
        renewal.items.filter(state=ItemState.MORE_ASKED).update(state=ItemState.PENDING)
    else:
        Step.objects.create(renewal=renewal, kind=StepKind.SUBMITTED, by=user)
        renewal.state = State.SUBMITTED
        renewal.submitted_at = timezone.now()
        renewal.save(update_fields=["state", "submitted_at"])
    return again


def review(item: Item, user, accept: bool, comment: str) -> None:
    item = _review(item, user, accept, comment)
    if not accept:
        mailing.send_more_asked(item)


@transaction.atomic
def _review(item: Item, user, accept: bool, comment: str) -> Item:
    item = Item.objects.select_for_update().select_related("renewal").get(pk=item.pk)
    if item.renewal.state != State.SUBMITTED or item.state != ItemState.PENDING:
        raise ValidationError(_("This requirement is not waiting for a review."))
    if accept:
        item.state, item.comment = ItemState.ACCEPTED, comment
        kind = StepKind.ACCEPTED
    else:
        if not comment.strip():
            raise ValidationError(_("Say what more is needed: the representative reads it."))
        item.state, item.comment, item.answer = ItemState.MORE_ASKED, comment, ""
        kind = StepKind.MORE_ASKED
    item.save(update_fields=["state", "comment", "answer"])
    Step.objects.create(
        renewal=item.renewal, kind=kind, requirement=item.requirement, comment=comment, by=user
    )
    return item


def may_renew(renewal: Renewal) -> bool:
    return (
        renewal.state == State.SUBMITTED
        and not renewal.items.exclude(state=ItemState.ACCEPTED).exists()
    )


def renew(renewal: Renewal, user) -> CertificationEvent:
    event = _renew(renewal, user)
    renewal.refresh_from_db()
    mailing.send_decision(renewal)
    return event


@transaction.atomic
def _renew(renewal: Renewal, user) -> CertificationEvent:
    renewal = Renewal.objects.select_for_update().select_related("cooperative").get(pk=renewal.pk)
    if not may_renew(renewal):
        raise ValidationError(_("Every requirement must be accepted before the renewal."))
    cooperative = renewal.cooperative
    valid_until = renewed_until(cooperative.certified_until or renewal.expires_on)
    event = CertificationEvent(
        cooperative=cooperative,
        kind=EventKind.RENEWED,
        date=timezone.localdate(),
        valid_until=valid_until,
        public_note=RENEWED_NOTE,
        public_note_en=RENEWED_NOTE_EN,
        recorded_by=user,
    )
    record_event(event)
    renewal.state, renewal.valid_until = State.RENEWED, valid_until
    renewal.decided_at = timezone.now()
    renewal.save(update_fields=["state", "valid_until", "decided_at"])
    Step.objects.create(renewal=renewal, kind=StepKind.RENEWED, by=user)
    return event


def refuse(renewal: Renewal, user, reason: str) -> None:
    _refuse(renewal, user, reason)
    renewal.refresh_from_db()
    mailing.send_decision(renewal)


@transaction.atomic
def _refuse(renewal: Renewal, user, reason: str) -> None:
    renewal = Renewal.objects.select_for_update().get(pk=renewal.pk)
    if renewal.state != State.SUBMITTED:
        raise ValidationError(_("Only a submitted renewal can be refused."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the refusal: the representative reads it."))
    renewal.state, renewal.refusal_reason = State.REFUSED, reason
    renewal.decided_at = timezone.now()
    renewal.save(update_fields=["state", "refusal_reason", "decided_at"])
    Step.objects.create(renewal=renewal, kind=StepKind.REFUSED, comment=reason, by=user)
