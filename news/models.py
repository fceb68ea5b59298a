"""The newsroom: press releases and news, their categories and press contacts."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Q, Subquery
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.blocks import BaseStreamBlock
from infrastructure.visibility import public
from register.models import Cooperative, RegisterPage, Status

from .feeds import NewsFeed


class NewsCategory(TranslatableMixin, models.Model):
    """Press releases, events, register updates… translated, with a language-neutral code."""

    name = models.CharField(_("name"), max_length=80)
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("Used in filter addresses, the same in every language."),
    )

    panels = [FieldPanel("name"), FieldPanel("code")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("code")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="unique_news_category_code")
        ]

    def __str__(self) -> str:
        return self.name


class PressContact(TranslatableMixin, models.Model):
    """Who journalists call about a news item."""

    office = models.CharField(_("office or person"), max_length=120)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    panels = [FieldPanel("office"), FieldPanel("email"), FieldPanel("phone")]
    translatable_fields = [
        TranslatableField("office"),
        SynchronizedField("email"),
        SynchronizedField("phone"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")

    def __str__(self) -> str:
        return self.office


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPageCategory(Orderable):
    """A category of a news item; a child row so that translations follow the category's."""

    page = ParentalKey("news.NewsPage", related_name="category_links", on_delete=models.CASCADE)
    category = models.ForeignKey(
        NewsCategory, verbose_name=_("category"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("category")]


class NewsPageCooperative(Orderable):
    """A cooperative of the register that the news item is about."""

    page = ParentalKey("news.NewsPage", related_name="cooperative_links", on_delete=models.CASCADE)
    cooperative = models.ForeignKey(
        "register.Cooperative",
        verbose_name=_("cooperative"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("cooperative")]


class NewsIndexPage(RoutablePageMixin, Page):
    """The newsroom: every news item of one language, newest first, with its feed."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def news_items(self):
        """The published, public news of this index, newest first."""
        return public(NewsPage.objects.child_of(self).live()).order_by(
            "-date", "-first_published_at", "-pk"
        )

    def latest_with_categories(self, count: int = 20) -> list["NewsPage"]:
        """The newest items with their categories' names, in one query for all (the feed)."""
        items = list(self.news_items().prefetch_related("category_links__category")[:count])
        for item, categories in zip(items, categories_of(items), strict=True):
            item.categories = categories
        return items

    def get_listing(self, params) -> dict:
        """Newest first, 10 a page, filtered by year and category codes, with their counts."""
        items = self.news_items()
        categories = self.categories_in_use()
        category = params.get("category", "")
        categories_by_code = {c.code: c.translation_key for c in categories}
        category = category if category in categories_by_code else None
        in_category = (
            Q(category_links__category__translation_key=categories_by_code[category])
            if category
            else Q()
        )
        # Every year with news, each counted within the chosen category: one query.
        year_counts = dict(
            items.annotate(year=ExtractYear("date"))
            .values_list("year")
            .annotate(n=Count("pk", distinct=True, filter=in_category or None))
            .order_by()
        )
        years = sorted(year_counts, reverse=True)
        year = params.get("year", "")
        year = int(year) if year.isdigit() and int(year) in years else None

        def narrowed(by_year: bool = True, by_category: bool = True):
            result = items
            if by_year and year:
                result = result.filter(date__year=year)
            if by_category and category:
                result = result.filter(in_category)
            return result

        category_counts = dict(
            narrowed(by_category=False)
            .values_list("category_links__category__translation_key")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        is_filtered = bool(year or category)
        results = narrowed().distinct().select_related("share_image")
        # Unfiltered, the featured item (or else the newest) stands above the list.
        featured = None
        if not is_filtered:
            featured = results.filter(featured=True).first() or results.first()
            if featured:
                results = results.exclude(pk=featured.pk)
        page = Paginator(results, 10).get_page(params.get("page"))
        return {
            "page": page,
            "total": page.paginator.count + (1 if featured else 0),
            "featured": featured if page.number == 1 else None,
            "is_filtered": is_filtered,
            "year": year,
            "category": category,
            "years": [(y, year_counts.get(y, 0)) for y in years],
            "categories": [(c, category_counts.get(c.translation_key, 0)) for c in categories],
            "invalid": [
                name
                for name, value, valid in (
                    ("year", params.get("year"), year),
                    ("category", params.get("category"), category),
                )
                if value and not valid
            ],
        }

    def categories_in_use(self) -> list[NewsCategory]:
        """The categories, named in this index's language (falling back to the source)."""
        rows = NewsCategory.objects.filter(
            Q(locale_id=self.locale_id) | Q(locale__language_code=settings.LANGUAGE_CODE)
        )
        by_key: dict = {}
        for row in rows:
            if row.translation_key not in by_key or row.locale_id == self.locale_id:
                by_key[row.translation_key] = row
        return sorted(by_key.values(), key=lambda category: category.name)

    def route(self, request, path_components):
        """A news item with what its page shows (locale, press contact, share image) in one
        query; Wagtail's own routing takes two, then one more for each of them. The index's
        own routes (the feed) keep precedence over news slugs, as in Wagtail."""
        if len(path_components) == 1 and not self._is_own_route(path_components[0]):
            item = (
                NewsPage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("locale", "press_contact", "share_image")
                .first()
            )
            if item is None:
                raise Http404
            item._cached_parent_obj = self  # as Wagtail does: get_parent() needs no query
            return item.route(request, [])
        return super().route(request, path_components)

    def _is_own_route(self, slug: str) -> bool:
        try:
            self.resolve_subpage(f"/{slug}/")
        except Http404:
            return False
        return True

    @path("")
    def listing(self, request):
        context = self.get_context(request)
        context["listing"] = self.get_listing(request.GET)
        if request.GET:
            query = "?" + request.GET.urlencode()
            context["alternate_urls"] = {
                page.locale.language_code: page.get_url(request) + query
                for page in self.get_translations(inclusive=True).live().select_related("locale")
            }
        return self.render(request, context_overrides=context)

    @path("feed/")
    def feed(self, request):
        return NewsFeed()(request, index=self)

    def feed_url(self, request=None) -> str:
        return self.get_url(request) + "feed/"


class NewsPage(Page):
    """A news item or press release."""

    standfirst = models.TextField(
        _("standfirst"), help_text=_("Two or three sentences that sum up the news.")
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    place = models.CharField(_("place"), max_length=80, blank=True, default="Bergamo")
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"))
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    press_contact = models.ForeignKey(
        PressContact,
        verbose_name=_("press contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("share image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown when the news is shared on social networks; at least 1200 × 630 pixels."
        ),
    )
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown first in the newsroom.")
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("standfirst"),
                FieldPanel("date"),
                FieldPanel("place"),
                FieldPanel("featured"),
            ],
            heading=_("Summary"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                InlinePanel("category_links", label=_("Categories")),
                FieldPanel("tags"),
                InlinePanel("cooperative_links", label=_("Related cooperatives")),
                FieldPanel("press_contact"),
                FieldPanel("share_image"),
            ],
            heading=_("Classification and sharing"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst", boost=2),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        indexes = [models.Index(fields=["date"])]

    @cached_property
    def category_links_with_categories(self) -> list[NewsPageCategory]:
        links = self.category_links.all()
        if "category_links" not in getattr(self, "_prefetched_objects_cache", {}):
            links = links.select_related("category")
        return list(links)

    @cached_property
    def categories(self) -> list[NewsCategory]:
        """The categories, named in this page's language where they are translated (the
        links themselves are copied unchanged when the page is translated)."""
        return categories_of([self])[0]

    def related_cooperatives(self, request) -> list[tuple[str, str]]:
        """(name, URL) of each related cooperative; the URL is empty where it has no public
        page in this language. A fixed number of queries, whatever the number of links."""
        linked = [link.cooperative for link in self.cooperative_links.select_related("cooperative")]
        if not linked:
            return []
        public = {
            cooperative.translation_key: cooperative
            for cooperative in Cooperative.objects.public()
            .in_status(Status.ACTIVE, Status.SUSPENDED)
            .filter(translation_key__in=[c.translation_key for c in linked])
        }
        register_page = (
            RegisterPage.objects.live().filter(locale_id=self.locale_id).first()
            or RegisterPage.objects.live()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .first()
        )
        return [
            (
                cooperative.name,
                register_page.cooperative_url(public[cooperative.translation_key], request)
                if register_page and cooperative.translation_key in public
                else "",
            )
            for cooperative in linked
        ]

    def neighbours(self, siblings) -> tuple["NewsPage | None", "NewsPage | None"]:
        """The next newer and the next older item, both in one query."""
        later = Q(date__gt=self.date) | Q(date=self.date, pk__gt=self.pk)
        newer = siblings.filter(later).order_by("date", "pk").values("pk")[:1]
        older = siblings.exclude(later).order_by("-date", "-pk").values("pk")[:1]
        found = list(siblings.filter(Q(pk=Subquery(newer)) | Q(pk=Subquery(older))))
        is_newer = {page.pk: (page.date, page.pk) > (self.date, self.pk) for page in found}
        return (
            next((page for page in found if is_newer[page.pk]), None),
            next((page for page in found if not is_newer[page.pk]), None),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        siblings = public(NewsPage.objects.sibling_of(self, inclusive=False).live())
        context["newer"], context["older"] = self.neighbours(siblings)
        context["cooperatives"] = self.related_cooperatives(request)
        category_ids = [link.category_id for link in self.category_links_with_categories]
        context["related"] = (
            siblings.filter(category_links__category_id__in=category_ids)
            .distinct()
            .order_by("-date")[:3]
            if category_ids
            else []
        )
        return context


def categories_of(pages: list[NewsPage]) -> list[list[NewsCategory]]:
    """The categories of each page, named in the page's language where translated: one query
    for the names of any number of pages (prefetch `category_links__category` for a list)."""
    linked = [[link.category for link in page.category_links_with_categories] for page in pages]
    keys = {category.translation_key for categories in linked for category in categories}
    translated = {
        (category.translation_key, category.locale_id): category
        for category in NewsCategory.objects.filter(
            translation_key__in=keys, locale_id__in={page.locale_id for page in pages}
        )
    }
    return [
        [translated.get((category.translation_key, page.locale_id), category) for category in cats]
        for page, cats in zip(pages, linked, strict=True)
    ]
