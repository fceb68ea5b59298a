import io

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.images.models import Image
from wagtail.models import Page, Revision
from wagtail_localize.models import TranslationSource

from chrome.models import FooterText

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_demo_content_loads_twice_without_duplicates():
    def counts():
        return (
            Page.objects.count(),
            Image.objects.count(),
            FooterText.objects.count(),
            TranslationSource.objects.count(),
            Revision.objects.count(),
        )

    before = counts()
    call_command("load_demo_content", stdout=io.StringIO())
    assert counts() == before


@pytest.mark.parametrize(
    ("url", "language", "message"),
    [
        ("/it/pagina-che-non-esiste/", "it", "Pagina non trovata"),
        ("/en/no-such-page/", "en", "Page not found"),
    ],
)
def test_unknown_urls_get_a_styled_404_in_their_language(client, url, language, message):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert message in html
    assert 'id="main-content"' in html  # the site's own layout, not a bare error


def test_server_error_page_renders_without_the_database(django_assert_num_queries):
    with django_assert_num_queries(0), translation.override("it"):
        html = render_to_string("500.html")
    assert "Qualcosa non ha funzionato" in html
    assert "Something went wrong" in html


def test_health_reports_database_and_cache(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_the_admin(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_system_checks_and_migrations_are_clean():
    call_command("check", "--fail-level", "WARNING", stdout=io.StringIO())
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())
