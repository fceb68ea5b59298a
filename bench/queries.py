"""The benchmark's addresses, read from its database, and the SQL queries each one costs.

Run by bench/run.py in the server's environment (production settings, the page cache off),
in-process with Django's test client: each address is requested twice and both counts kept,
the first (the caches of shared data empty, renditions still to write) and the next (as every
later visitor gets it). Prints one JSON object: the addresses, the counts and the database.
The bulk verifications are POSTs of BULK_LIMIT numbers (page and API): their body is printed
with them, for wrk to send."""

import json
import sys
from urllib.parse import urlencode

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from stdnum import luhn  # noqa: E402

from news.models import NewsPage  # noqa: E402
from register.models import Cooperative, Status  # noqa: E402
from register.verification import BULK_LIMIT  # noqa: E402

# The page's form is a POST with a CSRF token: wrk sends this one as cookie and field.
CSRF_TOKEN = "benchbenchbenchbenchbenchbench12"


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
        # Issue 16: ordered by distance from a comune (p95 ≤ 60 ms at 10,000, as "register").
        "register near a comune": "/it/registro/?near=Treviglio&radius=25",
        "cooperative": f"/it/registro/{cooperative.slug}/",
        "verification": f"/it/registro/verifica/?q={cooperative.vat_number}",
        "badge": f"/it/registro/bollino/{cooperative.vat_number}.svg",
        "attestation PDF": f"/it/registro/attestato/{cooperative.vat_number}.pdf",
        "news index": "/it/notizie/",
        "news page": news.url,
        "site search": "/it/cerca/?q=cooperativa",
        "API listing": "/api/v1/cooperatives/",
        "API near a comune": "/api/v1/cooperatives/?near=treviglio",
        "export.csv": "/it/registro/export.csv",
    }


def bulk_list() -> list[str]:
    """BULK_LIMIT numbers as a buyer's list holds them: mostly VAT numbers of the register
    (any status, written in several ways), some certificate numbers, valid VAT numbers that
    are not in it, a few typing errors and a repeat."""
    records = Cooperative.objects.public().order_by("pk")
    vats = list(records.values_list("vat_number", flat=True)[: BULK_LIMIT * 8 // 10])
    certificates = list(
        records.exclude(certificate_number="").values_list("certificate_number", flat=True)[:25]
    )
    numbers = [f"IT {vat}" if index % 3 else vat for index, vat in enumerate(vats)]
    numbers += certificates
    numbers += [
        f"{first_ten}{luhn.calc_check_digit(first_ten)}"
        for first_ten in (f"{serial:07d}016" for serial in range(8_000_000, 8_000_050))
    ]
    numbers += [f"IT0123456{index:03d}" for index in range(20)]  # too short
    numbers += vats[: BULK_LIMIT - len(numbers)]
    return numbers[:BULK_LIMIT]


def posts() -> dict[str, dict]:
    numbers = bulk_list()
    form = urlencode({"csrfmiddlewaretoken": CSRF_TOKEN, "numbers": "\n".join(numbers)})
    return {
        f"bulk verification {len(numbers)}": {
            "path": "/it/registro/verifica-elenco/",
            "method": "POST",
            "body": form,
            "content_type": "application/x-www-form-urlencoded",
            "cookie": f"csrftoken={CSRF_TOKEN}",
        },
        f"API bulk verification {len(numbers)}": {
            "path": "/api/v1/verify/bulk",
            "method": "POST",
            "body": json.dumps(numbers),
            "content_type": "application/json",
        },
    }


def count(client: Client, path: str, post: dict | None = None) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        if post:
            response = client.post(path, post["body"], content_type=post["content_type"])
        else:
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
    for name, post in posts().items():
        status, first = count(client, post["path"], post)
        _status, next_ = count(client, post["path"], post)
        measured[name] = {**post, "status": status, "first": first, "next": next_}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version()")
        else:
            cursor.execute("SELECT 'SQLite ' || sqlite_version()")
        database = cursor.fetchone()[0].split(" on ")[0]
    print(json.dumps({"urls": measured, "database": database}))


main()
