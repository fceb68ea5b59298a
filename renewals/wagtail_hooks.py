"""The renewals' place in the admin (the menu item and views, for representatives and
register managers only) and in the scheduled work (the reminders)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from infrastructure.scheduling import HOOK as SCHEDULED_WORK

from . import scheduled, views
from .access import may_use


class RenewalsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_use(request.user)


@hooks.register("register_admin_urls")
def renewal_urls() -> list:
    return [
        path("renewals/", views.index, name="renewals_index"),
        path("renewals/open/", views.open_renewal, name="renewals_open"),
        path("renewals/<int:pk>/", views.detail, name="renewals_detail"),
        path("renewals/<int:pk>/item/<int:item_pk>/", views.save_item, name="renewals_item"),
        path("renewals/<int:pk>/submit/", views.submit, name="renewals_submit"),
        path("renewals/<int:pk>/review/<int:item_pk>/", views.review, name="renewals_review"),
        path("renewals/<int:pk>/decide/", views.decide, name="renewals_decide"),
        path("renewals/evidence/<int:pk>/", views.evidence, name="renewals_evidence"),
    ]


@hooks.register("register_admin_menu_item")
def renewals_menu_item() -> MenuItem:
    return RenewalsMenuItem(
        _("Renewals"), reverse("renewals_index"), icon_name="history", order=270
    )


@hooks.register(SCHEDULED_WORK)
def renewal_reminders(now) -> str:
    return scheduled.run(now)
