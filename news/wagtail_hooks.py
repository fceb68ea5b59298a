from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import NewsCategory, NewsIndexPage, PressContact


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    list_display = ["name", "code"]


class PressContactViewSet(SnippetViewSet):
    model = PressContact
    icon = "mail"
    list_display = ["office", "email", "phone"]


class NewsroomViewSetGroup(SnippetViewSetGroup):
    items = (NewsCategoryViewSet, PressContactViewSet)
    menu_icon = "doc-full"
    menu_label = _("Newsroom")
    menu_name = "newsroom"
    menu_order = 210


register_snippet(NewsroomViewSetGroup)


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
