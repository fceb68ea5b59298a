import pytest
from django.contrib.auth.models import Group

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]


@pytest.fixture
def people(django_user_model):
    editor = django_user_model.objects.create_user("redattore", password="pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    moderator = django_user_model.objects.create_user("moderatrice", password="pw")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    manager = django_user_model.objects.create_user("gestore", password="pw")
    manager.groups.add(Group.objects.get(name="Register managers"))
    return editor, moderator, manager


def test_groups_have_least_privilege(people, news_index):
    editor, moderator, manager = people
    assert news_index.permissions_for_user(editor).can_add_subpage()
    assert not news_index.permissions_for_user(editor).can_publish()
    assert news_index.permissions_for_user(moderator).can_publish()
    assert not news_index.permissions_for_user(manager).can_add_subpage()
    assert manager.has_perm("register.change_cooperative")
    assert manager.has_perm("register.add_certificationevent")
    assert not manager.has_perm("register.change_certificationevent")
    assert not editor.has_perm("register.change_cooperative")


def test_editor_submits_and_only_a_moderator_publishes(client, people, news_index):
    editor, moderator, _manager = people
    client.force_login(editor)
    add_url = f"/admin/pages/add/news/newspage/{news_index.pk}/"
    data = {
        "title": "Comunicato di prova",
        "slug": "comunicato-di-prova",
        "standfirst": "Un comunicato scritto da un redattore.",
        "date": "2026-11-20",
        "place": "Bergamo",
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-value": '{"blocks":[{"key":"a","text":"Testo.","type":"unstyled","depth":0,'
        '"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-id": "",
        "category_links-TOTAL_FORMS": "0",
        "category_links-INITIAL_FORMS": "0",
        "category_links-MIN_NUM_FORMS": "0",
        "category_links-MAX_NUM_FORMS": "1000",
        "cooperative_links-TOTAL_FORMS": "0",
        "cooperative_links-INITIAL_FORMS": "0",
        "cooperative_links-MIN_NUM_FORMS": "0",
        "cooperative_links-MAX_NUM_FORMS": "1000",
        "tags": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    response = client.post(add_url, {**data, "action-publish": "publish"})
    from news.models import NewsPage

    page = NewsPage.objects.get(slug="comunicato-di-prova")
    assert not page.live  # an editor's "publish" never reaches the site

    response = client.post(f"/admin/pages/{page.pk}/edit/", {**data, "action-submit": "submit"})
    assert response.status_code == 302
    page.refresh_from_db()
    workflow_state = page.current_workflow_state
    assert workflow_state is not None and workflow_state.status == "in_progress"
    assert client.get(page.url).status_code == 404

    task_state = workflow_state.current_task_state
    assert task_state.task.specific.get_actions(page, editor) == []
    assert task_state.task.specific.get_actions(page, moderator)
    task_state.task.specific.on_action(task_state, moderator, "approve")
    page.refresh_from_db()
    assert page.live
    assert "Comunicato di prova" in client.get("/it/notizie/").content.decode()


def test_editor_translates_a_published_news_item(
    client, people, make_news, django_capture_on_commit_callbacks
):
    from django.urls import reverse
    from wagtail.models import Locale
    from wagtail_localize.models import Translation

    editor, moderator, _manager = people
    page = make_news("Nuovo Comunicato", standfirst="Un sommario in italiano.")
    english = Locale.objects.get(language_code="en")
    assert "Nuovo Comunicato" not in client.get("/en/news/").content.decode()

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
            {"locales": [english.pk]},
        )
    assert response.status_code == 302
    translation = Translation.objects.get(source__object_id=page.translation_key)
    draft = page.get_translation(english)
    assert not draft.live  # a translation in progress is never public
    assert client.get("/en/news/").content.decode().count("Nuovo Comunicato") == 0

    # The translator fills in the PO file the translation editor offers, and uploads it.
    po = translation.export_po()
    english_text = {
        "Nuovo Comunicato": "New Press Release",
        "nuovo-comunicato": "new-press-release",
        "Un sommario in italiano.": "A summary in English.",
        "Testo di Nuovo Comunicato.": "Text in English.",
        "Bergamo": "Bergamo",
    }
    for entry in po:
        entry.msgstr = english_text[entry.msgid]
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("en.po", str(po).encode(), content_type="text/x-gettext")
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload}
    )
    assert response.status_code == 302
    assert translation.get_progress() == (5, 5)

    # A moderator publishes it, as the translation editor's "Publish" does.
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=moderator, publish=True)
    english_listing = client.get("/en/news/").content.decode()
    assert "New Press Release" in english_listing
    assert "New Press Release" in client.get("/en/news/feed/").content.decode()
    assert client.get("/en/news/new-press-release/").status_code == 200
