"""The alert e-mails, written in the reader's language and queued like all the site's mail
(infrastructure.mail: the worker sends them). Each is plain text with an HTML alternative;
every alert message carries its manage and unsubscribe links in the text and the
List-Unsubscribe headers of one-click unsubscription (RFC 8058)."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from register.vocabulary import Vocabulary

from .links import (
    confirm_url,
    cooperative_url,
    manage_url,
    one_click_url,
    register_page,
    unsubscribe_url,
)
from .matching import describe_listing
from .models import (
    URGENT_KINDS,
    Alert,
    AlertKind,
    FollowedListing,
    FollowedNumber,
    MessageKind,
    Subscription,
)
from .naming import listings_named, numbers_named
from .tokens import CONFIRM, MAX_AGE

# Items listed in a confirmation mail; the page behind its link lists them all.
CONFIRMATION_ITEMS = 50


def _send(address: str, subject: str, template: str, context: dict, headers=None) -> None:
    """Render `alerts/mail/<template>.txt` and `.html` and queue the message."""
    text = render_to_string(f"alerts/mail/{template}.txt", context)
    html = render_to_string(f"alerts/mail/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        # Automatic mail: no out-of-office answers back (RFC 3834).
        headers={"Auto-Submitted": "auto-generated", **(headers or {})},
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _subject(text: str) -> str:
    return _("Impact register") + ": " + text


def send_confirmation(
    subscription: Subscription,
    request_key: str,
    numbers: Sequence[FollowedNumber],
    listings: Sequence[FollowedListing],
) -> None:
    """The double opt-in: what was asked for, and the link that makes it active."""
    language = subscription.language
    with translation.override(language):
        days = MAX_AGE[CONFIRM].days
        context = {
            "numbers": numbers_named(numbers[:CONFIRMATION_ITEMS], language),
            "more_numbers": max(0, len(numbers) - CONFIRMATION_ITEMS),
            "listings": listings_named(listings, language),
            "confirm_url": confirm_url(subscription, request_key, language),
            "days": days,
            "resubscribes": subscription.confirmed_at is not None and not subscription.is_active,
        }
        subject = _subject(_("confirm your alerts"))
        _send(subscription.email, subject, "confirmation", context)


def send_already_following(subscription: Subscription) -> None:
    """A request for what the address already follows: nothing to confirm, but the owner
    learns someone asked, and gets the manage link."""
    with translation.override(subscription.language):
        context = {"manage_url": manage_url(subscription)}
        _send(subscription.email, _subject(_("you already follow this")), "already", context)


def send_link(subscription: Subscription) -> None:
    with translation.override(subscription.language):
        context = {"manage_url": manage_url(subscription)}
        _send(subscription.email, _subject(_("the link to your alerts")), "link", context)


# Alert messages --------------------------------------------------------------------------


@dataclass
class Entry:
    """One alert as the reader sees it."""

    kind: str
    cooperative: str  # its name
    name: str  # its name and VAT number
    sentence: str
    status: str
    url: str
    note: str = ""
    urgent: bool = False


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _sentence(alert: Alert, vocabulary: Vocabulary) -> str:
    cooperative = alert.cooperative
    values = {"name": cooperative.name, "date": _day(alert.on)}
    event = alert.event
    if event is not None and event.valid_until:
        values["until"] = _day(event.valid_until)
    match alert.kind:
        case AlertKind.ISSUED:
            return (
                _("%(name)s was awarded the Impact mark on %(date)s, valid until %(until)s.")
                % values
            )
        case AlertKind.RENEWED:
            return (
                _("The mark of %(name)s was renewed on %(date)s, valid until %(until)s.") % values
            )
        case AlertKind.SUSPENDED:
            return _("The mark of %(name)s was suspended on %(date)s.") % values
        case AlertKind.REINSTATED:
            return _("The mark of %(name)s was reinstated on %(date)s: it is valid again.") % values
        case AlertKind.REVOKED:
            return _("The mark of %(name)s was revoked on %(date)s.") % values
        case AlertKind.WITHDRAWN:
            return (
                _(
                    "%(name)s withdrew from the register on %(date)s, at its own request: it "
                    "no longer holds the mark."
                )
                % values
            )
        case AlertKind.EXPIRING:
            left = (alert.on - timezone.localdate()).days
            values["days"] = left
            return (
                ngettext(
                    "The mark of %(name)s ends on %(date)s, in %(days)s day, unless renewed.",
                    "The mark of %(name)s ends on %(date)s, in %(days)s days, unless renewed.",
                    left,
                )
                % values
            )
    listing = describe_listing(alert.listing.filters(), vocabulary) if alert.listing else ""
    values["listing"] = listing
    return _("%(name)s entered a listing you follow (%(listing)s).") % values


def entries(alerts: Sequence[Alert], language: str) -> list[Entry]:
    vocabulary = Vocabulary(language)
    page = register_page(language)
    found = []
    for alert in alerts:
        cooperative = alert.cooperative
        note = alert.event.note_for(language)[0] if alert.event else ""
        found.append(
            Entry(
                kind=alert.kind,
                cooperative=cooperative.name,
                name=_("%(name)s (VAT number %(vat)s)")
                % {"name": cooperative.name, "vat": cooperative.vat_display},
                sentence=_sentence(alert, vocabulary),
                status=cooperative.get_status_display(),
                url=cooperative_url(cooperative, page),
                note=note,
                urgent=alert.kind in URGENT_KINDS,
            )
        )
    return found


def _alerts_subject(kind: str, found: list[Entry]) -> str:
    if kind == MessageKind.IMMEDIATE and len(found) == 1:
        entry = found[0]
        if entry.kind == AlertKind.REVOKED:
            return _subject(_("mark revoked – %(name)s") % {"name": entry.cooperative})
        if entry.kind == AlertKind.WITHDRAWN:
            return _subject(
                _("withdrawn from the register – %(name)s") % {"name": entry.cooperative}
            )
        return _subject(_("mark suspended – %(name)s") % {"name": entry.cooperative})
    if kind == MessageKind.IMMEDIATE:
        return _subject(
            ngettext("%(count)s urgent alert", "%(count)s urgent alerts", len(found))
            % {"count": len(found)}
        )
    return _subject(
        ngettext(
            "%(count)s update on what you follow",
            "%(count)s updates on what you follow",
            len(found),
        )
        % {"count": len(found)}
    )


def send_alerts(subscription: Subscription, kind: str, alerts: Sequence[Alert]) -> None:
    """A digest or an immediate alert, with the links to manage and to leave."""
    language = subscription.language
    with translation.override(language):
        found = entries(alerts, language)
        context = {
            "entries": found,
            "digest": kind == MessageKind.DIGEST,
            "manage_url": manage_url(subscription),
            "unsubscribe_url": unsubscribe_url(subscription),
            "since": _day(timezone.localdate(subscription.confirmed_at)),
        }
        headers = {
            "List-Unsubscribe": f"<{one_click_url(subscription)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        _send(subscription.email, _alerts_subject(kind, found), "alerts", context, headers)
