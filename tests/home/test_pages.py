import pytest
from wagtail.models import Page

from home.models import EditorialPage, HomePage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

EXPECTED = {
    "/it/": ("it", "Cooperative di qualità, verificate"),
    "/en/": ("en", "Quality cooperatives, checked"),
    "/it/marchio-impact/": ("it", "Il marchio Impact"),
    "/en/impact-mark/": ("en", "The Impact mark"),
    "/it/patto-di-responsabilita/": ("it", "Il Patto di responsabilità"),
    "/en/responsibility-pact/": ("en", "The Responsibility Pact"),
    "/it/come-aderire/": ("it", "Come aderire"),
    "/en/how-to-apply/": ("en", "How to apply"),
}


@pytest.mark.parametrize("url", EXPECTED)
def test_key_pages_serve_their_content_in_their_language(client, url):
    language, heading = EXPECTED[url]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert heading in html
    assert html.count("<h1") == 1


def test_every_live_page_renders_in_its_own_language(client):
    pages = Page.objects.live().filter(depth__gt=1).select_related("locale")
    assert (
        pages.filter(locale__language_code="en").count()
        == pages.filter(locale__language_code="it").count()
    )
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert f'<html lang="{page.locale.language_code}"' in response.content.decode(), page.url


def test_mark_page_lists_the_five_requirements(client):
    html = client.get("/it/marchio-impact/").content.decode()
    assert html.count('class="requirement"') == 5
    assert "revisione cooperativa" in html
    english = client.get("/en/impact-mark/").content.decode()
    assert english.count('class="requirement"') == 5
    assert "cooperative audit" in english
    assert "revisione cooperativa" not in english


def test_page_types_can_only_be_created_where_they_belong(home_it):
    root = Page.get_first_root_node()
    mark = EditorialPage.objects.get(slug="marchio-impact")
    # One home page per language: the Italian one at the root, the others by translation.
    assert HomePage.allowed_parent_page_models() == [Page]
    assert HomePage.can_create_at(root) is False
    assert HomePage.can_create_at(home_it) is False
    assert HomePage.can_create_at(mark) is False
    assert EditorialPage.can_create_at(home_it) is True
    assert EditorialPage.can_create_at(mark) is True
    assert EditorialPage.can_create_at(root) is False


def test_menu_shows_the_pages_of_the_active_language(client):
    html = client.get("/en/").content.decode()
    assert 'href="/en/impact-mark/"' in html
    assert 'href="/en/responsibility-pact/"' in html
    assert 'href="/it/marchio-impact/"' not in html


def test_footer_shows_contacts_and_legal_pages_in_the_active_language(client):
    italian = client.get("/it/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Confcooperative Bergamo" in italian
    assert 'href="/it/privacy/"' in italian
    assert 'href="/it/accessibilita/"' in italian
    assert 'href="/en/privacy/"' in english
    assert 'href="/en/accessibility/"' in english
    assert "tenuto da Confcooperative Bergamo" in italian
    assert "kept by Confcooperative Bergamo" in english


def test_editor_can_log_in_and_edit_a_page_and_its_translation(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.org", "pw-for-tests")
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    mark_it = EditorialPage.objects.get(slug="marchio-impact")
    mark_en = EditorialPage.objects.get(slug="impact-mark")
    assert client.get(f"/admin/pages/{mark_it.pk}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{mark_en.pk}/edit/")
    assert response.status_code == 200
    # The English page is edited in wagtail-localize's translation editor, not as a copy.
    assert "translation-editor" in response.content.decode()
