"""The register's content in the caches (infrastructure.invalidation): a change to a
cooperative, its sectors and areas, its certification history, or the sectors and areas
themselves is a change of content (the listing, the cooperative's page, verification answers,
the live badges, the API's ETags, the home page's figures) and, with a CDN, purges the
register's pages and the cooperative's own addresses, its badges included. Bulk writers
(import, generator) use `bulk_changes()`."""

from collections.abc import Iterable

from infrastructure.invalidation import watch

from .models import Area, CertificationEvent, Cooperative, RegisterPage, Sector


def register_urls(*cooperatives: Cooperative) -> Iterable[str]:
    """The live register pages and, under each, the given cooperatives' pages and live badges
    (by VAT and by certificate number; register.badge), absolute."""
    for page in RegisterPage.objects.live().specific():
        if url := page.get_full_url():
            yield url
            for cooperative in cooperatives:
                yield f"{url}{cooperative.slug}/"
                for number in (cooperative.vat_number, cooperative.certificate_number):
                    if number:
                        yield f"{url}{page.badge_path(number)}"


def _urls(instance) -> list[str]:
    if isinstance(instance, Cooperative):
        return list(register_urls(instance))
    if isinstance(instance, CertificationEvent):
        return list(register_urls(instance.cooperative))
    return list(register_urls())


def connect() -> None:
    watch(Cooperative, CertificationEvent, Sector, Area, urls=_urls)
