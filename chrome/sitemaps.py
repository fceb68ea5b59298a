"""The sitemap of the pages, in every language, each URL with its translations as alternates.

Django's `Sitemap.i18n` / `alternates` / `x_default` assume that a language version is the same
URL under another prefix, and that every item exists in every language. Neither holds here:
slugs are translated (/it/marchio-impact/ is /en/impact-mark/) and a version exists only
once a person has translated and published it. So each item of these sitemaps is a *group*:
the URLs of one piece of content in the languages it is live in. `_urls` writes one <url> per
member of the group, each listing the whole group (and x-default, the Italian version) in the
`alternates` that Django's own sitemap.xml template already renders as xhtml:link.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page

LANGUAGE_ORDER = {code: position for position, (code, _name) in enumerate(settings.LANGUAGES)}


@dataclass(frozen=True)
class Version:
    """One language version of a piece of content: one <url> of the sitemap."""

    language: str
    location: str  # absolute
    lastmod: datetime.datetime | datetime.date | None


class AlternatesSitemap(Sitemap):
    """A Wagtail sitemap whose items are lists of `Version`s of the same content."""

    # A group writes up to one URL per language: stay within the protocol's 50,000 URLs.
    limit = 50_000 // len(settings.LANGUAGES)

    def items(self) -> list[list[Version]]:
        raise NotImplementedError

    def site_pages(self) -> Q:
        """The pages under the site's home page in any language it is published in."""
        site = self.get_wagtail_site()
        homes = site.root_page.get_translations(inclusive=True).live().only("path", "depth")
        condition = Q(pk__in=[])
        for home in homes:
            condition |= Q(path__startswith=home.path, depth__gte=home.depth)
        return condition

    def get_latest_lastmod(self):
        """For a sitemap index: the newest lastmod, if every URL has one."""
        lastmods = [version.lastmod for group in self.items() for version in group]
        return max(lastmods) if lastmods and None not in lastmods else None

    def _urls(self, page, protocol, domain) -> list[dict]:
        urls = []
        lastmods = []
        for group in self.paginator.page(page).object_list:
            versions = sorted(group, key=lambda version: LANGUAGE_ORDER.get(version.language, 99))
            alternates = alternates_of(versions)
            for version in versions:
                urls.append(
                    {
                        "item": version,
                        "location": version.location,
                        "lastmod": version.lastmod,
                        "changefreq": None,
                        "priority": "",
                        "alternates": alternates,
                    }
                )
                lastmods.append(version.lastmod)
        # Django sends Last-Modified only when every URL has a date.
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


def alternates_of(versions: list[Version]) -> list[dict]:
    """hreflang alternates for a group: none for content in a single language; else every
    version, and x-default pointing at the Italian one when there is one."""
    if len({version.language for version in versions}) < 2:
        return []
    alternates = [
        {"lang_code": version.language, "location": version.location} for version in versions
    ]
    default = next((v for v in versions if v.language == settings.LANGUAGE_CODE), None)
    if default:
        alternates.append({"lang_code": "x-default", "location": default.location})
    return alternates


class PageSitemap(AlternatesSitemap):
    """Every live, public page of the site in every language, grouped by translation.

    Drafts and scheduled pages are not live; private pages (and their subpages) are not
    public; aliases mirror another page and are not translations, so they are left out.
    Each page keeps the say on its own URLs through Wagtail's `get_sitemap_urls`; when it
    gives several, the n-th URL of each translation is taken as the same content."""

    def items(self) -> list[list[Version]]:
        pages = (
            Page.objects.filter(self.site_pages(), alias_of__isnull=True)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        groups: dict[tuple, list[Version]] = defaultdict(list)
        for page in pages:
            for position, info in enumerate(page.get_sitemap_urls(self.request)):
                if not info.get("location"):
                    continue  # not routable on this site
                groups[(page.translation_key, position)].append(
                    Version(languages[page.locale_id], info["location"], info.get("lastmod"))
                )
        return list(groups.values())
