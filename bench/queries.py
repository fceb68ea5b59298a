"""The benchmark's addresses, read from its database, and the SQL queries each one costs.

Run by bench/run.py in the server's environment (production settings, the page cache off),
in-process with Django's test client: each address is requested twice and both counts kept,
the first (the caches of shared data empty, renditions still to write) and the next (as every
later visitor gets it). Prints one JSON object: the addresses, the counts and the database."""

import json
import sys

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from news.models import NewsPage  # noqa: E402
from register.models import Cooperative, Status  # noqa: E402


def addresses() -> dict[str, str]:
    cooperatives = Cooperative.objects.public().in_status(Status.ACTIVE).order_by("pk")
    cooperative = cooperatives.filter(slug__startswith="gen-").first() or cooperatives.first()
    news = (
        NewsPage.objects.live().filter(locale__language_code="it").order_by("-date", "pk").first()
    )
    return {
        "home": "/it/",
        "register": "/it/registro/",
        "register sector+area": "/it/registro/?sector=pulizie&area=bg",
        "register q": "/it/registro/?q=servizi",
        "register q+sector+area p3": "/it/registro/?q=servizi&sector=pulizie&area=bg&page=3",
        "cooperative": f"/it/registro/{cooperative.slug}/",
        "verification": f"/it/registro/verifica/?q={cooperative.vat_number}",
        "badge": f"/it/registro/bollino/{cooperative.vat_number}.svg",
        "attestation PDF": f"/it/registro/attestato/{cooperative.vat_number}.pdf",
        "news index": "/it/notizie/",
        "news page": news.url,
        "site search": "/it/cerca/?q=cooperativa",
        "API listing": "/api/v1/cooperatives/",
        "export.csv": "/it/registro/export.csv",
    }


def count(client: Client, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
    return response.status_code, len(queries)


def main() -> None:
    client = Client(HTTP_HOST=sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1")
    found = addresses()
    measured = {}
    for name, path in found.items():
        status, first = count(client, path)
        _status, next_ = count(client, path)
        measured[name] = {"path": path, "status": status, "first": first, "next": next_}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version()")
        else:
            cursor.execute("SELECT 'SQLite ' || sqlite_version()")
        database = cursor.fetchone()[0].split(" on ")[0]
    print(json.dumps({"urls": measured, "database": database}))


main()
