"""A cooperative's renewal of its mark: opened by its representative in the renewal window,
the facts and evidence of each requirement, the register managers' review and decision, and
every step kept with who and when. The settings say how long a renewal lasts and when the
window opens; the reminders remember what was sent."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from register.models import Cooperative

from .storage import PrivateStorage, evidence_path

# Who reviews renewals and decides them: given to "Register managers" by migration 0002.
REVIEW_PERMISSION = "renewals.review_renewal"


@register_setting(icon="history")
class RenewalSettings(BaseGenericSetting):
    validity_months = models.PositiveSmallIntegerField(
        _("validity of a renewal (months)"),
        default=36,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("A renewal extends the end of validity by this many months."),
    )
    window_days = models.PositiveSmallIntegerField(
        _("renewal window (days before expiry)"),
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
        help_text=_("Representatives can open a renewal from this many days before expiry."),
    )
    max_evidence_mb = models.PositiveSmallIntegerField(
        _("largest evidence file (MB)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )

    class Meta:
        verbose_name = _("renewal settings")

    @property
    def max_evidence_bytes(self) -> int:
        return self.max_evidence_mb * 1024 * 1024


class Requirement(models.TextChoices):
    """The mark's requirements, as the record of a cooperative holds them
    (register.models.cooperatives: audit_passed_on, extra_assembly_on, ccnl_applied,
    quality_path, training)."""

    AUDIT = "audit", _("Cooperative audit (outcome and date)")
    ASSEMBLY = "assembly", _("Additional members' meeting")
    CCNL = "ccnl", _("Collective agreement applied")
    QUALITY = "quality", _("Quality certification path")
    TRAINING = "training", _("Training")


# The requirements whose facts include a date.
DATED = {Requirement.AUDIT, Requirement.ASSEMBLY}


class State(models.TextChoices):
    OPEN = "open", _("Being prepared")
    SUBMITTED = "submitted", _("Submitted")
    RENEWED = "renewed", _("Renewed")
    REFUSED = "refused", _("Refused")


CLOSED = {State.RENEWED, State.REFUSED}


class Renewal(models.Model):
    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="renewals",
        verbose_name=_("cooperative"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    expires_on = models.DateField(_("validity ending"))
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    valid_until = models.DateField(_("renewed until"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)

    class Meta:
        verbose_name = _("renewal")
        verbose_name_plural = _("renewals")
        ordering = ["-opened_at"]
        permissions = [("review_renewal", "Can review and decide renewals")]

    def __str__(self) -> str:
        return f"{self.cooperative} ({self.expires_on:%d/%m/%Y})"

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED


class ItemState(models.TextChoices):
    PENDING = "pending", _("To be reviewed")
    ACCEPTED = "accepted", _("Accepted")
    MORE_ASKED = "more_asked", _("More asked")


class Item(models.Model):
    """One requirement of a renewal: the facts the representative gives, the review."""

    renewal = models.ForeignKey(
        Renewal, on_delete=models.CASCADE, related_name="items", verbose_name=_("renewal")
    )
    requirement = models.CharField(_("requirement"), max_length=20, choices=Requirement.choices)
    facts = models.TextField(_("facts"), blank=True)
    fact_date = models.DateField(_("date"), null=True, blank=True)
    state = models.CharField(
        _("review"), max_length=20, choices=ItemState.choices, default=ItemState.PENDING
    )
    comment = models.TextField(_("reviewer's comment"), blank=True)
    answer = models.TextField(_("answer to the reviewer"), blank=True)

    class Meta:
        verbose_name = _("requirement of a renewal")
        verbose_name_plural = _("requirements of a renewal")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["renewal", "requirement"], name="one_item_each")
        ]

    def __str__(self) -> str:
        return self.get_requirement_display()

    @property
    def is_dated(self) -> bool:
        return self.requirement in DATED


class Evidence(models.Model):
    """An uploaded document, kept in the private storage under a name of our own."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("requirement")
    )
    file = models.FileField(_("file"), storage=PrivateStorage(), upload_to=evidence_path)
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class StepKind(models.TextChoices):
    OPENED = "opened", _("Opened")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Requirement accepted")
    MORE_ASKED = "more_asked", _("More asked")
    RESUBMITTED = "resubmitted", _("Submitted again")
    RENEWED = "renewed", _("Renewed")
    REFUSED = "refused", _("Refused")


class Step(models.Model):
    """The renewal's history: append-only, shown to the representative and the managers."""

    renewal = models.ForeignKey(
        Renewal, on_delete=models.CASCADE, related_name="steps", verbose_name=_("renewal")
    )
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    requirement = models.CharField(
        _("requirement"), max_length=20, choices=Requirement.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("renewal step")
        verbose_name_plural = _("renewal steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class ReminderStage(models.TextChoices):
    OPENING = "opening", _("The window opens")
    DAYS_30 = "30", _("30 days before expiry")
    DAYS_7 = "7", _("7 days before expiry")


class Reminder(models.Model):
    """A reminder sent for one end of validity: the unique row makes each one go once."""

    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.CASCADE, related_name="+", verbose_name=_("cooperative")
    )
    expires_on = models.DateField(_("validity ending"))
    stage = models.CharField(_("reminder"), max_length=10, choices=ReminderStage.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("renewal reminder")
        verbose_name_plural = _("renewal reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "expires_on", "stage"], name="one_reminder_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cooperative} {self.expires_on} {self.stage}"
