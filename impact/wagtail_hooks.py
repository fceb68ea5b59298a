"""The figures' place in the rest of the site: their admin, and their section on the
cooperative's page (the register's `register_page_actions` hook, place "figures", so that the
register imports nothing of this app)."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from register.templatetags.register_actions import HOOK as REGISTER_PAGE_ACTIONS

from . import trend
from .admin_viewsets import YearlyFiguresViewSet

register_snippet(YearlyFiguresViewSet)


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
