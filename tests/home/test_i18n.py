import datetime
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import formats, translation
from wagtail.models import Page
from wagtail_localize.models import Translation

from home.models import EditorialPage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


@pytest.mark.parametrize(
    ("accept_language", "target"),
    [
        ("it-IT,it;q=0.9", "/it/"),
        ("en-GB,en;q=0.8", "/en/"),
        ("de-DE,de;q=0.9", "/it/"),
        ("", "/it/"),
    ],
)
def test_root_redirects_to_the_visitors_language(client, accept_language, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == target


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def switcher(html: str) -> dict[str, str]:
    """The language switcher's links, by language."""
    return {
        language: href
        for href, language in re.findall(r'<a [^>]*href="([^"]+)"[^>]*hreflang="([^"]+)"', html)
    }


def test_hreflang_and_switcher_point_at_the_translation(client):
    html = client.get("/it/marchio-impact/").content.decode()
    assert alternates(html) == {
        "it": "http://testserver/it/marchio-impact/",
        "en": "http://testserver/en/impact-mark/",
        "x-default": "http://testserver/it/marchio-impact/",
    }
    assert switcher(html) == {"en": "/en/impact-mark/"}

    english = client.get("/en/impact-mark/").content.decode()
    assert switcher(english) == {"it": "/it/marchio-impact/"}
    assert alternates(english)["x-default"] == "http://testserver/it/marchio-impact/"


def test_untranslated_page_never_links_to_a_missing_english_page(client, home_it):
    page = EditorialPage(title="Solo in italiano", slug="solo-in-italiano")
    home_it.add_child(instance=page)
    page.save_revision().publish()

    html = client.get("/it/solo-in-italiano/").content.decode()
    assert 'hreflang="en" href' not in html  # no alternate for a translation that is not there
    assert switcher(html) == {"en": "/en/"}  # the switcher leads to the English home
    assert client.get("/en/solo-in-italiano/").status_code == 404


def test_english_pages_are_wagtail_localize_translations(english):
    italian_pages = Page.objects.filter(depth__gt=1, locale__language_code="it")
    translated = Translation.objects.filter(target_locale=english, enabled=True)
    assert translated.count() >= italian_pages.count()
    for page in italian_pages:
        english_page = page.get_translation(english)
        assert english_page.title != page.title or page.slug == "privacy", page.title


@pytest.mark.parametrize("language", ["it", "en"])
def test_gettext_catalogues_are_complete(language):
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue.translated_entries()) > 50


def test_italian_dates_write_the_month_in_lower_case():
    with translation.override("it"):
        assert formats.date_format(datetime.date(2022, 11, 19), "DATE_FORMAT") == "19 novembre 2022"
    with translation.override("en"):
        assert formats.date_format(datetime.date(2022, 11, 19), "DATE_FORMAT") == "Nov. 19, 2022"
