"""Admin hooks of the shared app: documents for visitors, and who may translate.

Documents reach visitors only through published, public content.

Wagtail already refuses documents in a collection with view restrictions. On top of that, a
visitor who is not an editor gets a document only if a live page without view restrictions
(or another live object, such as a setting or a snippet) uses it: a file attached to a
private page, a draft or a scheduled page stays out of reach until that page is public.
Uses come from Wagtail's reference index (links in rich text, chooser blocks, foreign keys).
"""

from django.http import Http404, HttpRequest
from django.urls import path
from wagtail import hooks
from wagtail.documents.models import AbstractDocument
from wagtail.models import Page, ReferenceIndex

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


@hooks.register("register_admin_urls")
def translate_only_what_you_may_edit() -> list:
    # Same addresses as wagtail-localize's views; `home` comes first in INSTALLED_APPS, so
    # these are matched first and its URL names still lead here.
    return [
        path("localize/submit/page/<int:page_id>/", EditorsTranslatePages.as_view()),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            EditorsTranslateSnippets.as_view(),
        ),
        path("localize/update/<int:translation_source_id>/", EditorsUpdateTranslations.as_view()),
    ]
