"""The figures' place in the rest of the site: their admin, and their section on the
cooperative's page and on the open-data page (the register's `register_page_actions` hook,
places "figures" and "open-data", so that the register imports nothing of this app), the
downloads' rate limit."""

import re

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from infrastructure.ratelimit import HOOK as RATE_LIMITED_PATHS
from infrastructure.ratelimit import LimitedPaths
from register.templatetags.register_actions import HOOK as REGISTER_PAGE_ACTIONS

from . import open_data, trend
from .admin_views import can_import, import_figures
from .admin_viewsets import YearlyFiguresViewSet

register_snippet(YearlyFiguresViewSet)


@hooks.register("register_admin_urls")
def import_url() -> list:
    return [path("yearly-figures/import/", import_figures, name="impact_import")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_import(request.user)


@hooks.register("register_admin_menu_item")
def import_menu_item() -> MenuItem:
    return ImportMenuItem(
        _("Import yearly figures"), reverse("impact_import"), icon_name="upload", order=211
    )


@hooks.register(REGISTER_PAGE_ACTIONS)
def cooperative_figures(request: HttpRequest | None, place: str, **data) -> str:
    cooperative = data.get("cooperative")
    if place != "figures" or cooperative is None:
        return ""
    figures = trend.of_cooperative(cooperative)
    if figures is None:
        return ""
    return render_to_string(
        "impact/includes/cooperative_figures.html", {"figures": figures}, request=request
    )


def download_urls() -> dict[str, str]:
    return {fmt: reverse("impact_download", kwargs={"fmt": fmt}) for fmt in open_data.FORMATS}


@hooks.register(REGISTER_PAGE_ACTIONS)
def open_data_section(request: HttpRequest | None, place: str, **data) -> str:
    if place != "open-data":
        return ""
    context = {"columns": open_data.COLUMNS, "downloads": download_urls()}
    return render_to_string("impact/includes/open_data.html", context, request=request)


@hooks.register(RATE_LIMITED_PATHS)
def downloads_are_rate_limited() -> list[LimitedPaths]:
    # Files made on demand: the rule of the register's exports.
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths += [f"^{re.escape(url)}$" for url in download_urls().values()]
    return [LimitedPaths("exports", pattern) for pattern in paths]
