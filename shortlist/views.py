"""The shortlist's pages: the list, add and remove, compare, share, download. Plain forms (no
JavaScript), a 303 redirect after every POST, and nothing personal in a shared cache.

"Add" buttons sit on the register's listing and cooperative pages, which the page cache
shares between visitors: a CSRF token in them would make every such page personal. So the
two "add" actions are exempt from Django's token check and protected otherwise: the session
cookie is SameSite=Lax (a cross-site POST arrives without it, so it cannot reach anyone's
shortlist) and a POST whose Origin or Referer names another site is refused. They only ever
add public cooperatives to the sender's own list. Removing and clearing, shown only to a
visitor who has a shortlist (pages never cached), keep the CSRF token."""

import logging
from urllib.parse import urlencode, urlsplit

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from infrastructure.error_views import permission_denied
from register.comuni import comuni
from register.filters import ComuneField

from . import comparison, downloads, selection
from .records import Entry, entries, public_keys, register_page
from .tokens import make_token, read_token

logger = logging.getLogger(__name__)

# What a redirect to the list may say on it.
DONE = {"added", "removed", "cleared", "imported", "imported_partly"}
PROBLEMS = {"full", "unknown"}
NEXT_MAX_LENGTH = 2000


def _alternates(name: str, query: str = "", **kwargs) -> dict[str, str]:
    """The same page in every language, for the language switcher."""
    suffix = f"?{query}" if query else ""
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = reverse(name, kwargs=kwargs or None) + suffix
    return urls


def _render(request: HttpRequest, template: str, context: dict, status: int = 200):
    context.setdefault("register_page", register_page())
    context.setdefault("cap", selection.CAP)
    context.setdefault("max_compared", comparison.MAX_COMPARED)
    return TemplateResponse(request, f"shortlist/{template}", context, status=status)


def _see_other(url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(url, status=303)


def _next(request: HttpRequest) -> str | None:
    """Where the visitor was: a path of this site only, without its fragment."""
    target = request.POST.get("next", "")
    if not target or len(target) > NEXT_MAX_LENGTH or not target.startswith("/"):
        return None
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return target.split("#", 1)[0]


def _same_site(request: HttpRequest) -> bool:
    """The POST comes from one of this site's pages (or from no browser at all)."""
    origin = request.META.get("HTTP_ORIGIN")
    host = request.get_host()
    if origin is not None:
        return origin == f"{request.scheme}://{host}" or origin in settings.CSRF_TRUSTED_ORIGINS
    referer = request.META.get("HTTP_REFERER")
    if referer:
        return urlsplit(referer).netloc == host
    return True


def _list_url(**query: str) -> str:
    url = reverse("shortlist_index")
    return url + (f"?{urlencode(query)}" if query else "")


def _absolute_share_url(request: HttpRequest, keys: list[str]) -> str:
    return request.build_absolute_uri(
        reverse("shortlist_shared", kwargs={"token": make_token(keys)})
    )


@never_cache
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    keys = selection.stored(request)
    chosen = entries(keys)
    done = request.GET.get("done")
    problem = request.GET.get("problem")
    back = request.GET.get("next", "")
    back_ok = back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    )
    return _render(
        request,
        "index.html",
        {
            "entries": chosen,
            "done": done if done in DONE else None,
            "problem": problem if problem in PROBLEMS else None,
            "back_url": back.split("#", 1)[0] if back_ok and len(back) <= NEXT_MAX_LENGTH else "",
            "share_url": _absolute_share_url(request, [e.key for e in chosen]) if chosen else "",
            "downloads": {
                ext: reverse("shortlist_download", args=[ext]) for ext in downloads.FORMATS
            },
            "alternate_urls": _alternates("shortlist_index"),
        },
    )


@csrf_exempt  # see the module's docstring
@never_cache
@require_POST
def add(request: HttpRequest) -> HttpResponse:
    if not _same_site(request):
        return permission_denied(request)
    key = selection.read_key(request.POST.get("key"))
    next_url = _next(request)
    if key is None or key not in public_keys([key]):
        return _see_other(_list_url(problem="unknown"))
    outcome = selection.add(request, key)
    if outcome == selection.FULL:
        return _see_other(_list_url(problem="full", **({"next": next_url} if next_url else {})))
    if next_url is None:
        return _see_other(_list_url(done="added"))
    return _see_other(f"{next_url}#shortlist-{key}")


@never_cache
@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    key = selection.read_key(request.POST.get("key"))
    if key is not None:
        selection.remove(request, key)
    next_url = _next(request)
    if next_url is None:
        return _see_other(_list_url(done="removed"))
    return _see_other(f"{next_url}#shortlist-{key}")


@never_cache
@require_POST
def clear(request: HttpRequest) -> HttpResponse:
    selection.clear(request)
    return _see_other(_list_url(done="cleared"))


class DistanceForm(forms.Form):
    """The comune the comparison measures distances from (optional)."""

    near = ComuneField(
        label=_("Distance from the municipality"),
        required=False,
        max_length=120,
        help_text=_("A municipality, e.g. Ponte San Pietro: a row shows how far each one is."),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )


def _compare_context(request: HttpRequest, given: list[str], available: list[Entry]) -> dict:
    """The comparison of the cooperatives `given` (keys from the query), or why there is none;
    `available` are those the visitor may choose from again."""
    distance_form = DistanceForm(request.GET if "near" in request.GET else None)
    near = None
    if distance_form.is_bound and distance_form.is_valid() and distance_form.cleaned_data["near"]:
        near = comuni().resolve(distance_form.cleaned_data["near"])
    valid = selection.clean_keys(given, limit=len(given) or 1)
    found = entries(valid)
    unknown = len(dict.fromkeys(given)) - len(found)  # each value counted once
    problem = None
    if not given:
        problem = "none"
    elif len(found) > comparison.MAX_COMPARED:
        problem = "too_many"
    elif not found:
        problem = "none_found"
    chosen_keys = {entry.key for entry in found}
    choices = list(available) + [
        entry for entry in found if entry.key not in {e.key for e in available}
    ]
    return {
        "problem": problem,
        "count": len(found),
        "unknown": unknown,
        "compared": found if problem is None else [],
        "rows": comparison.rows(found, near) if problem is None else [],
        "distance_form": distance_form,
        "compared_keys": given,
        "choices": choices,
        "chosen_keys": chosen_keys,
    }


@never_cache
@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    given = request.GET.getlist("k")[: selection.CAP]
    context = _compare_context(request, given, entries(selection.stored(request)))
    query = urlencode({"k": given}, doseq=True)
    context["alternate_urls"] = _alternates("shortlist_compare", query)
    context["back_url"] = reverse("shortlist_index")
    return _render(request, "compare.html", context)


def _link_problem(request: HttpRequest) -> HttpResponse:
    return _render(request, "link_problem.html", {}, status=404)


@require_safe
def shared(request: HttpRequest, token: str) -> HttpResponse:
    keys = read_token(token)
    if keys is None:
        return _link_problem(request)
    chosen = entries(keys)
    return _render(
        request,
        "shared.html",
        {
            "entries": chosen,
            "token": token,
            "missing": len(keys) - len(chosen),
            "downloads": {
                ext: reverse("shortlist_shared_download", args=[token, ext])
                for ext in downloads.FORMATS
            },
            "alternate_urls": _alternates("shortlist_shared", token=token),
        },
    )


@csrf_exempt  # see the module's docstring
@never_cache
@require_POST
def shared_add(request: HttpRequest, token: str) -> HttpResponse:
    if not _same_site(request):
        return permission_denied(request)
    keys = read_token(token)
    if keys is None:
        return _link_problem(request)
    _added, left_out = selection.add_many(request, [entry.key for entry in entries(keys)])
    return _see_other(_list_url(done="imported_partly" if left_out else "imported"))


@never_cache
@require_safe
def download(request: HttpRequest, extension: str) -> HttpResponse:
    if extension not in downloads.FORMATS:
        raise Http404
    return downloads.download(request, entries(selection.stored(request)), extension)


@require_safe
def shared_download(request: HttpRequest, token: str, extension: str) -> HttpResponse:
    keys = read_token(token)
    if keys is None:
        return _link_problem(request)
    if extension not in downloads.FORMATS:
        raise Http404
    return downloads.download(request, entries(keys), extension)
