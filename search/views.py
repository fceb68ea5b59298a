"""Site search: editorial pages, news and cooperatives of the visitor's language."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

from infrastructure.searching import (
    QUERY_MAX_LENGTH,
    backend_for,
    excerpt,
    plain_text,
    search_words,
)
from infrastructure.visibility import active_locale, public_for_search
from news.models import NewsPage
from register.filters import search_keys
from register.listing import listed_matching
from register.models import RegisterPage
from register.presentation import present_cooperatives
from register.vocabulary import Vocabulary

GROUPS = {
    "pages": _("Pages"),
    "news": _("News"),
    "cooperatives": _("Cooperatives"),
}
PREVIEW_SIZE = 5
PAGE_SIZE = 10


@dataclass
class Hit:
    title: str
    url: str
    kind: str
    excerpt: str
    date: object = None
    language: str | None = None  # set when the excerpt is not in the page's language


def _search(queryset, words: str, approximate: bool, ranked: bool = True):
    if approximate:
        return queryset.autocomplete(words, backend=backend_for(), order_by_relevance=ranked)
    return queryset.search(words, operator="and", backend=backend_for(), order_by_relevance=ranked)


def _page_results(words: str, approximate: bool):
    # Specific pages: one query per page type for the hits, not one per hit.
    pages = public_for_search(Page.objects.live().filter(locale=active_locale()))
    return _search(pages.not_type(NewsPage).specific(), words, approximate)


def _news_results(words: str, approximate: bool):
    news = public_for_search(NewsPage.objects.live().filter(locale=active_locale()))
    # Newest first, as in the newsroom: ranking hundreds of matching news items by relevance
    # takes the database search backend a fifth of a second.
    return _search(news.order_by("-date"), words, approximate, ranked=False)


def _cooperative_results(words: str, approximate: bool):
    return listed_matching(search_keys(words, approximate))


def _page_hits(pages, words: str) -> list[Hit]:
    hits = []
    for page in pages:
        page = page.specific
        text = (
            page.search_description
            or getattr(page, "standfirst", "")
            or getattr(page, "introduction", "")
            or getattr(page, "hero_text", "")
        )
        hits.append(
            Hit(
                title=page.title,
                url=page.url,
                kind="news" if isinstance(page, NewsPage) else "pages",
                excerpt=excerpt(plain_text(str(text)), words),
                date=getattr(page, "date", None),
            )
        )
    return hits


def _cooperative_hits(cooperatives, words: str) -> list[Hit]:
    register_page = RegisterPage.objects.live().filter(locale=active_locale()).first()
    if register_page is None:
        return []
    views = present_cooperatives(cooperatives, Vocabulary(), register_page)
    return [
        Hit(
            title=view.record.name,
            url=view.url,
            kind="cooperatives",
            excerpt=excerpt(plain_text(view.description), words),
            language=view.text_language,
        )
        for view in views
    ]


FINDERS = {
    "pages": (_page_results, _page_hits),
    "news": (_news_results, _page_hits),
    "cooperatives": (_cooperative_results, _cooperative_hits),
}


def search(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    group = request.GET.get("type", "")
    group = group if group in GROUPS else ""
    context = {"query": raw[:QUERY_MAX_LENGTH], "group": group, "groups": []}
    if len(raw) > QUERY_MAX_LENGTH:
        context["problem"] = "too_long"
        return TemplateResponse(request, "search/search.html", context)
    words = search_words(raw)
    if raw.strip() and not words:
        context["problem"] = "no_words"
    if not words:
        return TemplateResponse(request, "search/search.html", context)

    approximate = False
    results = {name: FINDERS[name][0](words, approximate) for name in GROUPS}
    counts = {name: results[name].count() for name in GROUPS}
    if not any(counts.values()):
        # Nothing for the whole words: try them as the beginnings of titles and names.
        approximate = True
        results = {name: FINDERS[name][0](words, approximate) for name in GROUPS}
        counts = {name: results[name].count() for name in GROUPS}

    query = Query.get(words)
    query.add_hit()
    context.update(
        words=words,
        approximate=approximate and any(counts.values()),
        total=sum(counts.values()),
        promotions=[
            pick
            for pick in query.editors_picks.select_related("page").order_by("sort_order")
            if pick.page.live and pick.page.locale.language_code == get_language()
        ],
    )
    for name, label in GROUPS.items():
        to_hits = FINDERS[name][1]
        entry = {"name": name, "label": label, "count": counts[name]}
        if group == name:
            page = Paginator(results[name], PAGE_SIZE).get_page(request.GET.get("page"))
            entry.update(page=page, hits=to_hits(page.object_list, words))
        elif not group and counts[name]:
            entry["hits"] = to_hits(results[name][:PREVIEW_SIZE], words)
        context["groups"].append(entry)
    context["language"] = get_language() or settings.LANGUAGE_CODE
    return TemplateResponse(request, "search/search.html", context)
