"""A buyer follows a supplier by e-mail, in a real browser without JavaScript: from the
cooperative's page to the form, the confirmation mail (the site's mail is written to files,
tests/browser/server.py), the confirmation button, the manage page, and leaving."""

import email
import email.policy
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from . import axe

FOLLOWED = "/it/registro/cooperativa-carico-giusto/"
LINK = re.compile(r"https?://testserver(/\S+)")


def mails(folder: Path) -> list[email.message.EmailMessage]:
    """What the site sent, oldest first (the file backend writes one file per connection,
    messages separated by a line of dashes)."""
    found = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        for raw in path.read_text().split("\n" + "-" * 79 + "\n"):
            if raw.strip():
                found.append(email.message_from_string(raw, policy=email.policy.default))
    return found


def link_in(message, fragment: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return next(path for path in LINK.findall(text) if fragment in path)


def test_a_buyer_follows_a_supplier_by_email_without_javascript(new_context, live_site):
    page: Page = new_context(java_script_enabled=False).new_page()
    page.goto(FOLLOWED)
    page.get_by_role("link", name="Segui questa cooperativa").click()
    expect(page.locator("h1")).to_have_text("Segui dei fornitori")
    numbers = page.get_by_label("Partite IVA o numeri di certificato", exact=True)
    expect(numbers).to_have_value(re.compile(r"^IT\d{11}$"))

    # A mistake first: said beside its field, nothing sent.
    numbers.fill(numbers.input_value() + "\nIT123")
    page.get_by_label("Il tuo indirizzo e-mail", exact=True).fill("buyer.alerts@example.org")
    page.get_by_role("button", name="Mandami il link di conferma").click()
    expect(page).to_have_title(re.compile("^Errore: "))
    expect(numbers).to_have_attribute("aria-invalid", "true")
    expect(numbers).to_have_accessible_description(re.compile("Voce 2: "))

    numbers.fill(numbers.input_value().splitlines()[0])
    page.get_by_role("button", name="Mandami il link di conferma").click()
    expect(page.locator("h1")).to_have_text("Controlla la tua casella di posta")

    [message] = [
        m for m in mails(live_site.workdir / "mail") if m["To"] == "buyer.alerts@example.org"
    ]
    assert message["Subject"] == "Registro Impact: conferma gli avvisi"
    page.goto(link_in(message, "/it/avvisi/conferma/"))
    expect(page.locator(".alerts-followed")).to_contain_text("Cooperativa Carico Giusto")
    page.get_by_role("button", name="Conferma gli avvisi").click()

    expect(page.locator("h1")).to_have_text("I tuoi avvisi")
    expect(page.get_by_role("status")).to_contain_text("Confermato: gli avvisi sono attivi.")
    # Bootstrap Italia draws the radio button on its label, which is what people click.
    page.get_by_text(
        "Sospensioni, revoche e ritiri subito, il resto nel riepilogo del giorno"
    ).click()
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_role("status")).to_contain_text("Salvato")
    expect(
        page.get_by_label("Sospensioni, revoche e ritiri subito, il resto nel riepilogo del giorno")
    ).to_be_checked()

    page.get_by_role("button", name="Disiscriviti").click()
    expect(page.get_by_role("status")).to_contain_text("Disiscrizione fatta")
    expect(page.get_by_role("button", name="Riprendi gli avvisi")).to_be_visible()


def test_the_register_listing_offers_to_follow_it(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/en/register/?sector=pulizie")
    page.get_by_role("link", name="Follow this listing by e-mail").click()
    expect(page.locator("h1")).to_have_text("Follow a listing of the register")
    expect(page.get_by_label("Sector", exact=True)).to_have_value("pulizie")


def test_the_forms_mistakes_pass_the_accessibility_scan(new_context):
    """The error state of the alerts' forms (axe needs JavaScript, which the forms do not)."""
    page = new_context().new_page()
    page.goto("/en/alerts/suppliers/")
    page.get_by_label("VAT or certificate numbers", exact=True).fill("IT123\nnot a number")
    page.get_by_label("Your e-mail address", exact=True).fill("not an address")
    page.get_by_role("button", name="Send me the confirmation link").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was sent")
    email_field = page.get_by_label("Your e-mail address", exact=True)
    expect(email_field).to_have_accessible_description(re.compile("valid e-mail address"))
    found = axe.violations(page)
    assert not found, axe.report(found, "the suppliers form with mistakes")
