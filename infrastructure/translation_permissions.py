"""Translating needs the right to edit what is translated.

wagtail-localize's "Translate" and "Sync translated pages" views ask only for its one global
permission, which Register managers hold (to translate cooperatives): with it alone anyone
could start English drafts of any page or snippet. These subclasses add the check (and
preselect the only target language), and infrastructure/wagtail_hooks.py mounts them on the same
addresses, ahead of wagtail-localize's own.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from wagtail.models import Page
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
    SubmitTranslationForm,
)
from wagtail_localize.views.update_translations import UpdateTranslationsView


def can_edit(user, instance: Model) -> bool:
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_edit()
    meta = instance._meta
    return user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


class OnlyTargetPreselected:
    """When a single language is left to translate into, the form arrives with it ticked: with
    Italian and English that is every time, and nobody should have to tick the only box."""

    def get_form(self) -> SubmitTranslationForm:
        form = super().get_form()
        if not form.is_bound and not form.initial.get("locales"):
            targets = list(form.fields["locales"].queryset)
            if len(targets) == 1:
                form.initial["locales"] = targets
        return form


class EditorsTranslatePages(OnlyTargetPreselected, SubmitPageTranslationView):
    def get_object(self) -> Page:
        page = super().get_object()
        if not can_edit(self.request.user, page):
            raise PermissionDenied
        return page


class EditorsTranslateSnippets(OnlyTargetPreselected, SubmitSnippetTranslationView):
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
