"""The monthly reminder: while a profile misses something, each of its representatives who
did not opt out gets an e-mail listing what, at most once in REMINDER_DAYS. The opt-out link
in it opens a page with a button (mail scanners open links: they must not opt anyone out)."""

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.users.models import UserProfile

from infrastructure.links import absolute, path_in

from .completeness import missing
from .models import Representative

REMINDER_DAYS = 30
SALT = "representatives.reminders"


def opt_out_token(representative: Representative) -> str:
    return signing.Signer(salt=SALT).sign(str(representative.pk))


def read_opt_out_token(token: str) -> Representative | None:
    try:
        pk = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Representative.objects.filter(pk=pk).first()


def _language(representative: Representative) -> str:
    return UserProfile.get_for_user(representative.user).get_preferred_language() or (
        settings.LANGUAGE_CODE
    )


def send_reminder(representative: Representative, items: list[str], language: str) -> None:
    cooperative = representative.cooperative
    context = {
        "cooperative": cooperative,
        "items": items,
        "edit_url": absolute(f"/admin/snippets/register/cooperative/edit/{cooperative.pk}/"),
        "opt_out_url": absolute(
            path_in(language, "representatives_opt_out", token=opt_out_token(representative))
        ),
    }
    text = render_to_string("representatives/mail/reminder.txt", context)
    html = render_to_string("representatives/mail/base.html", {"text": "".join([text])})
    message = EmailMultiAlternatives(
        subject=_("Impact register")
        + ": "
        + _("the profile of %(name)s is incomplete") % {"name": cooperative.name},
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[representative.user.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    message.send()


def send_reminders(now: datetime.datetime) -> str:
    """The scheduled job: idempotent, a rerun within the month sends nothing again."""
    due = Representative.objects.filter(reminders=True, user__is_active=True).exclude(
        reminded_at__gt=now - datetime.timedelta(days=REMINDER_DAYS)
    )
    sent = 0
    for representative in due.select_related("user", "cooperative"):
        language = _language(representative)
        with translation.override(language):
            items = missing(representative.cooperative)
            if not items or not representative.user.email:
                continue
            send_reminder(representative, items, language)
        representative.reminded_at = now
        representative.save(update_fields=["reminded_at"])
        sent += 1
    return f"{sent} profile reminders sent"
