"""`generate_news`: synthetic news in both languages for scale tests, the same for a seed."""

import html
import io

import pytest
from django.core.management import call_command
from django.db import transaction

from news.models import NewsPage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


class Rollback(Exception):
    pass


def generate(count: int, seed: int) -> None:
    call_command("generate_news", "--count", str(count), "--seed", str(seed), stdout=io.StringIO())


def generated(language: str) -> list[NewsPage]:
    return list(
        NewsPage.objects.live()
        .filter(locale__language_code=language, slug__startswith="gen-")
        .order_by("slug")
    )


def test_news_are_published_in_italian_and_english(client):
    generate(3, seed=4)
    italian, english = generated("it"), generated("en")
    assert len(italian) == len(english) == 3
    assert {page.translation_key for page in italian} == {page.translation_key for page in english}
    for page in english:
        response = client.get(page.url)
        assert response.status_code == 200
        assert html.escape(page.title) in response.content.decode()
    # Listed in the English newsroom under its year and category, as the Italian one is.
    for page, newsroom in ((english[0], "/en/news/"), (italian[0], "/it/notizie/")):
        filters = f"?year={page.date.year}&category={page.categories[0].code}"
        assert html.escape(page.title) in client.get(newsroom + filters).content.decode()


def test_the_same_seed_gives_the_same_news_and_a_second_run_adds_more():
    with pytest.raises(Rollback), transaction.atomic():
        generate(2, seed=7)
        first = [(page.title, page.date) for page in generated("it")]
        raise Rollback
    generate(2, seed=7)
    assert [(page.title, page.date) for page in generated("it")] == first
    generate(2, seed=7)
    assert len(generated("it")) == len(generated("en")) == 4
