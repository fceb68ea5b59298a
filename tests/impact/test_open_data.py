"""The yearly figures as open data: files, API, data dictionary, under the register's licence;
only the public cooperatives' figures."""

import csv
import io
import json

import openpyxl
import pytest

from register.open_data import LICENCE_URL

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(site, make_cooperative, figures):
    alfa = make_cooperative("Alfa Aperta")
    figures(alfa, 2023, employees=30, permanent_employees=20, source="=HYPERLINK(1)")
    figures(alfa, 2024, training_hours=None)
    draft = make_cooperative("Bozza Chiusa", publish=False)
    figures(draft, 2024)
    return alfa


def test_the_csv_has_one_row_per_public_cooperative_and_year(client, published):
    response = client.get("/it/dati-annuali.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert LICENCE_URL in response["Link"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["name"], row["year"]) for row in rows] == [
        ("Alfa Aperta", "2023"),
        ("Alfa Aperta", "2024"),
    ]
    assert rows[0]["employees"] == "30" and rows[0]["value_of_production"] == "1200000.00"
    assert rows[1]["training_hours"] == ""  # not declared: empty, never zero
    assert rows[0]["source"] == "'=HYPERLINK(1)"  # never a formula


def test_the_json_carries_the_licence_and_nulls(client, published):
    body = json.loads(client.get("/en/yearly-figures.json").content)
    assert body["licence"] == LICENCE_URL
    assert body["rows"][1]["training_hours"] is None
    assert body["rows"][0]["vat_number"] == published.vat_number


def test_the_xlsx_has_the_same_rows(client, published):
    response = client.get("/en/yearly-figures.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:3] == ("vat_number", "name", "year")
    assert len(values) == 3 and values[1][3] == 1200000.0


def test_the_api_filters_by_year(client, published):
    rows = client.get("/api/v1/yearly-figures/", {"year": 2024}).json()
    assert [(row["name"], row["year"]) for row in rows] == [("Alfa Aperta", 2024)]
    rows = client.get("/api/v1/yearly-figures/").json()
    assert [row["vat_number"] for row in rows] == [published.vat_number] * 2
    assert client.get("/api/v1/yearly-figures/", {"year": "nope"}).status_code == 400
    assert client.get("/api/v1/yearly-figures/", {"year": 99999999999999999999}).status_code == 400


def test_the_api_is_in_the_openapi_schema(client, published):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/yearly-figures/" in schema["paths"]


def test_the_open_data_page_documents_every_column(client, published):
    html = client.get("/it/registro/dati-aperti/").content.decode()
    assert "Dati annuali delle cooperative" in html
    assert 'href="/it/dati-annuali.csv"' in html
    for name in ("value_of_production", "disabled_workers", "placed_art14", "declared_on"):
        assert f"<code>{name}</code>" in html
    english = client.get("/en/register/open-data/").content.decode()
    assert 'href="/en/yearly-figures.xlsx"' in english
