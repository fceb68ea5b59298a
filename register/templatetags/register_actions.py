"""What other apps offer on the register's pages, through the `register_page_actions` hook,
so that the register imports none of them (the apps' layers): a hook function takes the
request, the place ("listing", "card" (one result of the listing), "cooperative", "figures"
(a section in the main column of the cooperative's page), "verification", "open-data" (a
section at the end of the open-data page)) and that place's data, and returns HTML (rendered
from a template) or an empty string."""

from django import template
from django.http import HttpRequest
from django.utils.html import format_html_join
from wagtail import hooks

register = template.Library()

HOOK = "register_page_actions"


@register.simple_tag(takes_context=True)
def register_actions(context, place: str, **data) -> str:
    request: HttpRequest | None = context.get("request")
    parts = [action(request, place, **data) for action in hooks.get_hooks(HOOK)]
    # What is not marked safe (a template's output is) is escaped.
    return format_html_join("", "{}", ((part,) for part in parts if part))
