"""The register's content in the full-page cache (home.pagecache): a change to a cooperative,
its certification history, or the sectors and areas drops every cached page (the listing, the
cooperative's page, verification answers, the home page's figures) and, with a CDN, purges the
register's pages and the cooperative's own addresses."""

from collections.abc import Iterable

from home.pagecache import invalidate_when_saved

from .models import Area, CertificationEvent, Cooperative, RegisterPage, Sector


def register_urls(cooperative: Cooperative | None = None) -> Iterable[str]:
    for page in RegisterPage.objects.live().specific():
        if url := page.get_full_url():
            yield url
            if cooperative is not None:
                yield f"{url}{cooperative.slug}/"


def _urls(instance) -> list[str]:
    if isinstance(instance, Cooperative):
        return list(register_urls(instance))
    if isinstance(instance, CertificationEvent):
        return list(register_urls(instance.cooperative))
    return list(register_urls())


invalidate_when_saved(Cooperative, CertificationEvent, Sector, Area, urls=_urls)
