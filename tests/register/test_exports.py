import csv
import io
import json

import pytest
from openpyxl import load_workbook

from register.exports import COLUMNS
from tests.conftest import SUSPENDED

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def exported(make_cooperative, test_terms):
    make_cooperative("Export Uno", sectors=[test_terms["sector"]], areas=[test_terms["north"]])
    make_cooperative("Export Due", sectors=[test_terms["sector"]], areas=[test_terms["south"]])
    make_cooperative("Export Sospesa", sectors=[test_terms["sector"]], history=SUSPENDED)
    make_cooperative("Export Bozza", sectors=[test_terms["sector"]], publish=False)


def listing_names(client, query: str) -> list[str]:
    import re

    html = client.get("/it/registro/" + query).content.decode()
    return re.findall(r'<h3 class="it-card-title[^"]*"><a href="[^"]+">([^<]+)</a>', html)


@pytest.mark.parametrize(
    "query", ["?sector=prova", "?sector=prova&area=zz-nord", "?sector=prova&status=any"]
)
def test_csv_matches_the_listing(client, exported, query):
    response = client.get("/it/registro/export.csv" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row["name"] for row in rows] == listing_names(client, query)
    assert list(rows[0]) == COLUMNS


def test_xlsx_and_json_have_the_same_rows_as_csv(client, exported):
    query = "?sector=prova&status=any"
    rows = list(
        csv.DictReader(
            io.StringIO(
                body(client.get("/it/registro/export.csv" + query)).decode().removeprefix("\ufeff")
            )
        )
    )
    workbook = load_workbook(io.BytesIO(body(client.get("/it/registro/export.xlsx" + query))))
    sheet = list(workbook.active.iter_rows(values_only=True))
    assert list(sheet[0]) == COLUMNS
    as_text = [[("" if value is None else str(value)) for value in line] for line in sheet[1:]]
    assert as_text == [[row[column] for column in COLUMNS] for row in rows]
    data = json.loads(body(client.get("/it/registro/export.json" + query)))
    assert data["columns"] == COLUMNS
    assert [item["name"] for item in data["cooperatives"]] == [row["name"] for row in rows]
    statuses = {item["name"]: item["status"] for item in data["cooperatives"]}
    assert statuses == {
        "Export Due": "active",
        "Export Sospesa": "suspended",
        "Export Uno": "active",
    }
    assert "Export Bozza" not in statuses


def test_listing_links_to_exports_with_its_filters(client, exported):
    html = client.get("/it/registro/?sector=prova&page=1").content.decode()
    assert 'href="/it/registro/export.csv?sector=prova"' in html


def test_export_queries_do_not_grow_with_rows(
    client, make_cooperative, test_terms, django_assert_max_num_queries
):
    for number in range(3):
        make_cooperative(f"Poca {number}", sectors=[test_terms["other_sector"]])
    with django_assert_max_num_queries(50) as few:
        body(client.get("/it/registro/export.csv?sector=prova-2"))
    for number in range(30):
        make_cooperative(f"Tanta {number}", sectors=[test_terms["other_sector"]])
    with django_assert_max_num_queries(len(few.captured_queries)):
        body(client.get("/it/registro/export.csv?sector=prova-2"))


def test_english_export_links_to_english_pages(client, exported):
    data = json.loads(body(client.get("/en/register/export.json?sector=prova")))
    assert data["cooperatives"][0]["url"].startswith("http://testserver/en/register/")
    assert client.get("/en/register/export.pdf").status_code == 404
