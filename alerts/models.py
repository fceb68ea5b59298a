"""Alert subscriptions: who follows what, what is waiting to be told and what was sent.

One `Subscription` per e-mail address, with its language and frequency; it follows suppliers
by number (`FollowedNumber`) and filtered listings (`FollowedListing`). Nothing is active until
its confirmation link is opened (double opt-in): a request's items wait with the request's
key until then. Each thing to tell a subscriber is one `Alert`, unique per subscription and
event key, and is sent in at most one `Message`: a rerun of the scheduled work finds every
alert already collected and already sent, so nothing goes out twice.

None of this is content: it is never shown to visitors, never cached and never announced to
the caches (infrastructure.invalidation)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_NUMBERS = 500  # suppliers one subscription may follow
MAX_LISTINGS = 20  # listings one subscription may follow


def new_key() -> str:
    # Hex: never holds the separator of the signed tokens (alerts.tokens).
    return secrets.token_hex(16)


class Frequency(models.TextChoices):
    DAILY = "daily", _("One daily digest with everything")
    IMMEDIATE = (
        "immediate",
        _("Suspensions, revocations and withdrawals at once, the rest in the daily digest"),
    )


class Subscription(models.Model):
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    # The secret every link to this subscription is signed over (alerts.tokens).
    key = models.CharField(max_length=32, unique=True, default=new_key, editable=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return masked(self.email)

    @property
    def is_active(self) -> bool:
        """Confirmed and not unsubscribed: mail may be sent."""
        return self.confirmed_at is not None and self.unsubscribed_at is None

    @property
    def status(self) -> str:
        if self.confirmed_at is None:
            return _("Awaiting confirmation")
        if self.unsubscribed_at is not None:
            return _("Unsubscribed")
        return _("Active")


def masked(address: str) -> str:
    """'maria.rossi@example.org' → 'ma…@example.org': enough to tell two rows apart."""
    local, _at, domain = address.partition("@")
    return f"{local[:2]}…@{domain}"


class ActiveManager(models.Manager):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class FollowedNumber(models.Model):
    """A supplier followed by its VAT number or certificate number (register.numbers), in
    the register or not yet: it is matched to a cooperative whenever alerts are collected."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="numbers")
    kind = models.CharField(max_length=12)  # register.numbers.VAT or CERTIFICATE
    number = models.CharField(max_length=30)  # normalised
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The request waiting for confirmation; empty once confirmed.
    request_key = models.CharField(max_length=16, blank=True)

    objects = ActiveManager()

    class Meta:
        verbose_name = _("followed supplier")
        verbose_name_plural = _("followed suppliers")
        ordering = ["kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "kind", "number"], name="alerts_number_once"
            )
        ]
        indexes = [models.Index(fields=["kind", "number"])]

    def __str__(self) -> str:
        return f"IT{self.number}" if self.kind == "vat" else self.number


class FollowedListing(models.Model):
    """A listing of the register narrowed by sector, area and legal form (the listing's own
    filter codes, register.filters): a cooperative that comes to match it is told."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="listings"
    )
    sector = models.CharField(max_length=100, blank=True)
    area = models.CharField(max_length=100, blank=True)
    form = models.CharField(max_length=20, blank=True)
    # The cooperatives that matched at the last look: a new id in the listing is an entry.
    known_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    request_key = models.CharField(max_length=16, blank=True)

    objects = ActiveManager()

    class Meta:
        verbose_name = _("followed listing")
        verbose_name_plural = _("followed listings")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "sector", "area", "form"], name="alerts_listing_once"
            )
        ]

    def __str__(self) -> str:
        return "&".join(f"{name}={value}" for name, value in self.filters().items()) or "*"

    def filters(self) -> dict[str, str]:
        """The listing's filters as the register's listing reads them from a query string."""
        values = {"sector": self.sector, "area": self.area, "form": self.form}
        return {name: value for name, value in values.items() if value}


class AlertKind(models.TextChoices):
    ISSUED = "issued", _("Certified")
    RENEWED = "renewed", _("Renewed")
    SUSPENDED = "suspended", _("Suspended")
    REINSTATED = "reinstated", _("Reinstated")
    REVOKED = "revoked", _("Revoked")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRING = "expiring", _("Expiring")
    ENTERED = "entered", _("Entered a followed listing")


# Sent at once to subscribers who chose so; everything else waits for the daily digest.
URGENT_KINDS = {AlertKind.SUSPENDED, AlertKind.REVOKED, AlertKind.WITHDRAWN}


class MessageKind(models.TextChoices):
    DIGEST = "digest", _("Daily digest")
    IMMEDIATE = "immediate", _("Immediate alert")


class Message(models.Model):
    """One alert e-mail sent to a subscriber; at most one digest a day (the constraint)."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(max_length=10, choices=MessageKind.choices)
    day = models.DateField(default=timezone.localdate)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "day"],
                condition=Q(kind="digest"),
                name="alerts_one_digest_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sent_at:%Y-%m-%d %H:%M}"


class Alert(models.Model):
    """One thing to tell one subscriber. `key` names the event ("event:<id>",
    "expiring:<cooperative>:<date>", "entered:<listing>:<cooperative>:<date>"): unique per
    subscription, so collecting again adds nothing; `message` is set when it is sent."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="alerts")
    key = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=AlertKind.choices)
    cooperative = models.ForeignKey(
        "register.Cooperative", on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(
        "register.CertificationEvent", null=True, on_delete=models.CASCADE, related_name="+"
    )
    listing = models.ForeignKey(
        FollowedListing, null=True, on_delete=models.CASCADE, related_name="alerts"
    )
    on = models.DateField()  # the event's date, the end of validity, the day of the entry
    created_at = models.DateTimeField(auto_now_add=True)
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )

    class Meta:
        ordering = ["on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "key"], name="alerts_alert_once")
        ]
        indexes = [models.Index(fields=["subscription", "message"])]

    def __str__(self) -> str:
        return self.key


class ConfirmationMail(models.Model):
    """A confirmation or link mail sent to an address, counted to cap them per address and
    day. The address is kept only as a keyed hash, and for a day."""

    address_hash = models.CharField(max_length=64, db_index=True)
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.address_hash[:8]}… {self.sent_at:%Y-%m-%d %H:%M}"
