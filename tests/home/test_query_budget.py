"""Every public page answers in at most 15 SQL queries, however many results it shows.

Each page is requested twice and the second request counted: the first one of a page also
writes its image renditions (once, ever). The site chrome (menu, footer, vocabularies,
register figures) is cached between requests as in production; the tests start with an empty
cache, so the first request of each test also fills it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import NewsCategory, NewsIndexPage, NewsPage, NewsPageCategory
from register.models import Area, Cooperative, Sector

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

BUDGET = 15


def public_urls() -> list[str]:
    cooperative = Cooperative.objects.public().order_by("name").first()
    news_it = NewsPage.objects.live().filter(locale__language_code="it").order_by("pk").first()
    news_en = NewsPage.objects.live().filter(locale__language_code="en").order_by("pk").first()
    return [
        "/it/",
        "/en/",
        "/it/marchio-impact/",
        "/en/impact-mark/",
        "/it/registro/",
        "/en/register/",
        "/it/registro/?sector=pulizie&area=bg",
        "/it/registro/?q=servizi",
        "/en/register/?q=servizi&sector=pulizie&area=bg&sort=recent&page=2",
        "/it/registro/?status=any&form=sociale-b",
        "/it/registro/?near=Treviglio&radius=25",
        "/it/registro/mappa/",
        f"/it/registro/{cooperative.slug}/",
        f"/en/register/{cooperative.slug}/",
        f"/it/registro/verifica/?q={cooperative.vat_number}",
        "/en/register/verify/?q=IT00000000000",
        f"/en/register/badge/{cooperative.vat_number}.svg",
        "/it/registro/verifica-elenco/",
        "/it/registro/feed/",
        "/it/registro/export.csv?sector=pulizie",
        "/it/registro/export.json?sector=pulizie",
        "/it/notizie/",
        "/en/news/?page=2",
        news_it.url,
        news_en.url,
        "/it/notizie/feed/",
        "/it/cerca/?q=cooperativa",
        "/en/search/?q=cooperative&type=cooperatives",
        "/sitemap.xml",
    ]


def count_queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


def test_every_public_page_stays_within_the_budget(client, django_assert_max_num_queries):
    for url in public_urls():
        client.get(url)
        with django_assert_max_num_queries(BUDGET, info=url):
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, url


def add_news(index: NewsIndexPage, title: str, category: str) -> None:
    page = NewsPage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        standfirst=f"Sommario di {title}.",
        date=datetime.date(2025, 6, 1),
        body=[("paragraph", f"<p>Testo di {title}.</p>")],
        locale=index.locale,
    )
    page.category_links = [
        NewsPageCategory(category=NewsCategory.objects.get(code=category, locale=index.locale))
    ]
    index.add_child(instance=page)
    page.save_revision().publish()


def test_the_number_of_queries_does_not_grow_with_the_results(client, make_cooperative):
    urls = public_urls()
    before = {url: count_queries(client, url) for url in urls}

    sector = Sector.objects.get(code="pulizie", locale__language_code="it")
    zone = Area.objects.get(code="bg-citta", locale__language_code="it")
    for number in range(30):
        make_cooperative(
            f"Servizi di prova {number:02d}",
            sectors=[sector],
            areas=[zone],
            legal_form="sociale-b",
            description="<p>Servizi cooperativa di prova.</p>",
            english="Test services cooperative." if number % 2 else None,
        )
    index = NewsIndexPage.objects.get(locale__language_code="it")
    for number in range(12):
        add_news(index, f"Notizia cooperativa {number:02d}", "registro")

    after = {url: count_queries(client, url) for url in urls}
    assert after == before
