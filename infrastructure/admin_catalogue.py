"""Admin strings that Wagtail and wagtail-localize mark for translation but leave English in
Italian (their Italian catalogues miss them, or "translate" them with the English words).

Our catalogue in locale/ is in LOCALE_PATHS, and Django merges those catalogues over the
installed apps' ones, so a msgid here wins over the third-party translation
(tests/home/test_admin_italian.py checks it). `make messages` runs makemessages with
--no-obsolete, which drops every entry that no source file marks: marking them here keeps
them in the catalogue. Nothing imports this module; the strings are used where the third
party wrote them. Found by walking the Italian admin (see that test).
"""

from django.utils.translation import gettext_noop

THIRD_PARTY_MSGIDS = (
    # Wagtail: the label of the actions bar at the foot of every edit form.
    gettext_noop("Actions (footer)"),
    # Wagtail: the page listing's header ("1-11 of 11 pagine").
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    # Wagtail: the search engine title of every page (its Italian catalogue says "title tag").
    gettext_noop("title tag"),
    # Wagtail: the accessibility checker of the page editor.
    gettext_noop("Meta description is empty"),
    gettext_noop("Add a concise description for search engines"),
    # Wagtail forms: the field types of the enquiry form's questions.
    gettext_noop("Checkbox"),
    gettext_noop("Checkboxes"),
    gettext_noop("Drop down"),
    gettext_noop("Radio buttons"),
    # Wagtail: the dialog of every edit form when saving fails or another session saved first.
    gettext_noop("A network error occurred"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a "
        "separate tab to view the last saved version."
    ),
    gettext_noop("View latest version"),
    # wagtail-localize: its Locales screens.
    gettext_noop("Add a locale"),
    gettext_noop("Add locale"),
    gettext_noop("Delete locale"),
)

# Wagtail's Italian "Invia a %(workflow_name)s" does not read with a workflow's name ("Invia a
# Approvazione dei moderatori"): name the workflow and the step instead.
ITALIAN_OVERRIDES = (
    gettext_noop("Submit to %(workflow_name)s"),
    gettext_noop("Resubmit to %(task_name)s"),
)
