import datetime
import re

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page

from news.models import NewsPage
from register.models import Cooperative
from tests.factories import EditorialPageFactory, NewsPageFactory, SectorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]


def english_of(title: str, slug: str, english: str, english_slug: str) -> dict[str, str]:
    """The strings of a factory-made page (title, slug, standfirst or introduction, text)."""
    return {
        title: english,
        slug: english_slug,
        f"Sommario di {title}.": f"Summary of {english}.",
        f"Introduzione a {title}.": f"Introduction to {english}.",
        f"Testo di {title}.": f"Text of {english}.",
    }


@pytest.fixture
def content(site, make_cooperative):
    """What the demo gives the search: cleaning cooperatives (three in English too), a news
    item and an editorial page on the pact in both languages."""
    cleaning = SectorFactory(code="pulizie", name="Pulizie", english="Cleaning")
    for name in ("Cooperativa Sociale Il Ponte", "Orobica", "Sole Pulito", "Lindo"):
        make_cooperative(
            name,
            sectors=[cleaning],
            description="<p>Pulizie di uffici e scuole.</p>",
            english="Cleaning of offices and schools." if name != "Lindo" else None,
        )
    make_cooperative("Cooperativa Sociale Vetri Chiari")
    title = "Rinnovato il Patto di responsabilità"
    english = "The Responsibility Pact for quality work is renewed"
    NewsPageFactory(
        parent=site.news_it,
        title=title,
        slug="patto-rinnovato",
        date=datetime.date(2023, 11, 20),
        english=english_of(title, "patto-rinnovato", english, "pact-renewed"),
    )
    title = "Il Patto di responsabilità"
    EditorialPageFactory(
        title=title,
        slug="patto-di-responsabilita",
        english=english_of(title, "patto-di-responsabilita", "The Pact", "responsibility-pact"),
    )


def group_count(html: str, group: str) -> int:
    match = re.search(rf'<h2 class="h4" id="group-{group}">[^<]*<span[^>]*>\((\d+)\)</span>', html)
    return int(match.group(1)) if match else 0


def hit_titles(html: str) -> list[str]:
    return re.findall(r'<li class="search-hit">\s*<h3[^>]*><a href="[^"]+">([^<]+)</a>', html)


def test_routes_are_translated(client):
    assert client.get("/it/cerca/").status_code == 200
    assert client.get("/en/search/").status_code == 200
    assert client.get("/it/search/").status_code == 404
    assert client.get("/en/cerca/").status_code == 404


def test_pulizie_finds_cleaning_cooperatives_in_italian(client, content):
    html = client.get("/it/cerca/", {"q": "pulizie"}).content.decode()
    cleaning = (
        Cooperative.objects.public()
        .in_status("active", "suspended")
        .filter(sectors__code="pulizie")
    )
    assert group_count(html, "cooperatives") >= 4
    assert "Cooperativa Sociale Il Ponte" in html
    assert "<mark>" in html.lower() or "<mark>Pulizie" in html
    assert cleaning.filter(name="Cooperativa Sociale Il Ponte").exists()
    assert '<html lang="it"' in html


def test_cleaning_finds_cooperatives_and_links_in_english(client, content):
    html = client.get("/en/search/", {"q": "cleaning"}).content.decode()
    assert group_count(html, "cooperatives") >= 3
    assert 'href="/en/register/cooperativa-sociale-il-ponte/"' in html
    assert "/it/registro/" not in html.split("<main")[1]


def test_news_and_pages_are_searched_in_the_active_language(client, content):
    italian = client.get("/it/cerca/", {"q": "Patto"}).content.decode()
    english = client.get("/en/search/", {"q": "Pact"}).content.decode()
    assert group_count(italian, "news") >= 1 and group_count(italian, "pages") >= 1
    assert group_count(english, "news") >= 1 and group_count(english, "pages") >= 1
    assert "Rinnovato il Patto" in italian
    assert "The Responsibility Pact for quality work is renewed" in english
    assert "Rinnovato il Patto" not in english
    assert re.search(r"<time datetime=\"2023-11-20\">", italian)  # news carry their date


@pytest.fixture
def news_on_cooperatives(site):
    """More than a page of news that speak of cooperatives."""
    for number in range(12):
        NewsPageFactory(parent=site.news_it, title=f"Le cooperative e il lavoro {number}")


def test_one_group_is_paginated(client, content, news_on_cooperatives):
    html = client.get("/it/cerca/", {"q": "cooperative", "type": "news"}).content.decode()
    news_total = group_count(html, "news")
    italian = Locale.objects.get(language_code="it")
    expected = NewsPage.objects.live().filter(locale=italian).search("cooperative", operator="and")
    assert news_total == expected.count() > 0
    assert len(hit_titles(html)) == min(10, news_total)
    assert group_count(html, "pages") == 0  # only the chosen group is listed


def test_promotions_come_first(client, content):
    pact = Page.objects.get(slug="patto-di-responsabilita")
    SearchPromotion.objects.create(query=Query.get("cooperative"), page=pact, sort_order=0)
    html = client.get("/it/cerca/", {"q": "cooperative"}).content.decode()
    promoted = html.split('id="promoted-title"')[1].split("</section>")[0]
    assert f'href="{pact.url}"' in promoted
    assert html.index('id="promoted-title"') < html.index('class="search-group my-4"')


def test_queries_are_logged_for_editors(client):
    client.get("/it/cerca/", {"q": "manutenzione verde"})
    client.get("/it/cerca/", {"q": "Manutenzione  verde"})
    assert Query.get("manutenzione verde").hits == 2


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * 10_000, "troppo lungo"),
        ("!!! ??? ...", "la sola punteggiatura"),
        ("", "Cerca tra le pagine"),
    ],
)
def test_bad_queries_get_a_helpful_page(client, query, message):
    response = client.get("/it/cerca/", {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        "'; DROP TABLE wagtailcore_page; --",
        "合作社",
        "ΑΒΓ",
        "a OR 1=1",
        '"',
    ],
)
def test_odd_queries_never_fail_nor_reflect_raw_input(client, content, query):
    for url in ("/it/cerca/", "/en/search/"):
        response = client.get(url, {"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_prefix_search_when_nothing_matches_whole_words(client, content):
    html = client.get("/it/cerca/", {"q": "Vetri Chia"}).content.decode()
    assert "Cooperativa Sociale Vetri Chiari" in html
    assert "Nessuna corrispondenza esatta" in html
