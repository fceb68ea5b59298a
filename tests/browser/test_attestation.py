"""A buyer downloads a supplier's attestation PDF from its page in the register."""

import re

import pypdf
import pytest
from playwright.sync_api import expect

COOPERATIVE = "cooperativa-carico-giusto"  # active in the demo register
NAME = "Cooperativa Carico Giusto"


@pytest.mark.parametrize(
    ("language", "path", "link", "file_name", "status"),
    [
        (
            "it",
            f"/it/registro/{COOPERATIVE}/",
            "Scarica l'attestato (PDF in italiano)",
            r"attestato-impact-\d{11}-\d{4}-\d{2}-\d{2}\.pdf",
            "Il marchio è valido: questa cooperativa è certificata.",
        ),
        (
            "en",
            f"/en/register/{COOPERATIVE}/",
            "Download the attestation (PDF in English)",
            r"attestation-impact-\d{11}-\d{4}-\d{2}-\d{2}\.pdf",
            "The mark is valid: this cooperative is certified.",
        ),
    ],
)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_buyer_downloads_the_attestation_from_the_cooperative_page(
    new_context, language, path, link, file_name, status, javascript
):
    page = new_context(java_script_enabled=javascript, accept_downloads=True).new_page()
    page.goto(path)
    expect(page.locator("h1")).to_have_text(NAME)
    identifiers = page.get_by_role("complementary").locator(
        "section[aria-labelledby='identifiers-title']"
    )
    vat = identifiers.locator("dd").first.inner_text().strip()
    # The PDF is drawn on request: a busy machine (the suite on two cores) may take seconds.
    with page.expect_download(timeout=30_000) as download_info:
        page.get_by_role("link", name=link).click()
    download = download_info.value
    assert re.fullmatch(file_name, download.suggested_filename)
    assert vat.removeprefix("IT") in download.suggested_filename
    reader = pypdf.PdfReader(download.path())
    assert reader.trailer["/Root"]["/Lang"] == language
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert NAME in text and vat in text
    assert status in text
    verification = "/it/registro/verifica/" if language == "it" else "/en/register/verify/"
    assert f"{verification}?q={vat.removeprefix('IT')}" in text
