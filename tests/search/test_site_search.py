import re

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page

from news.models import NewsPage
from register.models import Cooperative

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


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


def test_pulizie_finds_cleaning_cooperatives_in_italian(client):
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


def test_cleaning_finds_cooperatives_and_links_in_english(client):
    html = client.get("/en/search/", {"q": "cleaning"}).content.decode()
    assert group_count(html, "cooperatives") >= 3
    assert 'href="/en/register/cooperativa-sociale-il-ponte/"' in html
    assert "/it/registro/" not in html.split("<main")[1]


def test_news_and_pages_are_searched_in_the_active_language(client):
    italian = client.get("/it/cerca/", {"q": "Patto"}).content.decode()
    english = client.get("/en/search/", {"q": "Pact"}).content.decode()
    assert group_count(italian, "news") >= 1 and group_count(italian, "pages") >= 1
    assert group_count(english, "news") >= 1 and group_count(english, "pages") >= 1
    assert "Rinnovato il Patto" in italian
    assert "The Responsibility Pact for quality work is renewed" in english
    assert "Rinnovato il Patto" not in english
    assert re.search(r"<time datetime=\"2023-11-20\">", italian)  # news carry their date


def test_one_group_is_paginated(client):
    html = client.get("/it/cerca/", {"q": "cooperative", "type": "news"}).content.decode()
    news_total = group_count(html, "news")
    italian = Locale.objects.get(language_code="it")
    expected = NewsPage.objects.live().filter(locale=italian).search("cooperative", operator="and")
    assert news_total == expected.count() > 0
    assert len(hit_titles(html)) == min(10, news_total)
    assert group_count(html, "pages") == 0  # only the chosen group is listed


def test_promotions_come_first(client):
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
def test_odd_queries_never_fail_nor_reflect_raw_input(client, query):
    for url in ("/it/cerca/", "/en/search/"):
        response = client.get(url, {"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_prefix_search_when_nothing_matches_whole_words(client):
    html = client.get("/it/cerca/", {"q": "Vetri Chia"}).content.decode()
    assert "Cooperativa Sociale Vetri Chiari" in html
    assert "Nessuna corrispondenza esatta" in html
