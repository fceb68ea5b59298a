from django.template.loader import render_to_string
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import can_add_news, new_news_item, source_newsroom
from .models import NewsCategory, NewsIndexPage, PressContact


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    list_display = ["name", "code"]


class PressContactViewSet(SnippetViewSet):
    model = PressContact
    icon = "mail"
    list_display = ["office", "email", "phone"]


class NewNewsItemMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_add_news(request.user, source_newsroom())


class NewsroomViewSetGroup(SnippetViewSetGroup):
    items = (NewsCategoryViewSet, PressContactViewSet)
    menu_icon = "doc-full"
    menu_label = _("Newsroom")
    menu_name = "newsroom"
    menu_order = 210

    def get_submenu_items(self) -> list:
        # What editors come here for first: writing a news item (categories and contacts after).
        new_item = NewNewsItemMenuItem(
            _("New news item"),
            reverse_lazy("news_new_item"),
            name="new-news-item",
            icon_name="plus",
            order=0,
        )
        return [new_item, *super().get_submenu_items()]


register_snippet(NewsroomViewSetGroup)


@hooks.register("register_admin_urls")
def register_new_news_item_url() -> list:
    return [path("news/new/", new_news_item, name="news_new_item")]


class NewNewsItemPanel(Component):
    """The dashboard's shortcut to a new news item, for those who may write one."""

    name = "new_news_item"
    order = 50  # above the moderation and recent edits panels
    template_name = "news/admin/new_news_panel.html"

    def __init__(self, newsroom: NewsIndexPage) -> None:
        self.newsroom = newsroom

    def get_context_data(self, parent_context=None) -> dict:
        return {"newsroom": self.newsroom}


@hooks.register("construct_homepage_panels")
def add_new_news_item_panel(request, panels: list) -> None:
    newsroom = source_newsroom()
    if can_add_news(request.user, newsroom):
        panels.append(NewNewsItemPanel(newsroom))


@hooks.register("home_page_sections", order=20)
def latest_news_section(request, home_page) -> str:
    index = NewsIndexPage.objects.live().filter(locale=home_page.locale).first()
    if index is None:
        return ""
    items = list(index.news_items()[:3])
    if not items:
        return ""
    return render_to_string(
        "news/includes/home_section.html", {"index": index, "items": items}, request=request
    )
