"""The renewals in the admin. A representative sees their cooperative's renewals, opens one in
the window, gives each requirement's facts and documents, and submits; a register manager
sees every renewal, reviews each requirement and decides. Anyone else gets 403 on the list and
404 on every renewal and document (renewals_for finds none of them).

Evidence is served only here, to those same people, as an attachment that no cache keeps:
the admin's addresses need a signed-in user, whom the page cache never serves
(infrastructure.middleware.pagecache), and the answer says `private, no-store` besides."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from representatives.models import cooperative_of

from . import workflow
from .access import is_manager, may_use, renewals_for
from .forms import DecisionForm, ItemForm, ReviewForm
from .models import Evidence, ItemState, Renewal, RenewalSettings, State
from .window import in_window, opens_on, renewed_until


def _renewal(request: HttpRequest, pk: int) -> Renewal:
    return get_object_or_404(renewals_for(request.user), pk=pk)


def _is_representative(user, renewal: Renewal) -> bool:
    cooperative = cooperative_of(user)
    return cooperative is not None and cooperative.pk == renewal.cooperative_id


def index(request: HttpRequest) -> HttpResponse:
    if not may_use(request.user):
        raise PermissionDenied
    cooperative = cooperative_of(request.user)
    context = {
        "page_title": _("Renewals"),
        "renewals": list(renewals_for(request.user).order_by("-opened_at")[:200]),
        "is_manager": is_manager(request.user),
        "cooperative": cooperative,
    }
    if cooperative is not None:
        settings = RenewalSettings.load()
        expires_on = cooperative.certified_until
        context.update(
            {
                "expires_on": expires_on,
                "window_opens": opens_on(expires_on, settings.window_days) if expires_on else None,
                "in_window": in_window(cooperative),
                "may_open": workflow.may_open(cooperative),
                "current": workflow.current_renewal(cooperative),
            }
        )
    return TemplateResponse(request, "renewals/admin/index.html", context)


@require_POST
def open_renewal(request: HttpRequest) -> HttpResponse:
    cooperative = cooperative_of(request.user)
    if cooperative is None:
        raise PermissionDenied
    try:
        renewal = workflow.open_renewal(cooperative, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("renewals_index")
    messages.success(
        request, _("Renewal opened: give the facts and documents of each requirement.")
    )
    return redirect("renewals_detail", pk=renewal.pk)


def _detail(request: HttpRequest, renewal: Renewal, bound=None, status: int = 200):
    """The renewal's page; `bound` is a form with errors: (kind, item id, form)."""
    representative = _is_representative(request.user, renewal)
    manager = is_manager(request.user)
    items = []
    for item in renewal.items.prefetch_related("evidence"):
        row = {"item": item, "evidence": list(item.evidence.all())}
        if representative and workflow.editable(item):
            row["form"] = ItemForm(instance=item, prefix=f"item{item.pk}")
        if manager and renewal.state == State.SUBMITTED and item.state == ItemState.PENDING:
            row["review_form"] = ReviewForm(prefix=f"review{item.pk}")
        if bound and bound[1] == item.pk:
            row[bound[0]] = bound[2]
        items.append(row)
    decision_form = None
    if manager and renewal.state == State.SUBMITTED:
        decision_form = bound[2] if bound and bound[0] == "decision" else DecisionForm()
    context = {
        "page_title": _("Renewal of %(name)s") % {"name": renewal.cooperative.name},
        "renewal": renewal,
        "items": items,
        "steps": list(renewal.steps.select_related("by")),
        "is_manager": manager,
        "is_representative": representative,
        "can_submit": representative
        and (
            renewal.state == State.OPEN
            or (
                renewal.state == State.SUBMITTED
                and any(r["item"].state == ItemState.MORE_ASKED for r in items)
            )
        ),
        "missing": workflow.missing(renewal) if representative else [],
        "decision_form": decision_form,
        "may_renew": manager and workflow.may_renew(renewal),
        "new_validity": renewed_until(renewal.cooperative.certified_until or renewal.expires_on)
        if manager and renewal.state == State.SUBMITTED
        else None,
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "renewals/admin/detail.html", context, status=status)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _renewal(request, pk))


@require_POST
def save_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    renewal = _renewal(request, pk)
    item = get_object_or_404(renewal.items, pk=item_pk)
    if not _is_representative(request.user, renewal):
        raise PermissionDenied
    if not workflow.editable(item):
        messages.error(request, _("This requirement cannot be changed now."))
        return redirect("renewals_detail", pk=renewal.pk)
    form = ItemForm(request.POST, request.FILES, instance=item, prefix=f"item{item.pk}")
    if not form.is_valid():
        return _detail(request, renewal, ("form", item.pk, form), status=400)
    data = form.cleaned_data
    try:
        workflow.save_item(
            item,
            request.user,
            data["facts"],
            data.get("fact_date", item.fact_date),
            data.get("answer", item.answer),
            data.get("document") or None,
        )
    except ValidationError as error:
        form.add_error("document", error)
        return _detail(request, renewal, ("form", item.pk, form), status=400)
    messages.success(request, _("Saved: %(requirement)s.") % {"requirement": item})
    return redirect(reverse("renewals_detail", args=[renewal.pk]) + f"#item-{item.pk}")


@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = _renewal(request, pk)
    if not _is_representative(request.user, renewal):
        raise PermissionDenied
    try:
        workflow.submit(renewal, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Submitted: the register managers review it."))
    return redirect("renewals_detail", pk=renewal.pk)


@require_POST
def review(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    renewal = _renewal(request, pk)
    item = get_object_or_404(renewal.items, pk=item_pk)
    if not is_manager(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST, prefix=f"review{item.pk}")
    if not form.is_valid():
        return _detail(request, renewal, ("review_form", item.pk, form), status=400)
    try:
        workflow.review(
            item,
            request.user,
            form.cleaned_data["decision"] == "accept",
            form.cleaned_data["comment"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("renewals_detail", pk=renewal.pk)


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = _renewal(request, pk)
    if not is_manager(request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, renewal, ("decision", None, form), status=400)
    try:
        if form.cleaned_data["decision"] == "renew":
            event = workflow.renew(renewal, request.user)
            messages.success(
                request,
                _("Renewed until %(date)s: the public history shows it.")
                % {"date": event.valid_until.strftime("%d/%m/%Y")},
            )
        else:
            workflow.refuse(renewal, request.user, form.cleaned_data["reason"])
            messages.success(request, _("The renewal was refused."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("renewals_detail", pk=renewal.pk)


def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        Evidence.objects.select_related("item__renewal"),
        pk=pk,
        item__renewal__in=renewals_for(request.user),
    )
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.name, content_type=document.content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["X-Content-Type-Options"] = "nosniff"
    return response
