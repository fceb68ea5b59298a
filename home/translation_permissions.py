"""Translating needs the right to edit what is translated.

wagtail-localize's "Translate" and "Sync translated pages" views ask only for its one global
permission, which Register managers hold (to translate cooperatives): with it alone anyone
could start English drafts of any page or snippet. These subclasses add the check, and
home/wagtail_hooks.py mounts them on the same addresses, ahead of wagtail-localize's own.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from wagtail.models import Page
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
)
from wagtail_localize.views.update_translations import UpdateTranslationsView


def can_edit(user, instance: Model) -> bool:
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_edit()
    meta = instance._meta
    return user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


class EditorsTranslatePages(SubmitPageTranslationView):
    def get_object(self) -> Page:
        page = super().get_object()
        if not can_edit(self.request.user, page):
            raise PermissionDenied
        return page


class EditorsTranslateSnippets(SubmitSnippetTranslationView):
    def get_object(self) -> Model:
        snippet = super().get_object()
        if not can_edit(self.request.user, snippet):
            raise PermissionDenied
        return snippet


class EditorsUpdateTranslations(UpdateTranslationsView):
    def get_object(self):
        source = super().get_object()
        if not can_edit(self.request.user, source.get_source_instance()):
            raise PermissionDenied
        return source
