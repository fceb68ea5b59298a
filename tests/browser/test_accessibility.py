"""Every page type, in both languages, at a phone and a desktop width: no WCAG 2.1 A/AA violation.

Each page is also saved as a screenshot in artifacts/screenshots/ (not committed), so anyone can
look at what visitors see.
"""

import re

import pytest
from playwright.sync_api import expect

from alerts.models import Subscription
from alerts.tokens import CONFIRM, MANAGE, make_token
from quotes import tokens as quote_tokens
from quotes.models import QuoteRequest, Recipient

from . import axe
from .conftest import DESKTOP, PHONE, save_screenshot
from .people import ADMIN, ADMIN_PASSWORD
from .prepare_site import (
    ALERT_KEY,
    QUOTE_KEY,
    QUOTE_RECIPIENT_KEY,
    QUOTE_WAITING_KEY,
    WAITING_KEY,
    WAITING_REQUEST,
)
from .test_editing import log_in

ACTIVE_VAT = "IT39043130168"  # Cooperativa Carico Giusto, active in the demo register
SUSPENDED_VAT = "IT39042220168"  # Cooperativa Spazi Lindi, suspended, with its reason
REVOKED_VAT = "IT39043260163"  # Cooperativa Interporto Orobico, revoked
WITHDRAWN_VAT = "IT39045340161"  # Cooperativa Sociale Aquilone Blu, withdrawn at its request
# More query fields than Django reads: the site's 400 page.
TOO_MANY_FIELDS = "&".join(f"f{number}=1" for number in range(1100))
NARROWEST = {"width": 320, "height": 640}  # WCAG 1.4.10: content reflows at 320 CSS pixels
# Links to the alert subscriptions that prepare_site makes.
MANAGE_TOKEN = make_token(Subscription(key=ALERT_KEY), MANAGE)
CONFIRM_TOKEN = make_token(Subscription(key=WAITING_KEY), CONFIRM, WAITING_REQUEST)
# Links to the requests for quotes that prepare_site makes.
QUOTE_BUYER = quote_tokens.make_token(QuoteRequest(key=QUOTE_KEY), quote_tokens.BUYER)
QUOTE_ANSWER = quote_tokens.make_token(Recipient(key=QUOTE_RECIPIENT_KEY), quote_tokens.ANSWER)
QUOTE_CONFIRM = quote_tokens.make_token(QuoteRequest(key=QUOTE_WAITING_KEY), quote_tokens.CONFIRM)

# (page type, Italian address, English address, status, an element the page type must show)
PAGES = [
    ("home", "/it/", "/en/", 200, ".home-register"),
    ("editorial", "/it/marchio-impact/", "/en/impact-mark/", 200, ".checklist"),
    ("accessibility-statement", "/it/accessibilita/", "/en/accessibility/", 200, ".streamfield"),
    ("register", "/it/registro/", "/en/register/", 200, ".register-figures table"),
    (
        "register-filtered",
        "/it/registro/?sector=pulizie&area=bg",
        "/en/register/?sector=pulizie&area=bg",
        200,
        ".cooperative-card",
    ),
    (
        "cooperative",
        "/it/registro/cooperativa-carico-giusto/",
        "/en/register/cooperativa-carico-giusto/",
        200,
        ".status-panel-active",
    ),
    (
        "verification",
        f"/it/registro/verifica/?q={ACTIVE_VAT}",
        f"/en/register/verify/?q={ACTIVE_VAT}",
        200,
        ".verification-result.status-panel-active",
    ),
    (
        "verification-error",
        "/it/registro/verifica/?q=IT12345678901",
        "/en/register/verify/?q=IT12345678901",
        200,
        "#verify-q[aria-describedby='verify-error']",
    ),
    (
        "cooperative-suspended",
        "/it/registro/cooperativa-spazi-lindi/",
        "/en/register/cooperativa-spazi-lindi/",
        200,
        ".status-panel-suspended .status-validity",
    ),
    (
        "verification-suspended",
        f"/it/registro/verifica/?q={SUSPENDED_VAT}",
        f"/en/register/verify/?q={SUSPENDED_VAT}",
        200,
        ".verification-result.status-panel-suspended .status-note",
    ),
    (
        "verification-revoked",
        f"/it/registro/verifica/?q={REVOKED_VAT}",
        f"/en/register/verify/?q={REVOKED_VAT}",
        200,
        ".verification-result.status-panel-revoked .status-meaning",
    ),
    (
        "verification-withdrawn",
        f"/it/registro/verifica/?q={WITHDRAWN_VAT}",
        f"/en/register/verify/?q={WITHDRAWN_VAT}",
        200,
        ".verification-result.status-panel-withdrawn .status-badge.status-withdrawn",
    ),
    (
        "register-results",
        "/it/registro/?sector=pulizie#results",
        "/en/register/?sector=pulizie#results",
        200,
        ".results-jump",
    ),
    ("news-results", "/it/notizie/#news-results", "/en/news/#news-results", 200, ".results-jump"),
    ("contact-form", "/it/chiedi-del-marchio/", "/en/ask-about-the-mark/", 200, ".contact-form"),
    ("news-index", "/it/notizie/", "/en/news/", 200, ".news-list"),
    (
        "news",
        "/it/notizie/nasce-il-registro-impact/",
        "/en/news/the-impact-register-is-launched/",
        200,
        ".news-text",
    ),
    (
        "open-data",
        "/it/registro/dati-aperti/",
        "/en/register/open-data/",
        200,
        ".data-dictionary",
    ),
    (
        "province-map",
        "/it/registro/mappa/",
        "/en/register/map/",
        200,
        ".province-map-table",
    ),
    (
        "bulk-verification",
        "/it/registro/verifica-elenco/",
        "/en/register/verify-list/",
        200,
        ".bulk-form textarea",
    ),
    ("search", "/it/cerca/?q=pulizie", "/en/search/?q=cleaning", 200, ".search-hit"),
    ("alerts", "/it/avvisi/", "/en/alerts/", 200, ".alerts-page .btn"),
    (
        "alerts-suppliers",
        f"/it/avvisi/fornitori/?number={ACTIVE_VAT}",
        f"/en/alerts/suppliers/?number={ACTIVE_VAT}",
        200,
        "textarea#id_numbers",
    ),
    (
        "alerts-listing",
        "/it/avvisi/elenco/?sector=pulizie",
        "/en/alerts/listing/?sector=pulizie",
        200,
        "select#id_sector",
    ),
    ("alerts-sent", "/it/avvisi/inviato/", "/en/alerts/sent/", 200, ".alerts-page [role=status]"),
    ("alerts-new-link", "/it/avvisi/nuovo-link/", "/en/alerts/new-link/", 200, "#id_email"),
    (
        "alerts-confirm",
        f"/it/avvisi/conferma/{CONFIRM_TOKEN}/",
        f"/en/alerts/confirm/{CONFIRM_TOKEN}/",
        200,
        ".alerts-followed",
    ),
    (
        "alerts-manage",
        f"/it/avvisi/gestione/{MANAGE_TOKEN}/",
        f"/en/alerts/manage/{MANAGE_TOKEN}/",
        200,
        "input[name=remove-numbers]",
    ),
    (
        "alerts-unsubscribe",
        f"/it/avvisi/disiscrizione/{MANAGE_TOKEN}/",
        f"/en/alerts/unsubscribe/{MANAGE_TOKEN}/",
        200,
        ".alerts-page form",
    ),
    (
        "alerts-bad-link",
        "/it/avvisi/gestione/non-valido/",
        "/en/alerts/manage/not-valid/",
        400,
        ".alerts-page .alert-warning",
    ),
    ("quotes-new", "/it/richiesta-preventivo/", "/en/request-a-quote/", 200, "#id_title"),
    (
        "quotes-sent",
        "/it/richiesta-preventivo/inviata/",
        "/en/request-a-quote/sent/",
        200,
        ".quotes-page [role=status]",
    ),
    (
        "quotes-confirm",
        f"/it/richiesta-preventivo/conferma/{QUOTE_CONFIRM}/",
        f"/en/request-a-quote/confirm/{QUOTE_CONFIRM}/",
        200,
        ".quotes-summary",
    ),
    (
        "quotes-buyer",
        f"/it/richiesta-preventivo/richiesta/{QUOTE_BUYER}/",
        f"/en/request-a-quote/request/{QUOTE_BUYER}/",
        200,
        ".quotes-summary",
    ),
    (
        "quotes-outcome",
        f"/it/richiesta-preventivo/esito/{QUOTE_BUYER}/",
        f"/en/request-a-quote/outcome/{QUOTE_BUYER}/",
        200,
        "#id_outcome_0",
    ),
    (
        "quotes-answer",
        f"/it/richiesta-preventivo/risposta/{QUOTE_ANSWER}/",
        f"/en/request-a-quote/answer/{QUOTE_ANSWER}/",
        200,
        "#id_answer_0",
    ),
    (
        "quotes-bad-link",
        "/it/richiesta-preventivo/risposta/non-valido/",
        "/en/request-a-quote/answer/not-valid/",
        400,
        ".quotes-page .alert-warning",
    ),
    ("pact-results", "/it/risultati-del-patto/", "/en/pact-results/", 200, ".quotes-chart"),
    # The shortlist's pages with content are scanned in test_shortlist.py's journey.
    ("shortlist", "/it/selezione/", "/en/shortlist/", 200, ".shortlist-page .callout"),
    (
        "shortlist-compare-none",
        "/it/selezione/confronta/",
        "/en/shortlist/compare/",
        200,
        "#compare-problem",
    ),
    (
        "shortlist-bad-link",
        "/it/selezione/condivisa/non-valido/",
        "/en/shortlist/shared/not-valid/",
        404,
        ".shortlist-page .alert-warning",
    ),
    ("not-found", "/it/pagina-che-non-esiste/", "/en/no-such-page/", 404, ".error-page"),
    (
        "attestation-not-found",
        "/it/registro/attestato/IT01234560165.pdf",
        "/en/register/attestation/IT01234560165.pdf",
        404,
        ".error-page",
    ),
    (
        "bad-request",
        f"/it/registro/?{TOO_MANY_FIELDS}",
        f"/en/register/?{TOO_MANY_FIELDS}",
        400,
        ".error-page",
    ),
]

CASES = [
    pytest.param(path, status, shows, language, id=f"{name}-{language}")
    for name, italian, english, status, shows in PAGES
    for language, path in [("it", italian), ("en", english)]
]


@pytest.mark.parametrize(("path", "status", "shows", "language"), CASES)
def test_page_has_no_accessibility_violations(new_context, request, path, status, shows, language):
    page = new_context(viewport=PHONE).new_page()
    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}"
    expect(page.locator(shows).first).to_be_attached()
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1, f"{path} should have exactly one h1"

    reports = []
    for size in (PHONE, DESKTOP):  # the same page, resized: media queries apply as on load
        page.set_viewport_size(size)
        save_screenshot(page, f"{request.node.callspec.id}-{size['width']}")
        if found := axe.violations(page):
            reports.append(axe.report(found, f"{path} at {size['width']} px"))
    assert not reports, "\n\n".join(reports)

    page.set_viewport_size(NARROWEST)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= NARROWEST["width"], f"{path} scrolls sideways at 320 px"


def test_italian_text_on_an_english_page_is_marked_as_italian(new_context):
    """A cooperative whose description is not translated yet: readers hear it in Italian."""
    page = new_context().new_page()
    page.goto("/en/register/cooperativa-carico-giusto/")
    expect(page.locator(".language-note")).to_contain_text("shown in Italian")
    description = page.locator("#about-title + div")
    expect(description).to_have_attribute("lang", "it")
    expect(description).to_contain_text("Cooperativa di logistica")
    note = page.locator(".timeline-note").first
    expect(note.locator("[lang]")).to_have_attribute("lang", "it")
    expect(note).to_contain_text("(note in Italian)")


def test_register_charts_come_with_their_data_tables(new_context):
    """Each bar chart is a table named by its caption; the bars only draw what it says."""
    page = new_context().new_page()
    page.goto("/it/registro/")
    charts = page.locator(".register-figures figure")
    assert charts.count() >= 2
    for chart in charts.all():
        caption = chart.locator("figcaption").inner_text().strip()
        table = page.get_by_role("table", name=caption, exact=True)
        expect(table).to_be_visible()
        expect(table.get_by_role("columnheader")).to_have_count(2)
        rows = table.locator("tbody tr")
        assert rows.count() > 0
        for row in rows.all():
            expect(row.get_by_role("rowheader")).to_have_count(1)
            expect(row.get_by_role("cell")).to_have_text(re.compile(r"^\d+$"))
            expect(row.locator(".bar")).to_have_attribute("aria-hidden", "true")


def test_the_admin_import_pages_have_no_accessibility_violations(new_context, tmp_path):
    """The register managers' import, in the Italian admin: the form, a checked file's
    problems and the list of imports (Wagtail's own screens are Wagtail's to keep)."""
    page = log_in(new_context(), ADMIN, ADMIN_PASSWORD, then="/admin/register/import/")
    reports = []

    def scan(where: str) -> None:
        if found := axe.violations(page):
            reports.append(axe.report(found, where))

    expect(page.get_by_role("heading", level=1)).to_have_text("Importa cooperative")
    scan("the import form")
    wrong = tmp_path / "cooperative.csv"
    wrong.write_text("name,vat_number\nCooperativa Senza Settori,IT12345678901\n")
    page.get_by_label("Foglio di calcolo").set_input_files(wrong)
    page.get_by_role("button", name="Controlla il file").click()
    expect(page.get_by_role("table", name="Problemi trovati nel file")).to_contain_text("sectors")
    scan("a checked file with problems")
    page.get_by_role("link", name="Tutte le importazioni").click()
    expect(page.locator("main")).to_contain_text("cooperative.csv")
    scan("the list of imports")
    assert not reports, "\n\n".join(reports)
