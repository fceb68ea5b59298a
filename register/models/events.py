"""The certification history: dated, append-only, and the source of every status shown."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventKind(models.TextChoices):
    ISSUED = "issued", _("Issued")
    RENEWED = "renewed", _("Renewed")
    SUSPENDED = "suspended", _("Suspended")
    REINSTATED = "reinstated", _("Reinstated")
    REVOKED = "revoked", _("Revoked")
    # The cooperative leaves the register of its own will: no finding against it, unlike a
    # revocation (its own word in Italian, "Ritiro", the act rather than the state).
    WITHDRAWN = "withdrawn", pgettext_lazy("certification event", "Withdrawn")


# Events that (re)start a period of validity, and therefore carry its end date.
GRANTING_KINDS = {EventKind.ISSUED, EventKind.RENEWED}
# Which events each status allows next: a revoked or withdrawn mark cannot come back by a
# renewal, only by a new issue (a new assessment). A cooperative in good standing may withdraw
# (after an issue, a renewal or a reinstatement, expired or not); a suspended one may not: a
# suspension is an open finding that the register closes by reinstating or revoking, and a
# withdrawal would turn a revocation due into a neutral exit in the public record.
NEXT_IN_GOOD_STANDING = {
    EventKind.RENEWED,
    EventKind.SUSPENDED,
    EventKind.REVOKED,
    EventKind.WITHDRAWN,
}
ALLOWED_AFTER = {
    None: {EventKind.ISSUED},
    EventKind.ISSUED: NEXT_IN_GOOD_STANDING,
    EventKind.RENEWED: NEXT_IN_GOOD_STANDING,
    EventKind.REINSTATED: NEXT_IN_GOOD_STANDING,
    EventKind.SUSPENDED: {EventKind.REINSTATED, EventKind.REVOKED},
    EventKind.REVOKED: {EventKind.ISSUED},
    EventKind.WITHDRAWN: {EventKind.ISSUED},
}


class Status(models.TextChoices):
    """What the register says of a cooperative today; never stored, always derived."""

    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")
    PENDING = "pending", _("Not yet certified")


# The statuses whose cooperative has a public page in the register (listing, page, links).
# Revoked, withdrawn and expired marks keep none, but stay verifiable.
PUBLIC_STATUSES = (Status.ACTIVE, Status.SUSPENDED)


# The status rule, in one place: the latest event's kind gives the status, and a status that
# rests on a period of validity becomes expired once that period has ended (or never had an
# end). No event at all: pending. Both forms below, for one record in Python and for rows in
# SQL, are built from these two definitions.
STATUS_AFTER = {
    EventKind.ISSUED: Status.ACTIVE,
    EventKind.RENEWED: Status.ACTIVE,
    EventKind.REINSTATED: Status.ACTIVE,
    EventKind.SUSPENDED: Status.SUSPENDED,
    EventKind.REVOKED: Status.REVOKED,
    EventKind.WITHDRAWN: Status.WITHDRAWN,
}
LAPSING = {Status.ACTIVE}  # ends with its validity, and is then Status.EXPIRED


def derive_status(
    last_kind: str | None, valid_until: datetime.date | None, today: datetime.date
) -> Status:
    """The status of one record, from its latest event and the end of its validity."""
    if last_kind is None:
        return Status.PENDING
    status = STATUS_AFTER[last_kind]
    if status in LAPSING and (valid_until is None or valid_until < today):
        return Status.EXPIRED
    return status


def status_condition(status: str, today: datetime.date | None = None) -> Q:
    """The cooperatives in that status today, as a condition for filters and aggregates
    (the SQL form of derive_status, on the record's certification_kind and certified_until)."""
    today = today or timezone.localdate()
    if status == Status.PENDING:
        return Q(certification_kind__isnull=True)
    condition = Q(pk__in=[])
    kinds = [kind for kind, after in STATUS_AFTER.items() if after == status]
    if kinds:
        valid = Q(certified_until__gte=today) if status in LAPSING else Q()
        condition |= Q(certification_kind__in=kinds) & valid
    if status == Status.EXPIRED:
        lapsing = [kind for kind, after in STATUS_AFTER.items() if after in LAPSING]
        ended = Q(certified_until__lt=today) | Q(certified_until__isnull=True)
        condition |= Q(certification_kind__in=lapsing) & ended
    return condition


def statuses_condition(statuses, today: datetime.date | None = None) -> Q:
    """The cooperatives in any of these statuses today."""
    combined = Q(pk__in=[])
    for status in statuses:
        combined |= status_condition(status, today)
    return combined


def status_expression(today: datetime.date | None = None) -> Case:
    """Each row's status today as an annotation (for grouping and counting by status)."""
    today = today or timezone.localdate()
    return Case(
        *(When(status_condition(status, today), then=Value(status.value)) for status in Status),
        output_field=models.CharField(),
    )


def certification_summary(events: list) -> dict:
    """What a cooperative's record keeps of its history (oldest event first): the first issue,
    the end of the latest validity, the latest event and its date."""
    granting = [e for e in events if e.kind in GRANTING_KINDS]
    issued = [e for e in events if e.kind == EventKind.ISSUED]
    return {
        "first_certified_on": issued[0].date if issued else None,
        "certified_until": granting[-1].valid_until if granting else None,
        "certification_kind": events[-1].kind if events else None,
        "certification_date": events[-1].date if events else None,
    }


class CertificationEvent(models.Model):
    """One act on a cooperative's mark. Never edited or deleted: a mistake is put right by a
    further event, so the public history stays truthful."""

    cooperative = models.ForeignKey(
        "register.Cooperative",
        verbose_name=_("cooperative"),
        on_delete=models.CASCADE,
        related_name="certification_events",
    )
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    date = models.DateField(_("date"), default=timezone.localdate)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Required when the mark is issued or renewed: the end of its validity."),
    )
    public_note = models.TextField(
        _("public note"),
        blank=True,
        help_text=_("Shown on the cooperative's page and in the changes feed."),
    )
    public_note_en = models.TextField(
        _("public note in English"),
        blank=True,
        help_text=_(
            "The same note for the English site. Left empty, English readers see the Italian "
            "note, marked as Italian."
        ),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("certification event")
        verbose_name_plural = _("certification events")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["cooperative", "date", "id"])]

    def __str__(self) -> str:
        return f"{self.cooperative} – {self.get_kind_display()} ({self.date:%d/%m/%Y})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("Certification events are append-only: record a new event instead.")
        super().save(*args, **kwargs)
        self.cooperative.refresh_certification()

    def clean(self) -> None:
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("An event cannot be recorded before it happens.")
        if self.kind in GRANTING_KINDS:
            if not self.valid_until:
                errors["valid_until"] = _("Say until when the mark is valid.")
            elif self.date and self.valid_until <= self.date:
                errors["valid_until"] = _("The end of validity must come after the event's date.")
        elif self.valid_until:
            errors["valid_until"] = _("Only an issue or a renewal sets a new end of validity.")
        if self.cooperative_id and self.kind and self.date and not errors.get("date"):
            latest = self.cooperative.certification_events.order_by("-date", "-id").first()
            previous = latest.kind if latest else None
            if latest and self.date < latest.date:
                errors["date"] = _(
                    "The history already has an event on %(date)s; record events in order."
                ) % {"date": latest.date.strftime("%d/%m/%Y")}
            elif self.kind not in ALLOWED_AFTER[previous]:
                errors["kind"] = _("This event cannot follow the current one (%(previous)s).") % {
                    "previous": EventKind(previous).label if previous else _("none")
                }
        if self.public_note_en and not self.public_note:
            errors["public_note_en"] = _("Write the note in Italian first: it is the original.")
        if errors:
            raise ValidationError(errors)

    def note_for(self, language: str) -> tuple[str, str | None]:
        return note_for_reader(self.public_note, self.public_note_en, language)


def note_for_reader(note: str, note_en: str, language: str) -> tuple[str, str | None]:
    """The public note for a reader of `language`, and the language it is written in when
    that is not the reader's (so that it can be marked and said)."""
    if language == "en" and note_en:
        return note_en, None
    if not note or language == settings.LANGUAGE_CODE:
        return note or "", None
    return note, settings.LANGUAGE_CODE
