"""The requests' public pages: the request form, its confirmation, the buyer's private page
and outcome form, a cooperative's answer, and the Pact's results with their open data.
Plain forms (no JavaScript), a redirect after every successful POST; every page behind a
signed link is never cached, and a link's token is its only key.

Links from messages open a page with a button, never an action: mail scanners that open
links must not confirm anything."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from chrome.models import SiteSettings
from infrastructure.links import path_in
from register.vocabulary import Vocabulary

from . import figures, workflow
from .forms import AnswerForm, OutcomeForm, RequestForm
from .mailing import described
from .models import Answer, QuoteRequest, Recipient, State
from .tokens import ANSWER, BUYER, CONFIRM, MAX_AGE, Reading, make_token, read_token

GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])
DONE = {"answered", "outcome", "confirmed"}


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _alternates(name: str, **kwargs) -> dict[str, str]:
    return {code: path_in(code, name, **kwargs) for code, _name in settings.LANGUAGES}


def _privacy_url(request: HttpRequest) -> str | None:
    page = SiteSettings.for_request(request).privacy_page
    page = page.localized if page else None
    return page.get_url(request) if page is not None and page.live else None


def _render(request: HttpRequest, template: str, context: dict, status: int = 200):
    context.setdefault("privacy_url", _privacy_url(request))
    return TemplateResponse(request, f"quotes/{template}", context, status=status)


def _link_problem(request: HttpRequest, reading: Reading) -> HttpResponse:
    status = 404 if reading.problem == "unknown" else 400
    return _render(request, "link_problem.html", {"problem": reading.problem}, status=status)


@never_cache
@GET_OR_POST
def new_request(request: HttpRequest) -> HttpResponse:
    vocabulary = Vocabulary()
    if request.method == "POST":
        form = RequestForm(request.POST, vocabulary=vocabulary)
        if form.is_valid():
            if not form.is_spam:
                workflow.create(form.request_data(), _language())
            return redirect("quotes_sent")
    else:
        # From a listing of the register: its sector and area chosen (unknown codes ignored).
        initial = {}
        if request.GET.get("sector") in vocabulary.sectors_by_code:
            initial["sectors"] = [request.GET["sector"]]
        if request.GET.get("area") in vocabulary.areas_by_code:
            initial["area"] = request.GET["area"]
        form = RequestForm(initial=initial, vocabulary=vocabulary)
    context = {"form": form, "alternate_urls": _alternates("quotes_new")}
    return _render(request, "new.html", context)


@never_cache
@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    context = {"days": MAX_AGE[CONFIRM].days, "alternate_urls": _alternates("quotes_sent")}
    return _render(request, "sent.html", context)


@never_cache
@GET_OR_POST
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    reading = read_token(token, CONFIRM)
    if reading.problem:
        return _link_problem(request, reading)
    quote = reading.row
    if request.method == "POST" and quote.state == State.UNCONFIRMED:
        workflow.confirm(quote)
        return redirect(
            path_in(_language(), "quotes_buyer", token=make_token(quote, BUYER)) + "?done=confirmed"
        )
    context = {
        **described(quote, _language()),
        "pending": quote.state == State.UNCONFIRMED,
        "buyer_url": path_in(_language(), "quotes_buyer", token=make_token(quote, BUYER)),
        "alternate_urls": _alternates("quotes_confirm", token=token),
    }
    return _render(request, "confirm.html", context)


def _buyer_reading(token: str) -> Reading:
    reading = read_token(token, BUYER)
    if reading.row is not None and reading.row.state == State.UNCONFIRMED:
        return Reading("unknown")  # not this link's turn yet: only the confirmation opens it
    return reading


@never_cache
@require_safe
def buyer(request: HttpRequest, token: str) -> HttpResponse:
    reading = _buyer_reading(token)
    if reading.problem:
        return _link_problem(request, reading)
    quote: QuoteRequest = reading.row
    recipients = list(quote.recipients.all())
    done = request.GET.get("done")
    context = {
        **described(quote, _language()),
        "done": done if done in DONE else None,
        "recipients": recipients,
        "interested": [r for r in recipients if r.answer == Answer.INTERESTED],
        "not_interested": sum(1 for r in recipients if r.answer == Answer.NOT_INTERESTED),
        "waiting": sum(1 for r in recipients if not r.answer),
        "outcome_url": path_in(_language(), "quotes_outcome", token=token),
        "can_report": quote.state == State.APPROVED,
        "alternate_urls": _alternates("quotes_buyer", token=token),
    }
    return _render(request, "buyer.html", context)


@never_cache
@GET_OR_POST
def outcome(request: HttpRequest, token: str) -> HttpResponse:
    reading = _buyer_reading(token)
    if reading.problem:
        return _link_problem(request, reading)
    quote: QuoteRequest = reading.row
    if quote.state != State.APPROVED:
        return redirect(path_in(_language(), "quotes_buyer", token=token))
    recipients = list(quote.recipients.all())
    if request.method == "POST":
        form = OutcomeForm(request.POST, recipients=recipients)
        if form.is_valid():
            chosen = [int(pk) for pk in form.cleaned_data["cooperatives"]]
            workflow.record_outcome(quote, form.cleaned_data["outcome"], chosen)
            return redirect(path_in(_language(), "quotes_buyer", token=token) + "?done=outcome")
    else:
        initial = {}
        if quote.outcome:
            initial = {
                "outcome": quote.outcome,
                "cooperatives": [str(r.pk) for r in recipients if r.chosen],
            }
        form = OutcomeForm(initial=initial, recipients=recipients)
    context = {
        **described(quote, _language()),
        "form": form,
        "buyer_url": path_in(_language(), "quotes_buyer", token=token),
        "alternate_urls": _alternates("quotes_outcome", token=token),
    }
    return _render(request, "outcome.html", context)


@never_cache
@GET_OR_POST
def answer(request: HttpRequest, token: str) -> HttpResponse:
    reading = read_token(token, ANSWER)
    if reading.problem:
        return _link_problem(request, reading)
    recipient: Recipient = reading.row
    quote = recipient.request
    is_open = workflow.answers_open(quote)
    form = None
    if is_open:
        if request.method == "POST":
            form = AnswerForm(request.POST)
            if form.is_valid():
                workflow.record_answer(recipient, form.cleaned_data)
                return redirect(
                    path_in(_language(), "quotes_answer", token=token) + "?done=answered"
                )
        else:
            initial = {
                name: getattr(recipient, name)
                for name in ("answer", "message", "contact_name", "contact_email", "contact_phone")
            }
            form = AnswerForm(initial=initial)
    done = request.GET.get("done")
    context = {
        **described(quote, _language()),
        "recipient": recipient,
        "form": form,
        "is_open": is_open,
        "done": done if done in DONE else None,
        "alternate_urls": _alternates("quotes_answer", token=token),
    }
    return _render(request, "answer.html", context)


# The Pact's results -------------------------------------------------------------------


@require_safe
def results(request: HttpRequest) -> HttpResponse:
    table = figures.results(_language())
    bars, height = figures.chart(table)
    context = {
        "results": table,
        "labels": figures.metric_labels(),
        "bars": bars,
        "chart": {
            "height": height,
            "width": figures.CHART_WIDTH,
            "label_space": figures.LABEL_SPACE,
            "value_x": figures.LABEL_SPACE + 8,
        },
        "alternate_urls": _alternates("quotes_results"),
    }
    return TemplateResponse(request, "quotes/results.html", context)


@require_safe
def results_data(request: HttpRequest, fmt: str) -> HttpResponse:
    return figures.download(fmt, _language())
