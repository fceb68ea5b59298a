"""The requests' e-mails, each in its reader's language and queued like all the site's mail
(infrastructure.mail: the worker sends them). The buyer reads the language of the request
form; a cooperative the language of the site account with its e-mail address (its
representative's admin language, infrastructure.mail.staff_language), else Italian, the
register's language. Plain text, with an HTML alternative made from the same text."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from infrastructure.links import absolute, path_in
from register.vocabulary import Vocabulary

from .models import QuoteRequest, Recipient
from .tokens import ANSWER, BUYER, CONFIRM, MAX_AGE, make_token


def _send(address: str, subject: str, template: str, context: dict) -> None:
    text = render_to_string(f"quotes/mail/{template}.txt", context)
    # A plain str, not the SafeString render_to_string gives: the HTML escapes every bit of it
    # (the text holds what buyers and cooperatives typed).
    html = render_to_string("quotes/mail/base.html", {"text": "".join([text])})
    message = EmailMultiAlternatives(
        subject=_("Impact register") + ": " + subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        # Automatic mail: no out-of-office answers back (RFC 3834).
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    message.send()


def buyer_url(request: QuoteRequest, language: str | None = None) -> str:
    token = make_token(request, BUYER)
    return absolute(path_in(language or request.language, "quotes_buyer", token=token))


def outcome_url(request: QuoteRequest) -> str:
    token = make_token(request, BUYER)
    return absolute(path_in(request.language, "quotes_outcome", token=token))


def answer_url(recipient: Recipient) -> str:
    token = make_token(recipient, ANSWER)
    return absolute(path_in(recipient.language, "quotes_answer", token=token))


def described(request: QuoteRequest, language: str) -> dict:
    """The request's facts with their labels in `language` (active when called)."""
    vocabulary = Vocabulary(language)
    sectors = [
        vocabulary.sectors_by_code[code].name
        for code in request.sectors
        if code in vocabulary.sectors_by_code
    ]
    area = vocabulary.areas_by_code.get(request.area)
    return {
        "quote": request,
        "sectors": ", ".join(sectors),
        "area": area.name if area else request.area,
        "start": date_format(request.expected_start, "DATE_FORMAT"),
        "answer_by": date_format(request.answer_by, "DATE_FORMAT"),
        "purpose": request.get_purpose_display(),
        "budget": request.get_budget_display() if request.budget else "",
    }


def send_confirmation(request: QuoteRequest) -> None:
    with translation.override(request.language):
        context = {
            **described(request, request.language),
            "confirm_url": absolute(
                path_in(request.language, "quotes_confirm", token=make_token(request, CONFIRM))
            ),
            "days": MAX_AGE[CONFIRM].days,
        }
        _send(request.email, _("confirm your request for quotes"), "confirmation", context)


def send_to_cooperative(recipient: Recipient) -> None:
    request = recipient.request
    with translation.override(recipient.language):
        context = {
            **described(request, recipient.language),
            "recipient": recipient,
            "answer_url": answer_url(recipient),
        }
        subject = _("a company asks for quotes – %(title)s") % {"title": request.title}
        _send(recipient.email, subject, "to_cooperative", context)


def send_sent(request: QuoteRequest, count: int) -> None:
    with translation.override(request.language):
        context = {**described(request, request.language), "count": count}
        context["buyer_url"] = buyer_url(request)
        _send(request.email, _("your request was sent"), "sent", context)


def send_rejected(request: QuoteRequest) -> None:
    with translation.override(request.language):
        context = {**described(request, request.language)}
        _send(request.email, _("about your request for quotes"), "rejected", context)


def send_interested(recipient: Recipient) -> None:
    request = recipient.request
    with translation.override(request.language):
        context = {
            **described(request, request.language),
            "recipient": recipient,
            "buyer_url": buyer_url(request),
        }
        subject = _("%(name)s is interested in your request") % {"name": recipient.name}
        _send(request.email, subject, "interested", context)


def send_followup(request: QuoteRequest) -> None:
    with translation.override(request.language):
        context = {
            **described(request, request.language),
            "outcome_url": outcome_url(request),
            "buyer_url": buyer_url(request),
        }
        _send(request.email, _("did an order follow your request?"), "followup", context)
