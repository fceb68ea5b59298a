"""The register listing's cost in-process: SQL queries and milliseconds per page.

Renders each listing address with Django's test client (the page cache off), after one
warm-up request, 20 times, and prints the median time and the queries of the last request.
Run it against a generated database, e.g.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/manage.py migrate
    DATABASE_URL=... .venv/bin/python manage.py load_demo_content
    DATABASE_URL=... .venv/bin/python manage.py generate_cooperatives --count 10000 --seed 1
    DATABASE_URL=... PAGE_CACHE=off .venv/bin/python bench/listing.py
"""

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PATHS = {
    "register": "/it/registro/",
    "register sector+area": "/it/registro/?sector=pulizie&area=bg",
    "register q": "/it/registro/?q=servizi",
    "register q+sector+area p3": "/it/registro/?q=servizi&sector=pulizie&area=bg&page=3",
}
RUNS = 20


def main() -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    print("| page | queries | median ms | min ms |")
    print("| --- | --- | --- | --- |")
    for name, path in PATHS.items():
        assert client.get(path).status_code == 200, path
        times = []
        for _run in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - start) * 1000)
        print(f"| {name} | {len(queries)} | {statistics.median(times):.1f} | {min(times):.1f} |")


if __name__ == "__main__":
    main()
