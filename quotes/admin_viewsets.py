"""Requests for quotes in the admin, for register managers (permission
`quotes.moderate_request`, given to their group by migration 0002): the confirmed requests,
filtered by state, and each one's review page, with the cooperatives it would reach (or
was sent to, with their answers) and the decision: approve and send, or reject with a
reason. Nobody adds or edits a request here: only its buyer writes it. Deleting one erases
it (a buyer's privacy request); its anonymous figures stay."""

import django_filters
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from register.vocabulary import Vocabulary

from . import workflow
from .forms import ModerationForm
from .mailing import described
from .matching import matching, reachable
from .models import QuoteRequest, State
from .tasks import approve_and_send

PERMISSION = "quotes.moderate_request"


class ModeratorsOnly(ModelPermissionPolicy):
    """Everything through the one permission; adding and changing, never."""

    def user_has_permission(self, user, action):
        if action in {"add", "change"} or not user.is_active:
            return False
        return user.has_perm(PERMISSION)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class RequestFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"),
        choices=[choice for choice in State.choices if choice[0] != State.UNCONFIRMED],
    )

    class Meta:
        model = QuoteRequest
        fields = ["state"]


class RequestIndexView(IndexView):
    def get_base_queryset(self):
        # Unconfirmed requests are nobody's business yet (and are purged after a week).
        return super().get_base_queryset().exclude(state=State.UNCONFIRMED)


class QuoteRequestViewSet(ModelViewSet):
    model = QuoteRequest
    icon = "mail"
    menu_label = gettext_lazy("Requests for quotes")
    add_to_admin_menu = True
    menu_order = 260
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = RequestFilterSet
    index_view_class = RequestIndexView
    list_display = [
        "title",  # linked to the review page (the viewset's inspect view)
        Column("state", label=gettext_lazy("State"), accessor="get_state_display"),
        Column("company", label=gettext_lazy("Company"), accessor="company"),
        "confirmed_at",
        "answer_by",
    ]
    form_fields = ["title"]  # required by the viewset; its add and edit views are refused

    @property
    def permission_policy(self):
        return ModeratorsOnly(self.model)

    def get_queryset(self, request):
        return QuoteRequest.objects.exclude(state=State.UNCONFIRMED)

    @property
    def inspect_view(self):
        return self.review

    def review(self, request, pk):
        if not self.permission_policy.user_has_permission(request.user, "view"):
            return redirect("wagtailadmin_home")
        quote = get_object_or_404(self.get_queryset(request), pk=pk)
        return TemplateResponse(
            request, "quotes/admin/review.html", self.review_context(request, quote)
        )

    def review_context(self, request, quote: QuoteRequest, form=None) -> dict:
        language = request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "it"
        vocabulary = Vocabulary(language)
        reach, unreachable = ([], [])
        if quote.state == State.CONFIRMED:
            reach, unreachable = reachable(matching(quote, vocabulary))
        return {
            **described(quote, language),
            "quote": quote,
            "reach": reach,
            "unreachable": unreachable,
            "recipients": list(quote.recipients.all()),
            "approvable": workflow.can_be_approved(quote),
            "form": form or ModerationForm(),
            "moderate_url": self.get_url_name("moderate"),
            "index_url": self.get_url_name("index"),
            "header_icon": self.icon,
            "page_title": quote.title,
            "can_delete": self.permission_policy.user_has_permission(request.user, "delete"),
            "delete_url": self.get_url_name("delete"),
        }

    def moderate(self, request, pk):
        if not self.permission_policy.user_has_permission(request.user, "view"):
            return redirect("wagtailadmin_home")
        quote = get_object_or_404(self.get_queryset(request), pk=pk)
        form = ModerationForm(request.POST)
        if not form.is_valid():
            context = self.review_context(request, quote, form)
            return TemplateResponse(request, "quotes/admin/review.html", context, status=400)
        if quote.state != State.CONFIRMED:
            messages.error(request, _("This request was reviewed already."))
            return redirect(self.get_url_name("inspect"), pk=quote.pk)
        if form.cleaned_data["decision"] == "reject":
            workflow.reject(
                quote, request.user, form.cleaned_data["reason"], form.cleaned_data["note"]
            )
            messages.success(request, _("The request was rejected."))
            return redirect(self.get_url_name("index"))
        if not workflow.can_be_approved(quote):
            messages.error(
                request,
                _("Its deadline for answers has passed: it can only be rejected."),
            )
            return redirect(self.get_url_name("inspect"), pk=quote.pk)
        reach, _unreachable = reachable(matching(quote))
        if not reach:
            messages.error(
                request,
                _(
                    "No active certified cooperative with an e-mail address matches this "
                    "request: it cannot be sent. Reject it as “No certified cooperative "
                    "matches”, and the buyer is told."
                ),
            )
            return redirect(self.get_url_name("inspect"), pk=quote.pk)
        approve_and_send(quote, request.user, reach)
        messages.success(
            request,
            _("Approved: the request is being sent to %(count)s cooperatives.")
            % {"count": len(reach)},
        )
        return redirect(self.get_url_name("inspect"), pk=quote.pk)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("moderate/<int:pk>/", require_POST(self.moderate), name="moderate"),
        ]
