import datetime

import pytest
from wagtail.models import Locale

from news.models import NewsCategory, NewsIndexPage, NewsPage, NewsPageCategory


@pytest.fixture
def news_index(site) -> NewsIndexPage:
    return site.news_it


@pytest.fixture
def make_news(news_index):
    def make(title: str, *, date=None, publish: bool = True, category: str | None = None, **fields):
        page = NewsPage(
            title=title,
            slug=fields.pop("slug", title.lower().replace(" ", "-")),
            standfirst=fields.pop("standfirst", f"Sommario di {title}."),
            date=date or datetime.date(2026, 1, 1),
            body=[("paragraph", f"<p>Testo di {title}.</p>")],
            locale=Locale.objects.get(language_code="it"),
            live=publish,
            **fields,
        )
        if category:
            page.category_links = [
                NewsPageCategory(
                    category=NewsCategory.objects.get(code=category, locale=page.locale)
                )
            ]
        news_index.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        page.refresh_from_db()
        return page

    return make
