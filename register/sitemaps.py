"""The cooperatives' pages in the sitemap: one URL per cooperative and per register language.

Cooperatives are snippets served by RegisterPage, not pages, so the page sitemap does not
see them. A cooperative has a public page while its mark is active or suspended; it has one in
every language the register page is published in (the English page shows the Italian texts,
with a note, until they are translated). The whole register takes a fixed number of queries,
however many cooperatives it holds.
"""

from django.conf import settings
from django.db.models import Subquery

from chrome.sitemaps import AlternatesSitemap, Version

from .models import Cooperative, RegisterPage, Status


class CooperativeSitemap(AlternatesSitemap):
    def items(self) -> list[list[Version]]:
        # The register page in each language it is live and public in, on this site.
        register_urls: dict[str, str] = {}
        register_pages = (
            RegisterPage.objects.filter(self.site_pages())
            .live()
            .public()
            .select_related("locale")
            .order_by("path")
        )
        for page in register_pages:
            url = page.get_full_url(self.request)
            if url:
                register_urls.setdefault(page.locale.language_code, url)
        if not register_urls:
            return []

        cooperatives = (
            Cooperative.objects.public()
            .in_status(Status.ACTIVE, Status.SUSPENDED)
            .order_by("name", "pk")
        )
        # The translated texts count as a change of the page in their language.
        translated: dict[tuple, object] = {
            (key, language): published
            for key, language, published in Cooperative.objects.filter(
                translation_key__in=Subquery(cooperatives.values("translation_key")), live=True
            )
            .exclude(locale__language_code=settings.LANGUAGE_CODE)
            .values_list("translation_key", "locale__language_code", "last_published_at")
        }
        groups = []
        for key, slug, updated_at in cooperatives.values_list(
            "translation_key", "slug", "updated_at"
        ):
            group = []
            for language, base in register_urls.items():
                lastmod = updated_at
                published = translated.get((key, language))
                if published and published > lastmod:
                    lastmod = published
                # The same address as RegisterPage.cooperative_url().
                group.append(Version(language, f"{base}{slug}/", lastmod))
            groups.append(group)
        return groups
