import pytest

from news.models import NewsIndexPage, NewsPage
from tests.factories import NewsPageFactory


@pytest.fixture
def news_index(site) -> NewsIndexPage:
    return site.news_it


@pytest.fixture
def make_news(news_index):
    """`make_news(title, date=…, publish=…, category=code, **fields)`: a news item of the
    Italian newsroom (tests.factories.NewsPageFactory)."""

    def make(title: str, *, category: str | None = None, **fields) -> NewsPage:
        fields.setdefault("slug", title.lower().replace(" ", "-"))
        if fields.get("date") is None:
            fields.pop("date", None)
        return NewsPageFactory(
            parent=news_index, title=title, categories=[category] if category else [], **fields
        )

    return make
