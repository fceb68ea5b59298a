"""What visitors and editors do on the site, in a real browser."""

import re

from playwright.sync_api import Page, expect

from .conftest import PHONE, watched

SECTOR = "pulizie"  # "Pulizie" / "Cleaning"
AREA = "bg-citta"  # "Bergamo e hinterland", a zone of the province of Bergamo


def results_count(page: Page) -> int:
    return int(re.match(r"\d+", page.locator("#results").inner_text().strip()).group())


def test_language_switch_lands_on_the_same_page_in_english(page):
    page.goto("/it/marchio-impact/")
    expect(page.locator("h1")).to_have_text("Il marchio Impact")

    page.locator(".language-switcher").get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(r"/en/impact-mark/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("The Impact mark")
    expect(page.locator(".language-switcher [aria-current]")).to_have_text("English")
    assert page.script_errors == []


def find_verify_and_check(page: Page) -> None:
    """A buyer's errand: cleaning firms around Bergamo, one of them, its VAT number checked."""
    page.goto("/it/registro/")
    everyone = results_count(page)
    page.get_by_label("Settore", exact=True).select_option(SECTOR)
    page.get_by_label("Zona", exact=True).select_option(AREA)
    page.get_by_role("button", name="Mostra i risultati").click()

    expect(page).to_have_url(
        re.compile(rf"sector={SECTOR}&.*area={AREA}|area={AREA}&.*sector={SECTOR}")
    )
    expect(page.get_by_label("Settore", exact=True)).to_have_value(SECTOR)
    expect(page.get_by_label("Zona", exact=True)).to_have_value(AREA)
    found = results_count(page)
    assert 0 < found < everyone
    cards = page.locator(".cooperative-card")
    expect(cards).to_have_count(found)
    for card in cards.all():
        expect(card.locator(".cooperative-sectors")).to_contain_text("Pulizie")

    first = cards.first.get_by_role("link")
    name = first.inner_text().strip()
    first.click()
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator(".status-panel .status-badge")).to_have_text("Attivo")
    vat = page.locator("dt:text-is('Partita IVA') + dd").inner_text().strip()
    assert re.fullmatch(r"IT\d{11}", vat)

    page.get_by_role("link", name="Registro delle cooperative").first.click()
    page.get_by_label("Partita IVA o numero di certificato", exact=True).fill(vat)
    page.get_by_role("button", name="Verifica", exact=True).click()

    expect(page).to_have_url(re.compile(r"/it/registro/verifica/\?q=IT\d{11}$"))
    result = page.get_by_role("status").filter(has=page.locator("#result-title"))
    expect(result.locator("#result-title")).to_have_text(name)
    expect(result.locator(".status-badge")).to_have_text("Attivo")
    expect(result).to_contain_text("Il marchio è valido: questa cooperativa è certificata.")
    expect(result).to_contain_text("Valido fino al")


def test_buyer_filters_opens_a_cooperative_and_verifies_its_vat_number(page):
    find_verify_and_check(page)
    assert page.script_errors == []


def test_the_same_register_journey_works_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    find_verify_and_check(page)
    expect(page.locator("html")).not_to_have_class(re.compile("has-js"))


def test_phone_menu_opens_without_javascript(new_context):
    page = new_context(java_script_enabled=False, viewport=PHONE).new_page()
    page.goto("/it/")
    menu = page.locator("#main-menu")
    register_link = menu.get_by_role("link", name="Registro delle cooperative")
    expect(register_link).not_to_be_visible()

    page.get_by_role("button", name="Mostra o nascondi il menu").click()
    expect(register_link).to_be_visible()
    register_link.click()
    expect(page.locator("h1")).to_have_text("Registro delle cooperative")


def test_phone_menu_opens_and_closes_with_javascript(new_context):
    page = watched(new_context(viewport=PHONE).new_page())
    page.goto("/it/")
    toggle = page.get_by_role("button", name="Mostra o nascondi il menu")
    register_link = page.locator("#main-menu").get_by_role(
        "link", name="Registro delle cooperative"
    )

    toggle.click()
    expect(register_link).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    close = page.get_by_role("button", name="Chiudi il menu")
    expect(close).to_be_focused()  # the open menu takes the focus, once it is ready
    close.click()
    expect(register_link).not_to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert page.script_errors == []
