"""The alerts' pages: follow suppliers or a listing, confirm, manage, unsubscribe, get a new
link. Plain forms (no JavaScript), a redirect after every successful POST, and never a
shared cache: every answer is marked never_cache, and a link's token is the only key.

Links from messages open a page with a button, never an action: mail scanners that open
links must not confirm or unsubscribe anyone. The exception is the one-click unsubscription
of RFC 8058, a POST that mail providers send for the reader."""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from chrome.models import SiteSettings
from register.filters import RegisterFilters
from register.vocabulary import Vocabulary

from . import following
from .forms import (
    LISTING_FILTERS,
    NUMBERS_MAX_LENGTH,
    AddNumbersForm,
    AddressForm,
    EraseForm,
    FollowListingForm,
    FollowSuppliersForm,
    RemoveForm,
    SettingsForm,
)
from .links import path_in, register_page
from .models import MAX_NUMBERS, Subscription
from .naming import listings_named, numbers_named
from .tokens import CONFIRM, MANAGE, MAX_AGE, Reading, make_token, read_token

# What a redirect after a change may say on the page it lands on.
DONE = {"confirmed", "added", "removed", "settings", "unsubscribed", "resubscribed", "erased"}
GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _alternates(name: str, query: str = "", **kwargs) -> dict[str, str]:
    """The same page in every language, for the language switcher."""
    suffix = f"?{query}" if query else ""
    return {code: path_in(code, name, **kwargs) + suffix for code, _name in settings.LANGUAGES}


def _privacy_url(request: HttpRequest) -> str | None:
    """The privacy notice in the page's language (Settings → Site settings)."""
    page = SiteSettings.for_request(request).privacy_page
    page = page.localized if page else None
    return page.get_url(request) if page is not None and page.live else None


def _render(request: HttpRequest, template: str, context: dict, status: int = 200):
    context.setdefault("register_page", register_page(_language()))
    context.setdefault("privacy_url", _privacy_url(request))
    return TemplateResponse(request, f"alerts/{template}", context, status=status)


def _sent(request: HttpRequest) -> HttpResponse:
    return redirect("alerts_sent")


@never_cache
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    done = request.GET.get("done")
    return _render(
        request,
        "index.html",
        {"done": done if done in DONE else None, "alternate_urls": _alternates("alerts_index")},
    )


@never_cache
@GET_OR_POST
def follow_suppliers(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = FollowSuppliersForm(request.POST)
        if form.is_valid():
            if not form.is_spam:
                following.request_follow(
                    form.cleaned_data["email"], _language(), numbers=form.cleaned_data["numbers"]
                )
            return _sent(request)
    else:
        # "Follow this cooperative" links carry its number; shown back as typed, escaped.
        given = "\n".join(request.GET.getlist("number"))[:NUMBERS_MAX_LENGTH]
        form = FollowSuppliersForm(initial={"numbers": given})
    query = urlencode({"number": request.GET.getlist("number")}, doseq=True)
    return _render(
        request,
        "follow_suppliers.html",
        {"form": form, "alternate_urls": _alternates("alerts_suppliers", query)},
    )


@never_cache
@GET_OR_POST
def follow_listing(request: HttpRequest) -> HttpResponse:
    vocabulary = Vocabulary()
    if request.method == "POST":
        form = FollowListingForm(request.POST, vocabulary=vocabulary)
        if form.is_valid():
            if not form.is_spam:
                following.request_follow(
                    form.cleaned_data["email"], _language(), listing=form.filters()
                )
            return _sent(request)
    else:
        # "Follow this listing" carries the listing's filters; an invalid one is left out.
        filters = RegisterFilters(request.GET, vocabulary)
        form = FollowListingForm(
            initial={name: filters.value(name) for name in LISTING_FILTERS}, vocabulary=vocabulary
        )
    chosen = {name: form[name].value() or "" for name in LISTING_FILTERS}
    query = urlencode({name: value for name, value in chosen.items() if value})
    return _render(
        request,
        "follow_listing.html",
        {"form": form, "alternate_urls": _alternates("alerts_listing", query)},
    )


@never_cache
@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    """The one answer to every request, whatever became of it."""
    return _render(
        request,
        "sent.html",
        {
            "days": MAX_AGE[CONFIRM].days,
            "limit": following.CONFIRMATIONS_PER_DAY,
            "alternate_urls": _alternates("alerts_sent"),
        },
    )


@never_cache
@GET_OR_POST
def new_link(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = AddressForm(request.POST)
        if form.is_valid():
            if not form.is_spam:
                following.request_link(form.cleaned_data["email"])
            return _sent(request)
    else:
        form = AddressForm()
    return _render(
        request, "new_link.html", {"form": form, "alternate_urls": _alternates("alerts_new_link")}
    )


def _link_problem(request: HttpRequest, reading: Reading) -> HttpResponse:
    """A link that cannot be used, said plainly, with the way to a new one."""
    status = 404 if reading.problem == "unknown" else 400
    return _render(request, "link_problem.html", {"problem": reading.problem}, status=status)


@never_cache
@GET_OR_POST
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    reading = read_token(token, CONFIRM)
    if reading.problem:
        return _link_problem(request, reading)
    subscription, request_key = reading.subscription, reading.request_key
    pending = following.needs_confirmation(subscription, request_key)
    if request.method == "POST" and pending:
        following.confirm(subscription, request_key)
        return _to_manage(subscription, "confirmed")
    numbers, listings = following.pending_of(subscription, request_key)
    language = _language()
    context = {
        "pending": pending,
        "numbers": numbers_named(numbers, language),
        "listings": listings_named(listings, language),
        "subscription": subscription,
        "manage_url": path_in(language, "alerts_manage", token=_manage_token(subscription)),
        "alternate_urls": _alternates("alerts_confirm", token=token),
    }
    return _render(request, "confirm.html", context)


def _manage_token(subscription: Subscription) -> str:
    return make_token(subscription, MANAGE)


def _to_manage(subscription: Subscription, done: str) -> HttpResponseRedirect:
    url = path_in(_language(), "alerts_manage", token=_manage_token(subscription))
    return redirect(f"{url}?{urlencode({'done': done})}")


@never_cache
@GET_OR_POST
def manage(request: HttpRequest, token: str) -> HttpResponse:
    reading = read_token(token, MANAGE)
    if reading.problem:
        return _link_problem(request, reading)
    subscription = reading.subscription
    numbers = list(subscription.numbers.all())
    listings = list(subscription.listings.all())
    ids = {
        "number_ids": [item.pk for item in numbers],
        "listing_ids": [item.pk for item in listings],
    }
    initial = {"frequency": subscription.frequency, "language": subscription.language}
    forms = {
        "add": AddNumbersForm(prefix="add"),
        "remove": RemoveForm(prefix="remove", **ids),
        "settings": SettingsForm(prefix="settings", initial=initial),
        "erase": EraseForm(prefix="erase"),
    }
    problem = None
    action = request.POST.get("action") if request.method == "POST" else None
    if action in forms:
        form = type(forms[action])(
            request.POST, prefix=action, **(ids if action == "remove" else {})
        )
        forms[action] = form
        if form.is_valid():
            return _act(request, subscription, action, form)
    elif action == "unsubscribe":
        following.unsubscribe(subscription)
        return _to_manage(subscription, "unsubscribed")
    elif action == "resubscribe" and subscription.confirmed_at is not None:
        following.resubscribe(subscription)
        return _to_manage(subscription, "resubscribed")
    elif action is not None:
        problem = "unknown_action"
    done = request.GET.get("done")
    language = _language()
    named_numbers = numbers_named(numbers, language)
    context = {
        "subscription": subscription,
        "numbers": [
            {"item": item, "named": named, "checkbox": f"remove-numbers-{item.pk}"}
            for item, named in zip(numbers, named_numbers, strict=True)
        ],
        "listings": [
            {"item": item, "named": named}
            for item, named in zip(listings, listings_named(listings, language), strict=True)
        ],
        "forms": forms,
        "done": done if done in DONE else None,
        "problem": problem,
        "token": token,
        "added": _count(request.GET.get("added")),
        "left_out": _count(request.GET.get("left_out")),
        "max_numbers": MAX_NUMBERS,
        "alternate_urls": _alternates("alerts_manage", token=token),
    }
    status = 400 if request.method == "POST" else 200
    return _render(request, "manage.html", context, status=status)


def _count(value: str | None) -> int:
    """A count carried by the redirect after adding (shown, never trusted beyond that)."""
    return (
        min(int(value), MAX_NUMBERS)
        if value and value.isascii() and value.isdigit() and len(value) < 6
        else 0
    )


def _act(request: HttpRequest, subscription: Subscription, action: str, form) -> HttpResponse:
    data = form.cleaned_data
    if action == "add":
        added, left_out = following.add_numbers(subscription, data["numbers"])
        url = path_in(_language(), "alerts_manage", token=_manage_token(subscription))
        query = urlencode({"done": "added", "added": added, "left_out": left_out})
        return redirect(f"{url}?{query}")
    if action == "remove":
        following.remove(subscription, map(int, data["numbers"]), map(int, data["listings"]))
        return _to_manage(subscription, "removed")
    if action == "settings":
        following.update_settings(subscription, data["frequency"], data["language"])
        # The page itself follows the language chosen for the messages.
        with translation.override(data["language"]):
            return _to_manage(subscription, "settings")
    following.erase(subscription)
    return redirect(f"{reverse('alerts_index')}?{urlencode({'done': 'erased'})}")


@never_cache
@require_safe
def export(request: HttpRequest, token: str) -> HttpResponse:
    reading = read_token(token, MANAGE)
    if reading.problem:
        return _link_problem(request, reading)
    data = following.export(reading.subscription)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="registroimpact-alerts.json"'
    return response


@never_cache
@GET_OR_POST
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    reading = read_token(token, MANAGE)
    if reading.problem:
        return _link_problem(request, reading)
    subscription = reading.subscription
    if request.method == "POST":
        following.unsubscribe(subscription)
        return _to_manage(subscription, "unsubscribed")
    context = {
        "subscription": subscription,
        "manage_url": path_in(_language(), "alerts_manage", token=token),
        "alternate_urls": _alternates("alerts_unsubscribe", token=token),
    }
    return _render(request, "unsubscribe.html", context)


@csrf_exempt  # the token in the address is the authority; providers send no CSRF token
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def one_click_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """List-Unsubscribe-Post (RFC 8058): the provider POSTs, the reader is unsubscribed.
    Outside the language prefixes, so that it is not counted with the forms' posts of
    one address (a provider posts for many readers). Opened in a browser, it leads to the
    unsubscribe page with its button."""
    reading = read_token(token, MANAGE)
    if reading.problem:
        return HttpResponse(
            "This unsubscribe link is not valid.\n", status=400, content_type="text/plain"
        )
    subscription = reading.subscription
    if request.method == "POST":
        following.unsubscribe(subscription)
        return HttpResponse("Unsubscribed.\n", content_type="text/plain")
    return redirect(path_in(subscription.language, "alerts_unsubscribe", token=token))
