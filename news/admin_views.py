"""The editors' way to a new news item: one address that opens the create form under the
source-language newsroom, used by the "Newsroom" menu and the dashboard panel."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse

from .models import NewsIndexPage, NewsPage


def source_newsroom() -> NewsIndexPage | None:
    """The newsroom editors write in: news are written in Italian, then translated."""
    return NewsIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()


def can_add_news(user, newsroom: NewsIndexPage | None) -> bool:
    return (
        newsroom is not None
        and NewsPage.can_create_at(newsroom)
        and newsroom.permissions_for_user(user).can_add_subpage()
    )


def new_news_item(request: HttpRequest) -> HttpResponseRedirect:
    newsroom = source_newsroom()
    if newsroom is None:
        raise Http404("There is no newsroom to write in.")
    if not can_add_news(request.user, newsroom):
        raise PermissionDenied
    return HttpResponseRedirect(
        reverse("wagtailadmin_pages:add", args=["news", "newspage", newsroom.pk])
    )
