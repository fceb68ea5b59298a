"""The Pact's results: the page, its chart and tables, the open data and the API give the
same numbers as the records, per year and per sector, with no personal or company data."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from quotes.models import Outcome, RequestFigures
from tests.factories import demo_terms

pytestmark = pytest.mark.django_db

COLUMNS = [
    "year",
    "sector",
    "sector_name",
    "requests_approved",
    "cooperatives_reached",
    "interested_answers",
    "orders",
    "conventions",
]


@pytest.fixture
def traces(site):
    demo_terms("pulizie", "logistica", english=True)
    RequestFigures.objects.create(
        year=2026, sectors=["pulizie"], reached=3, interested=2, outcome=Outcome.ORDER
    )
    RequestFigures.objects.create(
        year=2026,
        sectors=["pulizie", "logistica"],
        reached=2,
        interested=1,
        outcome=Outcome.CONVENTION,
    )
    RequestFigures.objects.create(year=2027, sectors=["logistica"], reached=1, interested=0)


def test_the_page_shows_the_totals_per_year_and_sector(client, traces):
    page = client.get("/it/risultati-del-patto/").content.decode()
    assert "I risultati del Patto" in page
    # 2026: 2 requests, 5 cooperatives reached, 3 interested, 1 order, 1 convention.
    assert (
        '<tr><th scope="row">2026</th><td class="text-end">2</td><td class="text-end">5</td>'
        '<td class="text-end">3</td><td class="text-end">1</td><td class="text-end">1</td></tr>'
    ) in page
    assert (
        '<tr><th scope="row">Logistica e magazzino</th><td class="text-end">2</td>'
        '<td class="text-end">3</td><td class="text-end">1</td><td class="text-end">0</td>'
        '<td class="text-end">1</td></tr>'
    ) in page
    assert '<svg viewBox="0 0 640' in page and 'aria-labelledby="results-chart-caption"' in page
    english = client.get("/en/pact-results/").content.decode()
    assert "The Pact's results" in english and "Logistics and warehousing" in english


def test_the_open_data_and_the_api_equal_the_records(client, traces):
    rows = json.loads(client.get("/it/risultati-del-patto/data.json").content)["rows"]
    assert rows[0] == {
        "year": 2026,
        "sector": "all",
        "sector_name": "Tutti i settori",
        "requests_approved": 2,
        "cooperatives_reached": 5,
        "interested_answers": 3,
        "orders": 1,
        "conventions": 1,
    }
    by_key = {(row["year"], row["sector"]): row for row in rows}
    assert by_key[(2026, "pulizie")]["cooperatives_reached"] == 5
    assert by_key[(2026, "logistica")]["requests_approved"] == 1
    assert by_key[(2027, "all")]["requests_approved"] == 1
    response = client.get("/en/pact-results/data.csv")
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(table[0]) == COLUMNS
    assert [row["sector"] for row in table] == ["all", "pulizie", "logistica", "all", "logistica"]
    assert table[1]["sector_name"] == "Cleaning"
    workbook = load_workbook(io.BytesIO(client.get("/en/pact-results/data.xlsx").content))
    sheet = list(workbook.active.values)
    assert list(sheet[0]) == COLUMNS and sheet[1][3] == 2
    api = client.get("/api/v1/pact-results/")
    assert api.status_code == 200
    assert [(r["year"], r["sector"], r["requests_approved"]) for r in api.json()] == [
        (r["year"], r["sector"], r["requests_approved"]) for r in rows
    ]
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/pact-results/" in schema["paths"]


def test_an_empty_record_says_so(client, site):
    page = client.get("/it/risultati-del-patto/").content.decode()
    assert "Non è ancora stata approvata nessuna richiesta di preventivo" in page
    assert json.loads(client.get("/it/risultati-del-patto/data.json").content)["rows"] == []
