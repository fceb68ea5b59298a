"""A cooperative keeps its own profile: a register manager invites its representative, who
sets a password from the e-mail's link, changes the website, uploads a logo and submits;
the manager reviews the difference and publishes; the public page shows the change."""

import re

from PIL import Image
from playwright.sync_api import Page, expect

from .people import MANAGER, PASSWORD
from .test_alerts import link_in, mails
from .test_editing import log_in

COOPERATIVE = "Cooperativa Sociale Il Ponte"
PUBLIC = "/it/registro/cooperativa-sociale-il-ponte/"
REPRESENTATIVE = "rappresentante.ponte@example.org"
NEW_PASSWORD = "Una-password-lunga-2026"
WEBSITE = "https://ponte-rinnovato.example.org/"


def test_a_representative_updates_the_profile_and_a_manager_publishes_it(
    new_context, live_site, tmp_path
):
    folder = live_site.workdir / "mail"
    manager = log_in(new_context(), MANAGER, PASSWORD, "/admin/representatives/invitations/")
    manager.goto("/admin/representatives/invitations/new/")
    manager.get_by_label("Cooperativa").select_option(label=COOPERATIVE)
    manager.locator("#id_email").fill(REPRESENTATIVE)
    manager.get_by_role("button", name=re.compile("^(Salva|Crea)$")).click()
    expect(manager.locator(".messages")).to_be_visible()

    [invitation] = [m for m in mails(folder) if m["To"] == REPRESENTATIVE]
    page: Page = new_context().new_page()
    page.goto(link_in(invitation, "/it/invito/"))
    page.get_by_label("Password", exact=True).fill("corta")
    page.get_by_label("Ripeti la password").fill("corta")
    page.get_by_role("button", name="Crea il mio account").click()
    expect(page).to_have_title(re.compile("^Errore: "))
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Ripeti la password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Crea il mio account").click()
    expect(page).to_have_url(re.compile("/admin/$"))

    page.goto("/admin/snippets/register/cooperative/")
    page.get_by_role("link", name=COOPERATIVE).first.click()
    # Identifiers are shown, not editable.
    expect(page.locator("input[name='vat_number']")).to_have_count(0)
    page.locator("#id_website").fill(WEBSITE)
    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), "teal").save(logo)
    page.locator("[data-contentpath='logo'] button", has_text="Scegli").first.click()
    modal = page.locator(".modal")
    modal.get_by_role("tab", name="Carica").click()
    modal.locator("input[type='file']").set_input_files(logo)
    modal.get_by_label("Titolo").fill("Logo del Ponte")
    modal.get_by_role("button", name="Carica").last.click()
    expect(page.locator("[data-contentpath='logo']")).to_contain_text("Logo del Ponte")
    page.get_by_role("button", name="Altre azioni").click()
    page.get_by_role("button", name=re.compile("Invia al flusso")).click()
    expect(page.locator(".messages")).to_be_visible()

    visitor = new_context().new_page()
    visitor.goto(PUBLIC)
    expect(visitor.locator(f"a[href='{WEBSITE}']")).to_have_count(0)

    manager.goto("/admin/")
    review = manager.locator("#awaiting-review-section tr", has_text=COOPERATIVE)
    expect(review).to_be_visible()
    review.get_by_role("link", name=COOPERATIVE).first.click()
    # Wagtail's revision compare: the live record against the submitted one.
    compare = manager.url.replace("/edit/", "/history/") + "revisions/compare/live...latest/"
    manager.goto(compare)
    expect(manager.locator("main")).to_contain_text("ponte-rinnovato")
    manager.goto("/admin/")
    review.locator("[data-w-dropdown-target='toggle']").click()
    review.get_by_role("button", name="Approva", exact=True).click()
    expect(review).to_have_count(0)  # off the manager's review list

    visitor.goto(PUBLIC)
    expect(visitor.locator(f"a[href='{WEBSITE}']").first).to_be_visible()
