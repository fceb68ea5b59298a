"""The invitee's page: the link from the invitation e-mail opens it (no account yet); a
password chosen there makes the account and signs them into the admin. A link that cannot
be used gets a page that says why. Never in a shared cache: the token is the only key."""

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .forms import SetPasswordForm
from .invitations import Problem, accept, read_token
from .reminders import read_opt_out_token


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = read_token(token)
    if isinstance(invitation, Problem):
        return _problem(request, invitation)
    if request.method == "POST":
        form = SetPasswordForm(request.POST, invitation=invitation)
        if form.is_valid():
            user = accept(invitation, form.cleaned_data["password1"])
            if user is None:
                return _problem(request, Problem.USED)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("wagtailadmin_home")
    else:
        form = SetPasswordForm(invitation=invitation)
    return TemplateResponse(
        request,
        "representatives/accept.html",
        {"form": form, "invitation": invitation},
    )


def _problem(request: HttpRequest, problem: Problem) -> HttpResponse:
    return TemplateResponse(
        request,
        "representatives/link_problem.html",
        {"problem": problem.value},
        status=410 if problem in (Problem.EXPIRED, Problem.USED, Problem.UNKNOWN) else 400,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """The reminder's opt-out link: a page with a button; the POST switches reminders off."""
    representative = read_opt_out_token(token)
    if representative is None:
        return _problem(request, Problem.TAMPERED)
    done = False
    if request.method == "POST":
        representative.reminders = False
        representative.save(update_fields=["reminders"])
        done = True
    return TemplateResponse(
        request,
        "representatives/opt_out.html",
        {"representative": representative, "done": done or not representative.reminders},
    )
