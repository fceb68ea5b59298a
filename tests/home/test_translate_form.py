"""The Translate form does not make the editor tick the only language left to translate into."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from wagtail.models import Locale

from home.models import EditorialPage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


@pytest.fixture
def editor() -> Client:
    user = User.objects.create_user("translator", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def untranslated_page(home_it) -> EditorialPage:
    page = EditorialPage(title="Da tradurre", slug="da-tradurre")
    home_it.add_child(instance=page)
    page.save_revision().publish()
    return page


def ticked(html: str) -> list[str]:
    """The locale ids whose checkbox arrives ticked."""
    return [
        value
        for tag in re.findall(r'<input[^>]*name="locales"[^>]*>', html)
        if "checked" in tag
        for value in re.findall(r'value="(\d+)"', tag)
    ]


def test_the_only_target_language_is_ticked(editor, untranslated_page, english):
    url = f"/admin/localize/submit/page/{untranslated_page.pk}/"
    response = editor.get(url)
    assert response.status_code == 200
    assert ticked(response.content.decode()) == [str(english.pk)]
    # Submitting the form as it arrives creates the English translation.
    posted = editor.post(url, {"locales": [english.pk]})
    assert posted.status_code == 302
    assert untranslated_page.get_translations().filter(locale=english).exists()


def test_with_more_languages_nothing_is_ticked_for_the_editor(editor, untranslated_page, english):
    Locale.objects.create(language_code="fr")
    html = editor.get(f"/admin/localize/submit/page/{untranslated_page.pk}/").content.decode()
    assert len(re.findall(r'<input[^>]*name="locales"', html)) == 2
    assert ticked(html) == []


def test_a_language_chosen_in_the_address_is_kept(editor, untranslated_page, english):
    Locale.objects.create(language_code="fr")
    url = f"/admin/localize/submit/page/{untranslated_page.pk}/?select_locale=en"
    assert ticked(editor.get(url).content.decode()) == [str(english.pk)]


def test_snippets_too(make_cooperative, english):
    manager = User.objects.create_user("translating-manager", password="x")
    manager.groups.add(Group.objects.get(name="Register managers"))
    client = Client()
    client.force_login(manager)
    cooperative = make_cooperative("Cooperativa da tradurre")
    url = f"/admin/localize/submit/snippet/register/cooperative/{cooperative.pk}/"
    assert ticked(client.get(url).content.decode()) == [str(english.pk)]
