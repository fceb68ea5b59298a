"""The renewals' e-mails, each in its reader's language (the admin language of their account,
infrastructure.mail.staff_language) and queued like all the site's mail. Representatives
hear of reminders, of more being asked and of the decision; managers of each submission."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from infrastructure.links import absolute
from infrastructure.mail import addresses_by_language
from register.models import Cooperative

from .models import Item, Renewal

MANAGERS_GROUP = "Register managers"


def representative_addresses(cooperative: Cooperative) -> list[str]:
    return [
        address
        for address in cooperative.representatives.filter(user__is_active=True).values_list(
            "user__email", flat=True
        )
        if address
    ]


def manager_addresses() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=MANAGERS_GROUP)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def _send(addresses: list[str], subject: str, template: str, context: dict) -> int:
    """One message per language, each to the readers of that language; returns how many."""
    sent = 0
    for language, group in addresses_by_language(addresses).items():
        with translation.override(language):
            text = render_to_string(f"renewals/mail/{template}.txt", context)
            # A plain str: the HTML escapes every bit of it (facts and comments were typed).
            html = render_to_string("renewals/mail/base.html", {"text": "".join([text])})
            message = EmailMultiAlternatives(
                subject=_("Impact register") + ": " + str(subject),
                body=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=group,
                headers={"Auto-Submitted": "auto-generated"},
            )
            message.attach_alternative(html, "text/html")
            sent += message.send()
    return sent


def renewal_url(renewal: Renewal) -> str:
    return absolute(reverse("renewals_detail", args=[renewal.pk]))


def _date(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


class _Lazy:
    """A subject written in the reader's language, when _send renders it."""

    def __init__(self, text: str, **values) -> None:
        self.text, self.values = text, values

    def __str__(self) -> str:
        values = {
            name: _date(value) if isinstance(value, datetime.date) else value
            for name, value in self.values.items()
        }
        return _(self.text) % values


def send_reminder(cooperative: Cooperative, expires_on: datetime.date, days_left: int) -> int:
    context = {
        "cooperative": cooperative,
        "expires_on": expires_on,
        "days_left": days_left,
        "index_url": absolute(reverse("renewals_index")),
    }
    subject = _Lazy(gettext_noop("your mark expires on %(date)s: renew it online"), date=expires_on)
    return _send(representative_addresses(cooperative), subject, "reminder", context)


def send_more_asked(item: Item) -> int:
    renewal = item.renewal
    context = {"renewal": renewal, "item": item, "url": renewal_url(renewal)}
    subject = _Lazy(gettext_noop("your renewal: more is asked"))
    return _send(representative_addresses(renewal.cooperative), subject, "more_asked", context)


def send_decision(renewal: Renewal) -> int:
    context = {"renewal": renewal, "url": renewal_url(renewal)}
    subject = _Lazy(gettext_noop("decision on your renewal"))
    return _send(representative_addresses(renewal.cooperative), subject, "decision", context)


def send_submitted(renewal: Renewal, again: bool) -> int:
    context = {"renewal": renewal, "again": again, "url": renewal_url(renewal)}
    subject = _Lazy(gettext_noop("a renewal to review: %(name)s"), name=renewal.cooperative.name)
    return _send(manager_addresses(), subject, "submitted", context)
