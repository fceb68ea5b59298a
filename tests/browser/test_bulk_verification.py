"""A procurement office checks its list of suppliers: it pastes the numbers, reads the table,
downloads it and follows a row to the cooperative's page; at a phone's and a desktop's width,
with and without JavaScript, and the answer passes the axe scan."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from . import axe
from .conftest import DESKTOP, PHONE, save_screenshot
from .test_accessibility import ACTIVE_VAT, REVOKED_VAT, SUSPENDED_VAT

LIST = [
    ACTIVE_VAT,
    f"IT {SUSPENDED_VAT[2:7]} {SUSPENDED_VAT[7:]}",
    REVOKED_VAT.lower(),
    "IT12345678901",  # digits 8 to 10 are no tax office
    ACTIVE_VAT[2:],  # the first again, without IT
]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1280"])
def test_a_buyer_checks_a_list_of_suppliers(new_context, request, size, javascript):
    page = new_context(viewport=size, java_script_enabled=javascript).new_page()
    page.goto("/it/registro/verifica/")
    page.get_by_role("link", name="Verifica un intero elenco").click()
    expect(page).to_have_url(re.compile(r"/it/registro/verifica-elenco/$"))
    expect(page.locator("h1")).to_have_text("Verifica un elenco di fornitori")

    page.get_by_label("Partite IVA o numeri di certificato, uno per riga").fill("\n".join(LIST))
    page.get_by_role("button", name="Verifica l'elenco").click()

    rows = page.locator("table.bulk-table tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.nth(0)).to_contain_text("Cooperativa Carico Giusto")
    expect(rows.nth(0).locator(".status-badge")).to_have_text("Attivo")
    expect(rows.nth(1).locator(".status-badge")).to_have_text("Sospeso")
    expect(rows.nth(2).locator(".status-badge")).to_have_text("Revocato")
    expect(rows.nth(3)).to_contain_text("Partita IVA non valida")
    expect(rows.nth(4)).to_contain_text("(come la riga 1)")
    summary = page.locator(".bulk-summary")
    expect(summary.locator("div", has_text="Numeri diversi").locator("dd")).to_have_text("4")
    expect(summary.locator("div", has_text="Attivo").locator("dd")).to_have_text("1")
    # The list is in the form again, to correct and send once more.
    expect(page.get_by_label("Partite IVA o numeri di certificato, uno per riga")).to_have_value(
        "\n".join(LIST)
    )

    save_screenshot(page, f"bulk-verification-{request.node.callspec.id}")
    if javascript:  # axe and the measure run as scripts in the page
        found = axe.violations(page)
        assert not found, axe.report(found, f"bulk verification answer at {size['width']} px")
        # The table scrolls inside its frame; the page itself never sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]

    with page.expect_download() as download:
        page.get_by_role("button", name="Foglio di calcolo (XLSX)").click()
    assert re.fullmatch(
        r"verifica-elenco-\d{4}-\d{2}-\d{2}\.xlsx", download.value.suggested_filename
    )
    with open(download.value.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 6 and values[1][4] == "Cooperativa Carico Giusto"

    rows.nth(0).get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("Cooperativa Carico Giusto")


def test_a_wrong_file_is_told_beside_its_field(new_context, tmp_path):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/en/register/verify-list/")
    picture = tmp_path / "suppliers.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    page.get_by_label("Or a file (CSV or XLSX)").set_input_files(picture)
    page.get_by_role("button", name="Verify the list").click()
    field = page.get_by_label("Or a file (CSV or XLSX)")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_file_error")).to_contain_text("it looks like a PNG image")
    expect(page.get_by_role("alert")).to_contain_text("The list was not checked")
    found = axe.violations(page)
    assert not found, axe.report(found, "bulk verification error")
