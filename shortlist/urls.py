"""The shortlist's addresses, inside the language prefixes (config/urls.py) with translated
segments, like the alerts: /it/selezione/, /en/shortlist/. The register links to them
through the `register_page_actions` hook (shortlist/wagtail_hooks.py): it may not import
this app (the apps' layers, pyproject.toml)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path("", views.index, name="shortlist_index"),
    path(_("add/"), views.add, name="shortlist_add"),
    path(_("remove/"), views.remove, name="shortlist_remove"),
    path(_("clear/"), views.clear, name="shortlist_clear"),
    path(_("compare/"), views.compare, name="shortlist_compare"),
    path(_("shortlist.<str:extension>"), views.download, name="shortlist_download"),
    path(_("shared/<str:token>/"), views.shared, name="shortlist_shared"),
    path(_("shared/<str:token>/add/"), views.shared_add, name="shortlist_shared_add"),
    path(
        _("shared/<str:token>/shortlist.<str:extension>"),
        views.shared_download,
        name="shortlist_shared_download",
    ),
]
