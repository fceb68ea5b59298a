import csv
import io
import json

import pytest
from django.utils import translation
from openpyxl import load_workbook
from stdnum import luhn

from register.exports import COLUMNS, column_label
from tests.factories import SUSPENDED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]


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


# A valid fiscal code (the digits of a VAT number) that a number cell would lose the 0 of.
LEADING_ZERO = "0123456016" + luhn.calc_check_digit("0123456016")


def sheet_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_xlsx_and_json_have_the_same_rows_as_csv(client, exported):
    query = "?sector=prova&status=any"
    rows = list(
        csv.DictReader(
            io.StringIO(
                body(client.get("/it/registro/export.csv" + query)).decode().removeprefix("\ufeff")
            )
        )
    )
    sheet = sheet_rows(body(client.get("/it/registro/export.xlsx" + query)))
    # The spreadsheet is for people (its headings and values are tested below): the same
    # columns in the same order, the same cooperatives in the same order.
    with translation.override("it"):
        assert list(sheet[0]) == [column_label(column) for column in COLUMNS]
    vat = COLUMNS.index("vat_number")
    assert [line[vat] for line in sheet[1:]] == [row["vat_number"] for row in rows]
    data = json.loads(body(client.get("/it/registro/export.json" + query)))
    assert data["columns"] == COLUMNS
    assert [item["name"] for item in data["cooperatives"]] == [row["name"] for row in rows]
    assert [list(item) for item in data["cooperatives"]] == [COLUMNS] * len(rows)
    statuses = {item["name"]: item["status"] for item in data["cooperatives"]}
    assert statuses == {
        "Export Due": "active",
        "Export Sospesa": "suspended",
        "Export Uno": "active",
    }
    assert "Export Bozza" not in statuses


@pytest.mark.parametrize(
    ("prefix", "language", "headings", "labels"),
    [
        (
            "/it/registro/",
            "it",
            ["Nome", "Partita IVA", "Codice fiscale", "Numero di certificato", "Stato"],
            {"status": "Sospeso", "legal_form": "Cooperativa sociale di tipo B"},
        ),
        (
            "/en/register/",
            "en",
            ["Name", "VAT number", "Fiscal code", "Certificate number", "Status"],
            {"status": "Suspended", "legal_form": "Social cooperative, type B"},
        ),
    ],
)
def test_the_xlsx_is_a_file_for_people(
    client, make_cooperative, test_terms, prefix, language, headings, labels
):
    make_cooperative(
        "Foglio Per Persone",
        legal_form="sociale-b",
        sectors=[test_terms["sector"], test_terms["other_sector"]],
        areas=[test_terms["north"], test_terms["south"]],
        fiscal_code=LEADING_ZERO,
        workers=12,
        history=SUSPENDED,
    )
    csv_rows = list(
        csv.DictReader(
            io.StringIO(
                body(client.get("/it/registro/export.csv?sector=prova&status=any"))
                .decode()
                .removeprefix("\ufeff")
            )
        )
    )
    workbook = load_workbook(
        io.BytesIO(body(client.get(f"{prefix}export.xlsx?sector=prova&status=any")))
    )
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(COLUMNS)).column_letter}2"
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == headings
    assert all(cell.font.b for cell in sheet[1])
    with translation.override(language):
        assert header == [column_label(column) for column in COLUMNS]
    cells = dict(zip(COLUMNS, sheet[2], strict=True))
    machine = csv_rows[0]
    for column, label in labels.items():
        assert cells[column].value == label
    names = {"it": "Altro settore; Settore di prova", "en": "Altro settore; Test sector"}
    assert cells["sectors"].value == names[language]  # the other sector has no English name
    assert cells["areas"].value == "Zona nord; Zona sud"
    # Dates are real dates, written in the reader's format; identifiers stay text.
    for column in ("first_certified_on", "valid_until", "latest_event_on", "status_as_of"):
        assert cells[column].is_date, column
        assert cells[column].value.date().isoformat() == machine[column]
        assert cells[column].number_format == {"it": "dd/mm/yyyy", "en": "d mmm yyyy"}[language]
    assert (
        cells["vat_number"].data_type == "s" and cells["vat_number"].value == machine["vat_number"]
    )
    assert cells["fiscal_code"].data_type == "s" and cells["fiscal_code"].value == LEADING_ZERO
    assert cells["workers"].value == 12 and cells["members"].value is None
    # Widths follow the contents, within bounds.
    widths = {
        column: sheet.column_dimensions[cells[column].column_letter].width for column in COLUMNS
    }
    assert widths["name"] >= len("Foglio Per Persone") and widths["url"] <= 60
    assert all(
        width >= len(heading) for width, heading in zip(widths.values(), header, strict=True)
    )


def test_text_that_looks_like_a_formula_stays_text_in_the_xlsx(
    client, make_cooperative, test_terms
):
    make_cooperative(
        '=HYPERLINK("http://x.example","Apri")', slug="formula", sectors=[test_terms["sector"]]
    )
    sheet = load_workbook(
        io.BytesIO(body(client.get("/it/registro/export.xlsx?sector=prova")))
    ).active
    cell = dict(zip(COLUMNS, sheet[2], strict=True))["name"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x.example","Apri")'


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
