"""Pages outside private sections, decided inside the query itself.

Wagtail's `PageQuerySet.public()` first reads every view restriction (one query each time it
is called) to build its condition. The same condition as a subquery costs no query of its own:
a page is private when a restricted page's path begins its own (the page or an ancestor)."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.utils.translation import get_language
from wagtail.models import Locale, PageViewRestriction
from wagtail.query import PageQuerySet

from infrastructure.invalidation import cached


def public(pages: QuerySet) -> QuerySet:
    """`pages` without those in a private section, like Wagtail's `.public()`."""
    restricting = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return pages.exclude(Exists(restricting))


def _restricted_sections() -> list[tuple[str, int]]:
    return list(PageViewRestriction.objects.values_list("page__path", "page__depth"))


def public_for_search(pages: PageQuerySet) -> PageQuerySet:
    """The same for a queryset about to be searched: search backends take only plain field
    conditions, so the private sections are read first (cached until a page changes)."""
    private = Q()
    for path, depth in cached("restricted-sections", (), _restricted_sections):
        private |= Q(path__startswith=path, depth__gte=depth)
    return pages.exclude(private) if private else pages


def active_locale() -> Locale:
    """Wagtail's locale of the active language (cached: Wagtail reads it from the database)."""
    return cached("locale", (get_language(),), Locale.get_active)
