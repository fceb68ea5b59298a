"""Site-wide Wagtail hooks: documents for visitors, who may translate, the admin's labels,
and the rate limits of the forms and the admin's sign-in.

Documents reach visitors only through published, public content.

Wagtail already refuses documents in a collection with view restrictions. On top of that, a
visitor who is not an editor gets a document only if a live page without view restrictions
(or another live object, such as a setting or a snippet) uses it: a file attached to a
private page, a draft or a scheduled page stays out of reach until that page is public.
Uses come from Wagtail's reference index (links in rich text, chooser blocks, foreign keys).
"""

import copy
import re

from django.conf import settings
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.documents.models import AbstractDocument
from wagtail.models import Page, ReferenceIndex
from wagtail.utils.version import get_main_version

from .ratelimit import FORMS_EXEMPT, LimitedPaths
from .ratelimit import HOOK as RATE_LIMITED_PATHS
from .translation_permissions import (
    EditorsTranslatePages,
    EditorsTranslateSnippets,
    EditorsUpdateTranslations,
)


def is_public(source: object) -> bool:
    if isinstance(source, Page):
        return source.live and not source.get_view_restrictions().exists()
    return getattr(source, "live", True)


def used_in_public(document: AbstractDocument) -> bool:
    references = ReferenceIndex.get_references_to(document).group_by_source_object()
    return any(source is not None and is_public(source) for source, _uses in references)


@hooks.register("before_serve_document")
def serve_only_published_documents(document: AbstractDocument, request: HttpRequest) -> None:
    if request.user.has_perm("wagtailadmin.access_admin"):
        return  # editors preview what they are about to publish
    if not used_in_public(document):
        raise Http404("This document is not published.")


@hooks.register("register_admin_urls", order=-1)
def translate_only_what_you_may_edit() -> list:
    # Same addresses as wagtail-localize's views, matched first (order=-1, whatever the order
    # the hook modules were imported in), so its URL names still lead here.
    return [
        path("localize/submit/page/<int:page_id>/", EditorsTranslatePages.as_view()),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            EditorsTranslateSnippets.as_view(),
        ),
        path("localize/update/<int:translation_source_id>/", EditorsUpdateTranslations.as_view()),
    ]


# wagtail-localize's translation editor (a React app) writes two strings without gettext: the
# heading "<source> to <target> translation" and the "More actions" label of its action menu.
# This script, on the editor pages, puts them in the admin's language as they appear.
@hooks.register("insert_editor_js")
def translate_the_translation_editor() -> str:
    return render_to_string("infrastructure/admin/translation_editor_strings.html")


# Two menu entries are labelled with gettext when the menu is first built, once per process, so
# every admin then reads them in the language of whoever came first ("Traduzioni" for an
# English admin). Label them per request, on copies: the registered items are shared.
def relabelled(item: MenuItem, label: str) -> MenuItem:
    item = copy.copy(item)
    item.label = label
    return item


@hooks.register("construct_reports_menu")
def label_translations_report(request: HttpRequest, menu_items: list) -> None:
    report = reverse("wagtail_localize:translations_report")
    for index, item in enumerate(menu_items):
        if item.url == report:
            menu_items[index] = relabelled(item, gettext("Translations"))


@hooks.register("construct_help_menu")
def label_whats_new(request: HttpRequest, menu_items: list) -> None:
    version = get_main_version(include_patch=False)
    for index, item in enumerate(menu_items):
        if item.name == f"whats-new-in-wagtail-{version}":
            label = gettext("What's new in Wagtail %(version)s") % {"version": version}
            menu_items[index] = relabelled(item, label)


def _not_exempt() -> str:
    """A lookahead leaving out the addresses apps declare through FORMS_EXEMPT."""
    exempt = [pattern for declare in hooks.get_hooks(FORMS_EXEMPT) for pattern in declare()]
    return f"(?!(?:{'|'.join(exempt)}))" if exempt else ""


@hooks.register(RATE_LIMITED_PATHS)
def limit_form_posts_and_admin_sign_in() -> list[LimitedPaths]:
    languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    post = frozenset({"POST"})
    return [
        # Every form of the site posts to a page under a language prefix.
        LimitedPaths("forms", rf"^{_not_exempt()}/({languages})/", post),
        LimitedPaths("admin-login", "^" + re.escape(reverse("wagtailadmin_login")), post),
    ]
