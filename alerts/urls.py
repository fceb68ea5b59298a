"""The alerts' addresses, inside the language prefixes (config/urls.py) with translated
segments, like the site search: /it/avvisi/fornitori/, /en/alerts/suppliers/. They live here
rather than as routes of the register page because the register may not import the alerts
(the apps' layers, pyproject.toml); the register's pages link to them through the
`register_page_actions` hook (alerts/wagtail_hooks.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path("", views.index, name="alerts_index"),
    path(_("suppliers/"), views.follow_suppliers, name="alerts_suppliers"),
    path(_("listing/"), views.follow_listing, name="alerts_listing"),
    path(_("sent/"), views.sent, name="alerts_sent"),
    path(_("new-link/"), views.new_link, name="alerts_new_link"),
    path(_("confirm/<str:token>/"), views.confirm, name="alerts_confirm"),
    path(_("manage/<str:token>/"), views.manage, name="alerts_manage"),
    path(_("manage/<str:token>/data.json"), views.export, name="alerts_export"),
    path(_("unsubscribe/<str:token>/"), views.unsubscribe, name="alerts_unsubscribe"),
]
