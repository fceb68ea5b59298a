"""The verification of a list (`/it/registro/verifica-elenco/`, `POST /api/v1/verify/bulk`):
a buyer's list pasted or uploaded, answered line by line as the verification of one number
answers, downloadable, never kept; and every kind of bad input a clear message."""

import csv
import html
import io
import os
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook
from stdnum import luhn

from infrastructure import ratelimit
from register.models import Cooperative
from tests.factories import EXPIRED, REVOKED, SUSPENDED, valid_vat

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]

IT_PAGE = "/it/registro/verifica-elenco/"
EN_PAGE = "/en/register/verify-list/"
API = "/api/v1/verify/bulk"
# A VAT number that starts with 0, which a spreadsheet's number cell drops.
LEADING_ZERO = "0123456016" + luhn.calc_check_digit("0123456016")


@pytest.fixture
def suppliers(make_cooperative) -> dict[str, Cooperative]:
    return {
        "active": make_cooperative("Verde Attiva", certificate_number="IMP-TEST-0042"),
        "suspended": make_cooperative("Gialla Sospesa", history=SUSPENDED),
        "revoked": make_cooperative("Rossa Revocata", history=REVOKED),
        "expired": make_cooperative("Grigia Scaduta", history=EXPIRED),
        "zero": make_cooperative("Zero Iniziale", vat_number=LEADING_ZERO),
    }


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()


def table(response) -> list[dict]:
    """The answer's rows as a visitor reads them: outcome, cells' text and the link."""
    page = response.content.decode()
    rows = []
    for outcome, row in re.findall(r'<tr class="bulk-row bulk-row-(\w+)">(.*?)</tr>', page, re.S):
        cells = [text_of(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        link = re.search(r'<a href="([^"]+)"', row)
        rows.append(
            {"outcome": outcome, "cells": cells, "link": html.unescape(link[1]) if link else None}
        )
    return rows


def summary(response) -> dict[str, int]:
    page = response.content.decode()
    block = re.search(r'<dl class="bulk-summary">(.*?)</dl>', page, re.S)[1]
    return {
        text_of(label): int(text_of(count))
        for label, count in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block, re.S)
    }


def upload(client, path: str, name: str, content: bytes, **data):
    return client.post(path, {"file": SimpleUploadedFile(name, content), **data})


def workbook(rows: list[list], title: str = "Fornitori") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def field_error(response, field: str) -> str:
    """The message tied to a field (aria-describedby), or ''."""
    page = response.content.decode()
    control = re.search(rf'<(?:textarea|input)[^>]*name="{field}"[^>]*>', page)
    assert control, f"no field {field}"
    if 'aria-invalid="true"' not in control[0]:
        return ""
    assert f"id_{field}_error" in control[0]
    message = re.search(rf'id="id_{field}_error">(.*?)</div>', page, re.S)
    return text_of(message[1])


# The page ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "title", "other"),
    [
        (IT_PAGE, "Verifica un elenco di fornitori", "/en/register/verify-list/"),
        (EN_PAGE, "Verify a list of suppliers", "/it/registro/verifica-elenco/"),
    ],
)
def test_the_page_in_both_languages(client, path, title, other):
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<h1 class="page-title">{title}</h1>' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'enctype="multipart/form-data"' in page
    assert '<meta name="robots" content="noindex">' in page
    assert f'href="{other}"' in page  # the language switcher
    # The form carries a token: no cache, shared or the browser's, may keep it.
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_wrong_languages_slug_redirects(client):
    assert client.get("/it/registro/verify-list/").url == IT_PAGE
    assert client.get("/en/register/verifica-elenco/").url == EN_PAGE


def test_the_verification_and_the_register_pages_link_to_it(client):
    for path, target in (
        ("/it/registro/verifica/", IT_PAGE),
        ("/it/registro/", IT_PAGE),
        ("/en/register/verify/?q=IT00000000000", EN_PAGE),
        ("/en/register/", EN_PAGE),
    ):
        assert f'href="{target}"' in client.get(path).content.decode(), path


def test_other_methods_are_refused(client):
    assert client.put(EN_PAGE).status_code == 405


# Pasted numbers ----------------------------------------------------------------------------


def test_a_pasted_list_is_answered_line_by_line(client, suppliers):
    vat = suppliers["active"].vat_number
    unknown = valid_vat()
    typo = vat[:10] + str((int(vat[10]) + 1) % 10)
    pasted = "\n".join(
        [
            f"  IT {vat[:5]}.{vat[5:]} ",
            "imp test 0042",
            suppliers["suspended"].vat_display,
            suppliers["revoked"].vat_number,
            "",
            suppliers["expired"].vat_number,
            unknown,
            typo,
            "12345",
            vat,  # again, another way
        ]
    )
    response = client.post(EN_PAGE, {"numbers": pasted})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = table(response)
    assert [row["outcome"] for row in rows] == [
        "found",
        "found",
        "found",
        "found",
        "found",
        "not_found",
        "invalid_vat",
        "invalid_vat",
        "found",
    ]
    first = rows[0]["cells"]
    assert first[:5] == ["1", f"IT {vat[:5]}.{vat[5:]}", f"IT{vat}", "Verde Attiva", "Active"]
    assert rows[0]["link"] == "/en/register/verde-attiva/"  # its page: the mark is active
    assert rows[1]["cells"][2] == "IMP-TEST-0042" and rows[1]["cells"][3] == "Verde Attiva"
    assert rows[2]["cells"][4] == "Suspended"
    assert "It does not apply while the mark is suspended." in rows[2]["cells"][5]
    assert rows[2]["link"] == "/en/register/gialla-sospesa/"  # a suspended mark keeps its page
    assert rows[3]["cells"][4] == "Revoked"
    # A revoked or expired mark has no page: the link is its verification answer.
    assert rows[3]["link"] == f"/en/register/verify/?q=IT{suppliers['revoked'].vat_number}"
    assert rows[4]["cells"][4] == "Expired"
    assert rows[5]["cells"][4] == "Not in the register"
    assert rows[5]["link"] == f"/en/register/verify/?q=IT{unknown}"
    assert "check digit of VAT number" in rows[6]["cells"][3] and rows[6]["link"] is None
    assert rows[7]["cells"][3] == (
        "Not a valid VAT number. A VAT number has 11 digits; this one has 5."
    )
    assert rows[8]["cells"][1] == f"{vat} (as line 1)"
    assert summary(response) == {
        "Different numbers": 8,
        "In the register": 5,
        "Active": 2,  # the same cooperative by VAT and by certificate number: two numbers
        "Suspended": 1,
        "Revoked, withdrawn or expired": 2,
        "Not in the register": 1,
        "Not valid numbers": 2,
    }
    page = response.content.decode()
    assert "Read from the text you pasted: 9 lines." in page
    assert "1 line repeats a number of an earlier line" in page
    assert re.search(r"<textarea[^>]*>\s*IT \d{5}\.", page)  # the list, to correct and resend


def test_the_italian_answer_speaks_italian(client, suppliers):
    numbers = f"{suppliers['active'].vat_number}\n{suppliers['suspended'].vat_number}\n0123"
    response = client.post(IT_PAGE, {"numbers": numbers})
    rows = table(response)
    assert rows[0]["cells"][4] == "Attivo" and rows[1]["cells"][4] == "Sospeso"
    assert rows[0]["link"] == "/it/registro/verde-attiva/"
    assert "Una partita IVA ha 11 cifre; questa ne ha 4." in rows[2]["cells"][3]
    assert "Letti dal testo incollato: 3 righe." in response.content.decode()


def test_the_same_status_rule_and_outcomes_as_the_verification_of_one(client, suppliers):
    queries = [
        *(cooperative.vat_number for cooperative in suppliers.values()),
        "IMP-TEST-0042",
        valid_vat(),
        "IT 0123",
        "x" * 50,
        "<script>alert(1)</script>",
    ]
    bulk = client.post(API, queries, content_type="application/json")
    assert bulk.status_code == 200
    single = [client.get("/api/v1/verify", {"q": query}).json() for query in queries]
    assert bulk.json() == single
    response = client.post(EN_PAGE, {"numbers": "\n".join(queries)})
    assert "<script>alert(1)</script>" not in response.content.decode()
    outcomes = [row["outcome"] for row in table(response)]
    assert outcomes == [answer["outcome"] for answer in single]


def test_every_number_is_looked_up_once_in_one_query(client, suppliers):
    vats = [cooperative.vat_number for cooperative in suppliers.values()]
    client.post(EN_PAGE, {"numbers": "x"})  # the page's own queries, cached from here on
    with CaptureQueriesContext(connection) as queries:
        client.post(EN_PAGE, {"numbers": "\n".join(vats * 3 + ["IMP-TEST-0042"])})
    lookups = [query["sql"] for query in queries if "register_cooperative" in query["sql"]]
    assert len(lookups) == 1, lookups
    assert all(vat in lookups[0] for vat in vats) and "IMP-TEST-0042" in lookups[0]


def test_500_numbers_cost_the_same_few_queries_as_one(
    client, suppliers, django_assert_max_num_queries
):
    numbers = [valid_vat() for _ in range(480)] + [f"IMP-X-{n}" for n in range(15)]
    numbers += [cooperative.vat_number for cooperative in suppliers.values()]
    assert len(numbers) == 500
    client.post(EN_PAGE, {"numbers": "x"})
    with CaptureQueriesContext(connection) as one:
        client.post(EN_PAGE, {"numbers": suppliers["active"].vat_number})
    with django_assert_max_num_queries(len(one)):
        response = client.post(EN_PAGE, {"numbers": "\n".join(numbers)})
    assert len(table(response)) == 500
    with django_assert_max_num_queries(4):
        assert len(client.post(API, numbers, content_type="application/json").json()) == 500


# Files -------------------------------------------------------------------------------------


def test_a_csv_file_with_a_partita_iva_column(client, suppliers):
    content = (
        "\ufeffRagione sociale;Partita IVA;Note\r\n"
        f"Verde Attiva;{suppliers['active'].vat_number};ok\r\n"
        f'"Gialla; Sospesa";IT {suppliers["suspended"].vat_number};\r\n'
        ";;\r\n"
    ).encode()
    response = upload(client, EN_PAGE, "fornitori.csv", content)
    assert [row["cells"][3] for row in table(response)] == ["Verde Attiva", "Gialla Sospesa"]
    assert "Read the column “Partita IVA” (column B) of fornitori.csv: 2 numbers." in html.unescape(
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("encoding", "delimiter", "heading"),
    [
        ("utf-8-sig", ",", "VAT number"),
        ("utf-8", ";", "P. IVA"),
        ("cp1252", ";", "N° certificato"),
        ("latin-1", ",", "Numero certificato Impact"),
        ("utf-16", "\t", "Partita IVA"),
    ],
)
def test_csv_files_in_any_encoding_and_delimiter(client, suppliers, encoding, delimiter, heading):
    number = "IMP-TEST-0042" if "ertificato" in heading else suppliers["active"].vat_number
    lines = [
        ["Società", heading, "Città"],
        ["Verde Attiva", number, "Bergamo"],
        ["Altra Società", valid_vat(), "Treviglio"],
    ]
    text = "\r\n".join(delimiter.join(line) for line in lines) + "\r\n"
    response = upload(client, EN_PAGE, "lista.csv", text.encode(encoding))
    assert response.status_code == 200
    rows = table(response)
    assert [row["outcome"] for row in rows] == ["found", "not_found"]
    assert rows[0]["cells"][3] == "Verde Attiva"
    assert f"Read the column “{heading}” (column B)" in html.unescape(response.content.decode())


def test_without_a_known_heading_the_first_column_of_numbers_is_read(client, suppliers):
    content = (
        "Fornitore,Codice,Indirizzo\r\n"
        f"Verde,{suppliers['active'].vat_number},Via Roma 1\r\n"
        f"Gialla,{suppliers['suspended'].vat_number},Via Milano 22\r\n"
    ).encode()
    response = upload(client, EN_PAGE, "elenco.csv", content)
    assert [row["cells"][3] for row in table(response)] == ["Verde Attiva", "Gialla Sospesa"]
    assert "read column B, the first that holds numbers (2 numbers)" in html.unescape(
        response.content.decode()
    )
    # No heading row at all: the first line is a number too.
    headless = f"{suppliers['active'].vat_number}\n{suppliers['revoked'].vat_number}\n".encode()
    rows = table(upload(client, EN_PAGE, "numeri.csv", headless))
    assert [row["cells"][4] for row in rows] == ["Active", "Revoked"]


def test_an_xlsx_file_with_numbers_stored_as_numbers_and_a_formula(client, suppliers):
    content = workbook(
        [
            ["Nome", "Comune", "VAT number"],
            ["Zero Iniziale", "Bergamo", int(LEADING_ZERO)],  # the 0 a number cell drops
            ["Verde", "Bergamo", suppliers["active"].vat_number],
            ["Furbo", "Bergamo", '=HYPERLINK("http://x.it","IT1")'],
            [None, None, None],
            ["Sospesa", "Clusone", f"IT{suppliers['suspended'].vat_number}"],
        ]
    )
    response = upload(client, EN_PAGE, "Fornitori 2026.xlsx", content)
    rows = table(response)
    assert [row["outcome"] for row in rows] == [
        "found",
        "found",
        "invalid_certificate",
        "found",
    ]
    assert rows[0]["cells"][1:4] == [LEADING_ZERO, f"IT{LEADING_ZERO}", "Zero Iniziale"]
    # The formula is read as the text it is, never evaluated.
    assert rows[2]["cells"][1].startswith("=HYPERLINK(")
    page = html.unescape(response.content.decode())
    assert (
        "Read the column “VAT number” (column C) of the sheet “Fornitori” of Fornitori 2026.xlsx: "
        "4 numbers." in page
    )
    assert "1 number the spreadsheet stored as a number had lost its leading zeros" in page


def test_the_registers_own_export_can_be_checked_again(client, suppliers):
    exported = body(client.get("/it/registro/export.xlsx?status=any"))
    rows = table(upload(client, IT_PAGE, "registro.xlsx", exported))
    assert {row["cells"][3] for row in rows} == {"Verde Attiva", "Gialla Sospesa", "Zero Iniziale"}
    exported = body(client.get("/en/register/export.csv?status=any"))
    assert len(table(upload(client, EN_PAGE, "register.csv", exported))) == 3


# Downloads ---------------------------------------------------------------------------------


@pytest.fixture
def answered(client, suppliers):
    """A list with a formula, a duplicate and a suspended supplier, answered on the page."""
    numbers = "\n".join(
        [
            suppliers["active"].vat_number,
            "=1+1",
            "@SUM(A1)",
            suppliers["suspended"].vat_number,
            suppliers["active"].vat_number,
        ]
    )
    response = client.post(EN_PAGE, {"numbers": numbers})
    carried = re.search(
        r'<input type="hidden" name="numbers" value="([^"]*)"', response.content.decode()
    )
    return html.unescape(carried[1])


def test_the_download_buttons_carry_the_list(client, answered, suppliers):
    assert answered.splitlines()[0] == suppliers["active"].vat_number
    assert len(answered.splitlines()) == 5


def test_the_csv_download_is_the_table(client, answered, suppliers):
    response = client.post(EN_PAGE, {"numbers": answered, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="verify-list-\d{4}-\d{2}-\d{2}\.csv"',
        response["Content-Disposition"],
    )
    assert "no-store" in response["Cache-Control"]
    content = body(response)
    assert int(response["Content-Length"]) == len(content)  # written whole, then sent
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row["Line"] for row in rows] == ["1", "2", "3", "4", "5"]
    assert rows[0]["Cooperative"] == "Verde Attiva" and rows[0]["Status"] == "Active"
    assert rows[0]["Address in the register"] == "http://testserver/en/register/verde-attiva/"
    assert rows[0]["VAT number or certificate number"] == suppliers["active"].vat_display
    # Formulas neutralised: a spreadsheet shows them as text.
    assert rows[1]["As given"] == "'=1+1" and rows[2]["As given"] == "'@SUM(A1)"
    assert not any(value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())
    assert rows[3]["Status"] == "Suspended"
    assert "It does not apply while the mark is suspended." in rows[3]["Note"]
    assert rows[4]["Note"] == "The same number as line 1."


def test_the_xlsx_download_is_the_table_in_the_pages_language(client, answered):
    response = client.post(IT_PAGE, {"numbers": answered, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "verifica-elenco-" in response["Content-Disposition"]
    content = body(response)
    assert int(response["Content-Length"]) == len(content)
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Riga", "Come indicato", "Partita IVA o numero di certificato", "Esito")
    assert rows[1][4] == "Verde Attiva" and rows[1][5] == "Attivo"
    assert rows[1][6].year >= 2026  # a real date
    assert sheet.freeze_panes == "A2"
    formulas = [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == []
    assert rows[2][1] == "'=1+1" and rows[3][1] == "'@SUM(A1)"


# Bad input ---------------------------------------------------------------------------------


@pytest.fixture
def nothing_kept(settings, tmp_path):
    """Uploads spooled by Django (above FILE_UPLOAD_MAX_MEMORY_SIZE) go to a folder of the
    test's own, media to another; both must be as empty after each answer as before, and
    every spooled file the test saw made must be gone."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    for folder in (settings.FILE_UPLOAD_TEMP_DIR, settings.MEDIA_ROOT):
        os.makedirs(folder)
    spooled = []
    original = TemporaryUploadedFile.__init__

    def recording(self, *args, **kwargs):
        original(self, *args, **kwargs)
        spooled.append(Path(self.temporary_file_path()))

    TemporaryUploadedFile.__init__ = recording
    counts = {model: model.objects.count() for model in (Cooperative,)}

    def check() -> list[Path]:
        for folder in (settings.FILE_UPLOAD_TEMP_DIR, settings.MEDIA_ROOT):
            assert list(Path(folder).rglob("*")) == [], folder
        assert not [path for path in spooled if path.exists()]
        assert {model: model.objects.count() for model in counts} == counts
        return spooled

    yield check
    TemporaryUploadedFile.__init__ = original


def test_an_upload_is_not_kept(client, suppliers, nothing_kept):
    small = f"partita iva\n{suppliers['active'].vat_number}\n".encode()
    assert len(table(upload(client, EN_PAGE, "small.csv", small))) == 1
    nothing_kept()
    # 3 MB: more than Django keeps in memory, so it spools it to a file (refused by size).
    big = small + b"x" * (3 * 1024 * 1024)
    response = upload(client, EN_PAGE, "big.csv", big)
    assert "at most 2.0 MB can be read" in field_error(response, "file")
    assert len(nothing_kept()) == 1  # it was spooled, and the spooled file is gone


def test_a_10_mb_upload_is_refused_by_its_size(client, nothing_kept):
    response = upload(client, EN_PAGE, "huge.xlsx", b"PK\x03\x04" + os.urandom(10 * 1024 * 1024))
    assert response.status_code == 200
    assert field_error(response, "file") == (
        "The file is 10.0 MB; at most 2.0 MB can be read. Keep only the column of numbers, or "
        "paste them."
    )
    assert table(response) == []
    nothing_kept()


@pytest.mark.parametrize("csrf_checked", [False, True])
def test_10_mb_of_pasted_text_gets_the_form_back_with_the_limit(csrf_checked, nothing_kept):
    """More than DATA_UPLOAD_MAX_MEMORY_SIZE: Django refuses to read it (in the CSRF check,
    or in the view); the visitor gets the form and the limit beside the field, not a 400."""
    client = Client(enforce_csrf_checks=csrf_checked)
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(IT_PAGE).content.decode()
    )[1]
    response = client.post(
        IT_PAGE, {"csrfmiddlewaretoken": token, "numbers": "01234567897\n" * 900_000}
    )
    assert response.status_code == 413
    assert "no-store" in response["Cache-Control"]
    assert "Il modulo non accetta tanto (al massimo 2,5 MB)" in field_error(response, "numbers")
    assert "<h1" in response.content.decode() and table(response) == []
    # A file and a large text together: the spooled file is removed too.
    response = client.post(
        EN_PAGE,
        {
            "csrfmiddlewaretoken": token,
            "file": SimpleUploadedFile("a.csv", b"1" * (3 * 1024 * 1024)),
            "numbers": "x" * (3 * 1024 * 1024),
        },
    )
    assert response.status_code == 413
    nothing_kept()


def test_an_empty_list(client):
    response = client.post(EN_PAGE, {"numbers": " \n\n \t\n"})
    assert response.status_code == 200
    assert field_error(response, "numbers") == (
        "Paste at least one VAT or certificate number, or choose a file."
    )
    assert "The list was not checked: please correct what is marked below." in (
        response.content.decode()
    )
    assert field_error(client.post(EN_PAGE, {}), "numbers")


@pytest.mark.parametrize(("count", "shown"), [(501, "501"), (10_000, "10,000")])
def test_more_than_500_lines(client, count, shown):
    numbers = "\n".join(f"IT{n:011d}" for n in range(count))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(EN_PAGE, {"numbers": numbers})
    assert not [query for query in queries if "register_cooperative" in query["sql"]]
    assert field_error(response, "numbers") == (
        f"The list has {shown} numbers; at most 500 can be checked at once. Split it and check "
        "each part."
    )
    assert table(response) == []
    italian = client.post(IT_PAGE, {"numbers": numbers})
    assert "al massimo 500" in field_error(italian, "numbers")
    csv_file = ("partita iva\n" + numbers).encode()
    assert f"has {shown} numbers" in field_error(upload(client, EN_PAGE, "l.csv", csv_file), "file")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.csv", b"\x89PNG\r\n\x1a\n" + os.urandom(2000), "it looks like a PNG image"),
        ("foto.csv", b"\xff\xd8\xff\xe0" + os.urandom(2000), "it looks like a JPEG image"),
        ("dati.csv", b"abc\x00\x01\x02" + os.urandom(2000), "This is a binary file"),
        ("vecchio.xls", b"\xd0\xcf\x11\xe0" + os.urandom(2000), "This format is not supported"),
        ("lista.csv", b"\xd0\xcf\x11\xe0" + os.urandom(2000), "an old Excel .xls"),
        ("lista.xlsx", b"partita iva\n01234567897\n", "This is not an Excel .xlsx file."),
        ("lista.xlsx", b"%PDF-1.7 ...", "it looks like a PDF document"),
        ("rotto.xlsx", b"PK\x03\x04" + os.urandom(3000), "cannot be opened as an Excel .xlsx"),
        ("foglio.ods", b"PK\x03\x04" + b"x" * 100, "cannot be opened as an Excel .xlsx"),
        ("vuoto.csv", b"", "The file is empty."),
        ("spazi.csv", b" \r\n \r\n", "The file is empty."),
        ("titolo.csv", b"Partita IVA;Nome\r\n;Rossi\r\n", "The column “Partita IVA” of this file"),
        (
            "nomi.csv",
            "nome,città\r\nRossi,Bergamo\r\nBianchi,Clusone\r\n".encode(),
            "No column of this file holds VAT or certificate numbers.",
        ),
    ],
)
def test_files_that_are_not_a_list_of_numbers(client, nothing_kept, name, content, message):
    response = upload(client, EN_PAGE, name, content)
    assert response.status_code == 200
    assert message in field_error(response, "file")
    assert field_error(response, "numbers") == ""
    assert table(response) == []
    nothing_kept()


def test_wrong_columns_are_named_in_the_message(client):
    content = "Ragione sociale;Indirizzo\r\nRossi;Via Roma 1\r\n".encode("cp1252")
    message = field_error(upload(client, EN_PAGE, "x.csv", content), "file")
    assert "The first row reads: “Ragione sociale”, “Indirizzo”." in message


def test_a_zip_bomb_is_refused_before_it_is_unpacked(client):
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (40 * 1024 * 1024))
    message = field_error(upload(client, EN_PAGE, "bomb.xlsx", buffer.getvalue()), "file")
    assert "once unpacked; at most 32.0 MB can be read" in message


def test_pasted_numbers_and_a_file_together(client):
    response = upload(client, EN_PAGE, "a.csv", b"01234567897\n", numbers="01234567897")
    assert "clear the numbers to read the file" in field_error(response, "file")


def test_a_stale_security_token_keeps_what_was_pasted(suppliers):
    client = Client(enforce_csrf_checks=True)
    response = client.post(EN_PAGE, {"numbers": f"{suppliers['active'].vat_number}\n<b>x</b>"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "for your safety the site refused it" in page
    assert f"{suppliers['active'].vat_number}\n&lt;b&gt;x&lt;/b&gt;</textarea>" in page
    assert 'name="csrfmiddlewaretoken"' in page and "no-store" in response["Cache-Control"]
    # The register's other addresses keep the site's page for a refused form.
    other = client.post("/en/register/verify/", {"q": "x"})
    assert other.status_code == 403 and "<textarea" not in other.content.decode()


# The API -----------------------------------------------------------------------------------


def test_the_api_answers_a_list_in_its_order(suppliers):
    client = Client(enforce_csrf_checks=True)  # no token: the API is not a form
    vat = suppliers["active"].vat_number
    response = client.post(
        f"{API}?lang=en", [vat, "IMP-TEST-0042", "0123", vat], content_type="application/json"
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    answers = response.json()
    assert [answer["outcome"] for answer in answers] == [
        "found",
        "found",
        "invalid_vat",
        "found",
    ]
    assert answers[0]["cooperative"]["url"] == "http://testserver/en/register/verde-attiva/"
    assert answers[0]["cooperative"]["status_label"] == "Active"
    assert answers[2]["message"] == "A VAT number has 11 digits; this one has 4."
    assert answers[0] == answers[3]


@pytest.mark.parametrize(
    ("payload", "parameter", "message"),
    [
        (["01234567897"] * 501, "body", "The list has 501 numbers; at most 500 can be checked"),
        ([], "body", "Send at least one VAT or certificate number."),
        ({"numbers": ["01234567897"]}, "body", "list"),
        (["ok", 5], "body.1", "string"),
        (["x" * 201], "body.0", "200"),
    ],
)
def test_the_api_refuses_a_list_it_cannot_answer(client, payload, parameter, message):
    response = client.post(f"{API}?lang=en", payload, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["parameter"] == parameter and message in error["message"]


@pytest.mark.parametrize("content", ["[", "01234567897", "", "\x00", '["a"'])
def test_the_api_refuses_a_body_that_is_not_json(client, content):
    response = client.post(f"{API}?lang=en", content, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_the_api_says_so_in_italian(client):
    response = client.post(API, "[", content_type="application/json")
    assert response.json()["detail"] == (
        "Il corpo della richiesta non è JSON: invia un elenco JSON di stringhe."
    )


def test_the_api_refuses_a_body_over_the_limit_in_json(client):
    response = client.post(
        API, '["x", "' + "1" * (3 * 1024 * 1024) + '"]', content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["detail"]


def test_the_operation_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/verify/bulk"]["post"]
    request = operation["requestBody"]["content"]["application/json"]["schema"]
    assert request["type"] == "array" and request["maxItems"] == 500 and request["minItems"] == 1
    assert request["items"] == {"maxLength": 200, "type": "string"}
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer["type"] == "array"
    assert answer["items"]["$ref"].endswith("/Verification")
    assert {"400", "429"} <= set(operation["responses"])


# Limits, caches, robots --------------------------------------------------------------------


@pytest.fixture
def limits(settings, monkeypatch):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_STORAGE = "database"
    settings.RATELIMITS = {"bulk-verification": (2, 3600), "api": (2, 60), "forms": (1, 600)}
    monkeypatch.setattr(ratelimit, "now", lambda: 1_800_000_000.0)


def test_the_pages_post_is_rate_limited_and_the_form_is_not(client, limits):
    # Its own rule, not the site's "forms" one (1 POST here): two lists pass, the third not.
    for _ in range(4):
        assert client.get(EN_PAGE, REMOTE_ADDR="192.0.2.90").status_code == 200
    statuses = [
        client.post(EN_PAGE, {"numbers": "x"}, REMOTE_ADDR="192.0.2.90").status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    limited = client.post(IT_PAGE, {"numbers": "x", "format": "csv"}, REMOTE_ADDR="192.0.2.90")
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert client.post(EN_PAGE, {"numbers": "x"}, REMOTE_ADDR="192.0.2.91").status_code == 200


def test_the_api_operation_is_rate_limited(client, limits):
    statuses = [
        client.post(API, ["x"], content_type="application/json", REMOTE_ADDR="192.0.2.92")
        for _ in range(3)
    ]
    assert [response.status_code for response in statuses] == [200, 200, 429]
    assert statuses[-1].json()["detail"]


def test_the_page_cache_never_keeps_the_form_or_an_answer(client, suppliers, page_cache):
    client.get("/en/")  # the first request makes the content token
    client.get("/en/")
    assert client.get("/en/")["X-Wagtail-Cache"] == "hit"  # the cache is on
    tokens = set()
    for _ in range(2):
        fresh = Client()
        response = fresh.get(EN_PAGE)
        assert response["X-Wagtail-Cache"] == "skip"
        tokens.add(
            re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]
        )
        answered = fresh.post(EN_PAGE, {"numbers": suppliers["active"].vat_number})
        assert answered.get("X-Wagtail-Cache") != "hit" and "no-store" in answered["Cache-Control"]
    assert len(tokens) == 2


def test_robots_txt_disallows_the_page(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert f"Disallow: {IT_PAGE}" in lines and f"Disallow: {EN_PAGE}" in lines


def test_an_unknown_format_gets_the_page(client, suppliers):
    response = client.post(EN_PAGE, {"numbers": suppliers["active"].vat_number, "format": "pdf"})
    assert response.status_code == 200 and len(table(response)) == 1
