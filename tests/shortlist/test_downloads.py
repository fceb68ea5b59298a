"""The shortlist as files (shortlist/downloads.py): CSV, XLSX and PDF with the page's columns
in the visitor's language, read back as a buyer's software reads them; whole, never cached,
formulas neutralised."""

import csv
import io
import re

import openpyxl
import pypdf
import pytest

from tests.factories import SUSPENDED

from .conftest import add

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def listed(client, site, make_cooperative):
    """A visitor's shortlist of two, one with a name that looks like a formula."""
    chosen = [
        make_cooperative("Alfa Servizi", comune="Treviglio"),
        make_cooperative("=HYPERLINK(1) Coop", slug="formula-coop", history=SUSPENDED),
    ]
    for cooperative in chosen:
        add(client, cooperative)
    return chosen


def _whole(response) -> bytes:
    assert response.status_code == 200, response.content[:300]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert int(response["Content-Length"]) == len(body)
    assert "no-store" in response["Cache-Control"]
    return body


def test_csv_in_italian(client, listed):
    response = client.get("/it/selezione/selezione.csv")
    assert "selezione-impact-" in response["Content-Disposition"]
    text = _whole(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "Nome",
        "Partita IVA",
        "Stato",
        "Stato dal",
        "Valido fino al",
        "Forma giuridica",
        "Comune",
        "Settori",
        "Pagina nel registro",
    ]
    assert rows[1][0] == "Alfa Servizi"
    assert rows[1][2] == "Attivo"
    assert rows[1][6] == "Treviglio (BG)"
    assert rows[1][8] == "http://testserver/it/registro/alfa-servizi/"
    assert rows[2][0] == "'=HYPERLINK(1) Coop"  # shown as text, never run
    assert rows[2][2] == "Sospeso"


def test_xlsx_in_english(client, listed):
    response = client.get("/en/shortlist/shortlist.xlsx")
    assert "shortlist-impact-" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(_whole(response)))
    sheet = workbook.active
    assert sheet.title == "Shortlist"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("Name", "VAT number", "Status")
    assert values[1][0] == "Alfa Servizi" and values[1][2] == "Active"
    assert values[1][4] is not None and hasattr(values[1][4], "year")  # a date, as a date
    assert values[2][0] == "'=HYPERLINK(1) Coop"
    assert values[2][2] == "Suspended"
    assert values[1][8] == "http://testserver/en/register/alfa-servizi/"


def test_pdf_is_tagged_and_holds_the_table(client, listed):
    response = client.get("/it/selezione/selezione.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(_whole(response)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Selezione dal registro Impact" in text
    assert "Alfa Servizi" in text and "Sospeso" in text and "Treviglio (BG)" in text
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "it"
    assert "/StructTreeRoot" in catalog  # tagged (PDF/UA-1)


def test_the_shared_list_downloads_too(client, listed):
    page = client.get("/it/selezione/").content.decode()
    [shared] = re.findall(r'id="share-url" value="http://testserver([^"]+)"', page)
    from django.test import Client

    text = _whole(Client().get(f"{shared}selezione.csv")).decode("utf-8-sig")
    assert text.count("\r\n") == 3
    assert "Alfa Servizi" in text


def test_an_empty_shortlist_gives_the_headings_and_an_unknown_format_a_404(client, site):
    text = _whole(client.get("/en/shortlist/shortlist.csv")).decode("utf-8-sig")
    assert text.startswith("Name,VAT number,Status")
    assert text.count("\r\n") == 1
    assert client.get("/en/shortlist/shortlist.exe").status_code == 404
