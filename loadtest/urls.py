"""The addresses `make loadtest` requests, read from the load-test database: every live page,
register queries (filters, search, sorting, pages), every cooperative, verification by VAT
and certificate number, the API and the site search. Prints JSON: [{kind, path, weight}].

Run by loadtest/run.py with the server's environment; not meant to be run alone."""

import json

import django

django.setup()

from django.utils.http import urlencode  # noqa: E402
from wagtail.models import Page  # noqa: E402

from register.models import Area, Cooperative, RegisterPage, Sector  # noqa: E402
from register.models.events import Status  # noqa: E402


def addresses() -> list[dict]:
    found = []

    def add(kind: str, path: str, weight: int = 1) -> None:
        found.append({"kind": kind, "path": path, "weight": weight})

    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        if url := page.get_url():
            add("page", url)

    cooperatives = list(Cooperative.objects.public().order_by("name"))
    # Revoked and expired marks keep no public page; verification still answers for them.
    with_page = Cooperative.objects.public().in_status(Status.ACTIVE, Status.SUSPENDED)
    sectors = list(Sector.objects.filter(locale__language_code="it").order_by("code")[:6])
    provinces = list(Area.objects.filter(locale__language_code="it", parent=None)[:3])
    words = [c.name.split()[-1] for c in cooperatives[:4]]
    for register in RegisterPage.objects.live().order_by("locale__language_code"):
        base = register.get_url()
        queries = [{}, {"status": "suspended"}, {"status": "any"}, {"sort": "recent"}]
        queries += [{"page": "2"}, {"status": "any", "page": "2"}]
        queries += [{"sector": sector.code} for sector in sectors]
        queries += [{"area": area.code} for area in provinces]
        queries += [{"q": word} for word in words]
        if sectors and provinces:
            queries.append({"sector": sectors[0].code, "area": provinces[0].code, "q": words[0]})
        for query in queries:
            add("register", f"{base}?{urlencode(query)}" if query else base, 2)
        for cooperative in with_page:
            add("cooperative", register.cooperative_url(cooperative))
        verify = register.verification_url()
        for cooperative in cooperatives[:10]:
            add("verification", f"{verify}?{urlencode({'q': cooperative.vat_number})}", 2)
            if cooperative.certificate_number:
                add("verification", f"{verify}?{urlencode({'q': cooperative.certificate_number})}")
        add("verification", f"{verify}?q=00000000000")
        add("verification", f"{verify}?{urlencode({'q': cooperatives[0].vat_number})}&format=json")

    add("api", "/api/v1/cooperatives/", 2)
    add("api", "/api/v1/cooperatives/?status=any&page=2")
    for sector in sectors[:3]:
        add("api", f"/api/v1/cooperatives/?{urlencode({'sector': sector.code})}")
    for cooperative in cooperatives[:10]:
        add("api", f"/api/v1/verify?{urlencode({'q': cooperative.vat_number})}", 2)
        add("api", f"/api/v1/cooperatives/{cooperative.vat_number}")
    add("api", "/api/v1/sectors/")

    for query in ("/it/cerca/?q=pulizie", "/en/search/?q=cleaning", "/it/cerca/?q=bergamo"):
        add("search", query)
    return found


if __name__ == "__main__":
    print(json.dumps(addresses()))
