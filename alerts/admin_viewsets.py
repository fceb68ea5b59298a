"""Alert subscriptions in the admin, for register managers (and administrators): how many
there are, and finding one by its exact address to erase it when its owner asks (privacy).

Nobody browses the addresses: the list shows them masked ("ma…@example.org") and finds one
only by the whole address. Nobody adds or changes a subscription here: only its owner
does, from the link in every message. Deleting one erases it as the owner's own "erase
everything" does (alerts.following.erase)."""

import django_filters
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from .following import erase, normalise_address
from .models import Subscription


class OwnerChangesOnly(ModelPermissionPolicy):
    """Viewing and erasing, as the groups' permissions allow; adding and changing, never."""

    def user_has_permission(self, user, action):
        if action in {"add", "change"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class SubscriptionFilterSet(WagtailFilterSet):
    email = django_filters.CharFilter(
        label=gettext_lazy("E-mail address (the whole of it)"), method="filter_email"
    )

    class Meta:
        model = Subscription
        fields = ["email"]

    def filter_email(self, queryset, name, value):
        return queryset.filter(email=normalise_address(value))


class SubscriptionIndexView(IndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        everyone = Subscription.objects.all()
        active = everyone.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
        context["summary"] = _(
            "%(active)s active subscriptions, %(waiting)s awaiting confirmation, "
            "%(gone)s unsubscribed."
        ) % {
            "active": active.count(),
            "waiting": everyone.filter(confirmed_at__isnull=True).count(),
            "gone": everyone.filter(unsubscribed_at__isnull=False).count(),
        }
        return context


class EraseView(DeleteView):
    def delete_action(self):
        with transaction.atomic():
            log(instance=self.object, action="wagtail.delete")
            erase(self.object)


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    icon = "mail"
    menu_label = gettext_lazy("Alert subscriptions")
    add_to_admin_menu = True
    menu_order = 250
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = SubscriptionIndexView
    delete_view_class = EraseView
    index_template_name = "alerts/admin/index.html"
    filterset_class = SubscriptionFilterSet
    list_display = [
        Column("address", label=gettext_lazy("Address"), accessor=str),
        Column("language", label=gettext_lazy("Language"), accessor="get_language_display"),
        Column("frequency", label=gettext_lazy("Frequency"), accessor="get_frequency_display"),
        Column("status", label=gettext_lazy("Status"), accessor="status"),
        Column("suppliers", label=gettext_lazy("Suppliers"), accessor="supplier_count"),
        Column("listings", label=gettext_lazy("Listings"), accessor="listing_count"),
        "created_at",
    ]
    inspect_view_fields = ["language", "frequency", "created_at", "confirmed_at", "unsubscribed_at"]
    form_fields = ["frequency", "language"]  # required by the viewset; its views are refused

    @property
    def permission_policy(self):
        return OwnerChangesOnly(self.model)

    def get_queryset(self, request):
        return Subscription.objects.annotate(
            supplier_count=Count("numbers", distinct=True),
            listing_count=Count("listings", distinct=True),
        )
