"""A buyer shortlists three cooperatives from the register's results, compares them side by
side and shares the list, in a real browser without JavaScript; the link opens in a fresh
browser (another person) at a phone's width, where the pages with their content are scanned
by axe-core, which runs as a script (the scan list of test_accessibility.py holds their
empty states)."""

import re

from playwright.sync_api import Page, expect

from . import axe
from .conftest import DESKTOP, PHONE, save_screenshot

LISTING = "/it/registro/?sector=pulizie"


def _named(action: str, name: str) -> re.Pattern:
    return re.compile(rf"^{re.escape(action)}\s*:\s*{re.escape(name)}$")


def _scan(page: Page, name: str) -> None:
    reports = []
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        save_screenshot(page, f"shortlist-{name}-{size['width']}")
        if found := axe.violations(page):
            reports.append(axe.report(found, f"{page.url} at {size['width']} px"))
    assert not reports, "\n\n".join(reports)


def test_a_buyer_shortlists_compares_and_shares_three_cooperatives(new_context):
    page: Page = new_context(java_script_enabled=False).new_page()
    page.goto(LISTING)
    names = page.locator(".cooperative-card h3 a").all_inner_texts()[:3]
    assert len(names) == 3
    for name in names:
        # The button's name holds the cooperative's (visually hidden: the card shows it).
        page.get_by_role("button", name=_named("Aggiungi alla selezione", name)).click()
        # Back on the same results, at that card, which now says so.
        expect(page).to_have_url(re.compile(r"/it/registro/\?sector=pulizie#shortlist-"))
        expect(
            page.get_by_role("button", name=_named("Togli dalla selezione", name))
        ).to_be_visible()
    expect(page.locator(".shortlist-header-link")).to_contain_text("3")

    page.locator(".shortlist-header-link").click()
    expect(page.locator("h1")).to_have_text("La tua selezione")
    expect(page.locator(".shortlist-item h2")).to_have_text(names)

    # Tick the three (Bootstrap Italia draws the box on its label, which people click).
    for name in names:
        page.locator("label.form-check-label", has_text=name).click()
        expect(page.get_by_label(f"Confronta {name}")).to_be_checked()
    page.get_by_role("button", name="Confronta le cooperative spuntate").click()
    expect(page.locator("h1")).to_have_text("Confronta le cooperative")
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(names)
    expect(table.get_by_role("rowheader", name="Stato", exact=True)).to_be_visible()
    compare_url = page.url

    page.get_by_role("link", name="Torna alla tua selezione").click()
    share_url = page.get_by_label("Link a questo elenco").input_value()
    assert "/it/selezione/condivisa/" in share_url

    # Someone else opens the link on a phone (with JavaScript: axe runs as a script in the
    # page): the same cooperatives, read-only.
    other: Page = new_context(viewport=PHONE).new_page()
    other.goto(share_url)
    expect(other.locator("h1")).to_have_text("Selezione condivisa")
    expect(other.locator(".shortlist-item h2")).to_have_text(names)
    expect(other.get_by_role("button", name=re.compile("^Togli"))).to_have_count(0)
    _scan(other, "shared")

    # The comparison the buyer made is an address too: it scrolls inside its own region.
    other.goto(compare_url)
    region = other.get_by_role("region", name=re.compile("3 cooperative a confronto"))
    expect(region).to_have_attribute("tabindex", "0")
    _scan(other, "compare")
    other.set_viewport_size(PHONE)
    assert other.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    other.goto(share_url)
    other.get_by_role("button", name="Aggiungile alla mia selezione").click()
    expect(other.get_by_role("status")).to_contain_text("Le cooperative condivise sono")
    expect(other.locator(".shortlist-item h2")).to_have_text(names)
    _scan(other, "list")
