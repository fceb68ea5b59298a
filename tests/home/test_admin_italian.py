"""The admin speaks the admin's language: Italian for an Italian admin, English for an English one.

The strings below were found by walking the Italian admin as each group (dashboard, explorer,
page and snippet edit forms, settings, reports, workflows, groups, collections, the translate
form): English that Wagtail or wagtail-localize leave untranslated in Italian, and the names
the project keeps in the database. Each page below is rendered in Italian for each group
that reaches it, and none of those English strings may come back.
"""

import html
import json
import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Collection, Page, Workflow
from wagtail.users.models import UserProfile

from contact.models import ContactFormPage
from infrastructure.admin_names import SOURCE_NAMES
from register.models import Cooperative

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

ADMIN, EDITORS, MODERATORS, MANAGERS = "admin", "Editors", "Moderators", "Register managers"

# English found in the Italian admin, each with where it showed.
UNTRANSLATED = [
    "Moderators approval",  # workflow and task names: the "Submit to …" button, listings
    "Invia a Moderators",
    ">Editors<",
    ">Moderators<",
    "Register managers",  # group names: groups listing, user forms, task form
    "Actions (footer)",  # the label of the actions bar at the foot of each edit form
    "Title tag",  # the page's search engine title
    "Meta description is empty",  # the page editor's accessibility checker
    "Add a concise description for search engines",
    "Radio buttons",  # the enquiry form's field types
    "Drop down",
    "Checkboxes",
    '"label": "Image"',  # the chooser inside every image block ("Image *")
    "Esplorazione: Root",  # Wagtail's root page in the explorer
    "A network error occurred",  # the dialog of every edit form when saving fails
    "Troubleshoot your connection",
    "View latest version",
]
# The page listing's header, "1-11 of 11 pagine".
UNTRANSLATED_PATTERNS = [re.compile(r"\d+-\d+ of \d+ ")]


def person(group: str, language: str = "it") -> User:
    if group == ADMIN:
        user = User.objects.create_superuser(f"admin-{language}", "a@example.org", "x")
    else:
        user = User.objects.create_user(f"{group.replace(' ', '-')}-{language}", password="x")
        user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def client_for(group: str, language: str = "it") -> Client:
    client = Client()
    client.force_login(person(group, language))
    return client


def text_of(response) -> str:
    """The page as a person and a script read it: entities decoded (block definitions live in
    HTML attributes as JSON)."""
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def page_id(slug: str) -> int:
    return Page.objects.get(slug=slug, locale__language_code="it").pk


def editorial_page() -> int:
    return page_id("marchio-impact")


def admin_pages(group: str) -> list[str]:
    """What each group opens day to day, in the Italian admin."""
    cooperative = Cooperative.objects.filter(locale__language_code="it").first()
    news_index = page_id("notizie")
    pages = {
        ADMIN: [
            "/admin/",
            "/admin/pages/",
            f"/admin/pages/{news_index}/",
            f"/admin/pages/{editorial_page()}/edit/",
            f"/admin/pages/{ContactFormPage.objects.get(locale__language_code='it').pk}/edit/",
            "/admin/workflows/list/",
            "/admin/workflows/tasks/index/",
            f"/admin/workflows/edit/{Workflow.objects.get(name='Moderators approval').pk}/",
            "/admin/groups/",
            "/admin/collections/add/",
            "/admin/reports/workflow/",
            "/admin/users/new/",
            f"/admin/snippets/register/cooperative/edit/{cooperative.pk}/",
        ],
        EDITORS: [
            "/admin/",
            f"/admin/pages/{news_index}/",
            f"/admin/pages/{editorial_page()}/edit/",
            f"/admin/pages/add/news/newspage/{news_index}/",
            f"/admin/localize/submit/page/{editorial_page()}/",
        ],
        MODERATORS: [
            "/admin/",
            f"/admin/pages/{news_index}/",
            f"/admin/pages/{editorial_page()}/edit/",
            f"/admin/pages/{ContactFormPage.objects.get(locale__language_code='it').pk}/edit/",
            "/admin/reports/workflow/",
        ],
        MANAGERS: [
            "/admin/",
            "/admin/snippets/register/cooperative/",
            f"/admin/snippets/register/cooperative/edit/{cooperative.pk}/",
            "/admin/snippets/register/cooperative/add/",
        ],
    }
    return pages[group]


@pytest.mark.parametrize("group", [ADMIN, EDITORS, MODERATORS, MANAGERS])
def test_the_italian_admin_shows_no_english_left_behind(group):
    client = client_for(group)
    for url in admin_pages(group):
        text = text_of(client.get(url))
        for english in UNTRANSLATED:
            assert english not in text, f"{english!r} on {url} for {group}"
        for pattern in UNTRANSLATED_PATTERNS:
            assert not pattern.search(text), f"{pattern.pattern!r} on {url} for {group}"


def test_the_project_names_read_in_italian_for_an_italian_admin():
    client = client_for(ADMIN)
    groups = text_of(client.get("/admin/groups/"))
    for name in ("Redattori", "Moderatori", "Gestori del registro"):
        assert f">{name}<" in groups or f"{name}\n" in groups, name
    assert "Approvazione dei moderatori" in text_of(client.get("/admin/workflows/list/"))
    assert "Radice" in text_of(client.get("/admin/collections/add/"))  # the parent to choose
    edit = text_of(client.get(f"/admin/pages/{editorial_page()}/edit/"))
    assert "Invia al flusso «Approvazione dei moderatori»" in edit
    assert '"label": "Immagine"' in edit


def test_the_same_names_read_in_english_for_an_english_admin():
    client = client_for(ADMIN, "en")
    groups = text_of(client.get("/admin/groups/"))
    for name in ("Editors", "Moderators", "Register managers"):
        assert name in groups
    assert "Redattori" not in groups
    edit = text_of(client.get(f"/admin/pages/{editorial_page()}/edit/"))
    assert "Submit to Moderators approval" in edit
    assert "Approvazione dei moderatori" not in edit


def test_every_project_name_in_the_database_has_an_italian_translation():
    stored = {
        *Group.objects.values_list("name", flat=True),
        *Workflow.objects.values_list("name", flat=True),
        *Collection.objects.values_list("name", flat=True),
    }
    assert stored <= SOURCE_NAMES  # nothing the project created escapes the list
    with translation.override("it"):
        untranslated = {name for name in SOURCE_NAMES if gettext(name) == name}
    assert untranslated == set()


def test_the_database_keeps_the_english_source_when_an_italian_admin_saves():
    client = client_for(ADMIN)
    editors = Group.objects.get(name="Editors")
    form = text_of(client.get(f"/admin/groups/edit/{editors.pk}/"))
    assert 'value="Redattori"' in form  # the form shows the Italian name
    editors.name = "Redattori"  # what the form posts back, unchanged
    editors.save()
    assert Group.objects.filter(name="Editors").exists()
    assert not Group.objects.filter(name="Redattori").exists()
    # A group someone creates keeps the name typed, whatever it is.
    Group.objects.create(name="Moderatori esterni")
    assert Group.objects.filter(name="Moderatori esterni").exists()


def test_our_catalogue_wins_over_wagtails():
    """Our locale/ comes first: where Wagtail's Italian is English or reads badly, ours wins."""
    with translation.override("it"):
        assert gettext("Radio buttons") != "Radio buttons"
        assert gettext("Submit to %(workflow_name)s") == "Invia al flusso «%(workflow_name)s»"


def test_the_sidebar_has_no_label_left_in_english():
    """Every menu entry the admin sees (the project's and Wagtail's) differs between the Italian
    and the English admin, except the words Italian borrows."""
    borrowed = {"Account", "Report", "Snippet", "Redirect", "Workflow"}

    def labels(language: str) -> set[str]:
        page = client_for(ADMIN, language).get("/admin/").content.decode()
        props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S)
        found: set[str] = set()

        def walk(node) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    if key == "label" and isinstance(value, str):
                        found.add(value)
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(json.loads(props.group(1)))
        return found

    italian, english = labels("it"), labels("en")
    assert "Nuova notizia" in italian and "New news item" in english
    assert (italian & english) - borrowed == set()
