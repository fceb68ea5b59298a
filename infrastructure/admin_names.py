"""Names kept in the database (groups, workflows, tasks, collections) in the admin's language.

Group.name, Workflow.name, Task.name, Collection.name (and the title of Wagtail's root page,
which the explorer shows) are single strings, and Wagtail shows
them as they are in dozens of places (listings, the "Submit to …" button, the status panel,
form choices, page titles). The database keeps the English source name; when one of the names
below is loaded, it becomes a `TranslatedName`: a string equal to that source (so lookups,
comparisons, saving and Wagtail's own code see "Editors") whose text for people (`str()`,
templates, `%`-formatting, f-strings) is the gettext translation in the active language, as
the catalogues in locale/ give it. An Italian admin sees "Redattori", an English one "Editors".

Names not listed here (groups or collections people create) are left exactly as typed.
Saving a record under a translation of its own source name (an Italian admin saving the group
form, which shows "Redattori") keeps the English source, so the record stays one name in two
languages.
"""

from django.conf import settings
from django.db.models.signals import post_init, pre_save
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

# Every name the project (or Wagtail, on the project's behalf) stores in these fields.
GROUP_NAMES = (
    gettext_noop("Editors"),  # created by Wagtail's migrations
    gettext_noop("Moderators"),  # created by Wagtail's migrations
    gettext_noop("Register managers"),  # register/migrations/0003
    gettext_noop("Cooperative representatives"),  # representatives/migrations/0001
)
WORKFLOW_NAMES = (
    gettext_noop("Moderators approval"),  # Wagtail's workflow and its one task
    gettext_noop("Cooperative profile review"),  # representatives/migrations/0003
)
TASK_NAMES = (
    gettext_noop("Moderators approval"),
    gettext_noop("Review by a register manager"),  # representatives/migrations/0003
)
COLLECTION_NAMES = (gettext_noop("Root"),)  # Wagtail's root collection and root page
SOURCE_NAMES = frozenset(GROUP_NAMES + WORKFLOW_NAMES + TASK_NAMES + COLLECTION_NAMES)
NAME_FIELDS = ("name", "title", "draft_title")


class TranslatedName(str):
    """A source name that people read in the active language (see the module's docstring)."""

    def __str__(self) -> str:
        return gettext(str.__str__(self))

    def __format__(self, format_spec: str) -> str:
        return format(str(self), format_spec)

    def __html__(self) -> str:
        from django.utils.html import escape

        return escape(str(self))


def source_name(name: str) -> str:
    """The English source of `name` when it translates one of the names above."""
    if name in SOURCE_NAMES:
        return name
    for language, _label in settings.LANGUAGES:
        with translation.override(language):
            for source in SOURCE_NAMES:
                if gettext(source) == name:
                    return source
    return name


def _on_load(sender, instance, **kwargs) -> None:
    for field in NAME_FIELDS:
        name = instance.__dict__.get(field)
        if isinstance(name, str) and name in SOURCE_NAMES:
            instance.__dict__[field] = TranslatedName(name)


def _on_save(sender, instance, **kwargs) -> None:
    if instance.pk is None:
        return
    for field in NAME_FIELDS:
        name = instance.__dict__.get(field)
        if not isinstance(name, str):
            continue
        source = source_name(name)
        stored = sender._base_manager.filter(pk=instance.pk, **{field: source})
        if source != name and stored.exists():
            instance.__dict__[field] = TranslatedName(source)


def connect() -> None:
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, Page, Task, Workflow
    from wagtail.workflows import get_task_types

    # Page: only instances of the base class (the root page is one); specific pages are not.
    for model in (Group, Workflow, Collection, Page, Task, *get_task_types()):
        uid = f"infrastructure.admin_names:{model._meta.label}"
        post_init.connect(_on_load, sender=model, dispatch_uid=uid, weak=False)
        pre_save.connect(_on_save, sender=model, dispatch_uid=uid, weak=False)
