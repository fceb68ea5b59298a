"""Buyers' requests for quotes, the cooperatives they were sent to with their answers, and
the anonymous figures of the Pact's results.

A `QuoteRequest` waits for its e-mail confirmation (double opt-in), then for a register
manager's approval; approval sends it to every matching active cooperative, one
`Recipient` each (the list it was sent to, and that cooperative's answer). After the
deadline the buyer is asked once what came of it (`outcome`). Requests, recipients and
answers are personal data and are erased after the retention periods (quotes.workflow);
`RequestFigures` keeps, for each approved request, only its year, sector codes and counts,
so the Pact's published results survive the erasure."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 150
DESCRIPTION_MAX_LENGTH = 4000
MESSAGE_MAX_LENGTH = 2000
MAX_SECTORS = 5


def new_key() -> str:
    # Hex: the signed links (quotes.tokens) sign this value.
    return secrets.token_hex(16)


class State(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Awaiting the buyer's confirmation")
    CONFIRMED = "confirmed", _("Awaiting review")
    APPROVED = "approved", _("Approved and sent")
    REJECTED = "rejected", _("Rejected")


class Purpose(models.TextChoices):
    ORDINARY = "ordinary", _("An ordinary order")
    CONVENTION = "art14", _("A convention under art. 14 of d.lgs. 276/2003 (disability hiring)")
    RESERVED = "art61", _("A reserved contract under art. 61 of d.lgs. 36/2023")


class Budget(models.TextChoices):
    UNDER_10K = "lt10k", _("Under €10,000")
    UP_TO_40K = "10k-40k", _("€10,000 to €40,000")
    UP_TO_140K = "40k-140k", _("€40,000 to €140,000")
    OVER_140K = "gt140k", _("Over €140,000")


class RejectionReason(models.TextChoices):
    SPAM = "spam", _("Spam or not a real request")
    OUT_OF_SCOPE = "scope", _("Out of the Pact's scope")
    NO_MATCH = "nomatch", _("No certified cooperative matches")


class Outcome(models.TextChoices):
    NONE = "none", _("Nothing followed (yet)")
    ORDER = "order", _("An order")
    CONVENTION = "convention", _("A convention")


class QuoteRequest(models.Model):
    key = models.CharField(max_length=32, unique=True, default=new_key, editable=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.UNCONFIRMED
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH)
    # Language-neutral codes of the register's sectors and area (register.vocabulary).
    sectors = models.JSONField(_("sectors"), default=list)
    area = models.CharField(_("area of the work"), max_length=100)
    comune = models.CharField(_("municipality"), max_length=100, blank=True)
    expected_start = models.DateField(_("expected start"))
    answer_by = models.DateField(_("answers by"))
    budget = models.CharField(_("budget"), max_length=10, choices=Budget.choices, blank=True)
    purpose = models.CharField(
        _("purpose"), max_length=10, choices=Purpose.choices, default=Purpose.ORDINARY
    )
    company = models.CharField(_("company"), max_length=200)
    contact_name = models.CharField(_("contact name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    rejection_reason = models.CharField(
        _("reason"), max_length=10, choices=RejectionReason.choices, blank=True
    )
    # For the register's staff only: never sent to anyone.
    moderation_note = models.TextField(_("note"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    followup_sent_at = models.DateTimeField(_("follow-up sent at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_at = models.DateTimeField(_("outcome reported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for quotes")
        verbose_name_plural = _("requests for quotes")
        ordering = ["-created_at"]
        permissions = [("moderate_request", "Can review and approve requests for quotes")]
        indexes = [models.Index(fields=["state", "answer_by"])]

    def __str__(self) -> str:
        return self.title


class Answer(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    NOT_INTERESTED = "not_interested", _("Not interested")


class Recipient(models.Model):
    """One cooperative a request was sent to (by its approval), and its answer."""

    request = models.ForeignKey(QuoteRequest, on_delete=models.CASCADE, related_name="recipients")
    cooperative = models.ForeignKey(
        "register.Cooperative", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # As when it was sent: the list stays readable if the record changes.
    name = models.CharField(_("cooperative"), max_length=255)
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    key = models.CharField(max_length=32, unique=True, default=new_key, editable=False)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    # The buyer's outcome named this cooperative.
    chosen = models.BooleanField(default=False)
    buyer_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "cooperative"], name="quotes_one_recipient_per_cooperative"
            )
        ]

    def __str__(self) -> str:
        return self.name


class RequestFigures(models.Model):
    """The anonymous trace of one approved request, for the Pact's results: no text, no
    name, no address. It outlives the request (`request` becomes empty when it is erased)."""

    request = models.OneToOneField(
        QuoteRequest, null=True, on_delete=models.SET_NULL, related_name="figures"
    )
    year = models.PositiveSmallIntegerField()
    sectors = models.JSONField(default=list)  # sector codes
    reached = models.PositiveIntegerField(default=0)
    interested = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["year", "pk"]

    def __str__(self) -> str:
        return f"{self.year}: {self.reached}/{self.interested}/{self.outcome or '-'}"
