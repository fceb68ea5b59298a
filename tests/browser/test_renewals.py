"""A cooperative renews its mark online, in the Italian admin: its representative opens the
renewal, gives each requirement's facts and a document, and submits; a register manager asks
for one more document; the representative answers and adds it; the manager accepts it and
renews; the public history shows the renewal."""

from playwright.sync_api import Page, expect

from .people import MANAGER, PASSWORD, RENEWING, REPRESENTATIVE
from .test_editing import log_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def document(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def requirement(page: Page, index: int):
    return page.locator("section.renewal-item").nth(index)


def review(page: Page, index: int, choice: str, comment: str = "") -> None:
    section = requirement(page, index)
    section.get_by_label(choice).check()
    if comment:
        section.get_by_label("Commento per il rappresentante").fill(comment)
    section.get_by_role("button", name="Salva l'esame").click()
    expect(page.locator("section.renewal-item").first).to_be_visible()


def test_a_representative_renews_with_evidence_and_the_manager_renews(new_context):
    representative = log_in(new_context(), REPRESENTATIVE, PASSWORD, "/admin/renewals/")
    expect(representative.get_by_role("heading", name=RENEWING)).to_be_visible()
    representative.get_by_role("button", name="Apri un rinnovo").click()
    expect(representative.get_by_text("Rinnovo aperto")).to_be_visible()
    detail = representative.url

    sections = representative.locator("section.renewal-item")
    expect(sections).to_have_count(5)
    for index in range(5):
        section = requirement(representative, index)
        section.get_by_label("Fatti").fill(f"Fatti del requisito {index + 1}")
        date = section.get_by_label("Data", exact=True)
        if date.count():
            date.fill("2026-03-01")
        section.get_by_label("Aggiungi un documento").set_input_files(
            document(f"requisito-{index + 1}.pdf")
        )
        section.get_by_role("button", name="Salva questo requisito").click()
        expect(representative.get_by_role("status")).to_contain_text("Salvato: ")
        expect(requirement(representative, index).get_by_role("link")).to_have_text(
            f"requisito-{index + 1}.pdf"
        )
    representative.get_by_role("button", name="Invia il rinnovo").click()
    expect(representative.get_by_role("status")).to_contain_text("Inviato: i gestori")

    manager = log_in(new_context(), MANAGER, PASSWORD, "/admin/renewals/")
    manager.get_by_role("link", name=RENEWING).click()
    review(manager, 0, "Chiedi altro", "Serve anche il verbale firmato.")
    for index in range(1, 5):
        review(manager, index, "Accetta")
    expect(requirement(manager, 0)).to_contain_text("Richiesto altro")

    representative.goto(detail)
    first = requirement(representative, 0)
    expect(first).to_contain_text("Serve anche il verbale firmato.")
    first.get_by_label("La tua risposta al revisore").fill("Ecco il verbale firmato.")
    first.get_by_label("Aggiungi un documento").set_input_files(document("verbale-firmato.pdf"))
    first.get_by_role("button", name="Salva questo requisito").click()
    expect(requirement(representative, 0).get_by_role("link")).to_have_count(2)
    representative.get_by_role("button", name="Invia di nuovo").click()
    expect(representative.get_by_role("status")).to_contain_text("Inviato: i gestori")

    manager.reload()
    review(manager, 0, "Accetta")
    manager.get_by_label("Rinnova il marchio").check()
    manager.get_by_role("button", name="Salva la decisione").click()
    expect(manager.get_by_role("status")).to_contain_text("Rinnovato fino al")
    history = manager.locator("table.renewal-history")
    expect(history).to_contain_text("Inviato di nuovo")
    expect(history).to_contain_text(REPRESENTATIVE)
    expect(history).to_contain_text(MANAGER)

    representative.goto(detail)
    expect(representative.locator("[data-renewal-state]")).to_have_text("Rinnovato")

    public = new_context().new_page()
    public.goto("/it/registro/")
    public.get_by_role("link", name=RENEWING).first.click()
    latest = public.locator(".timeline-event").first
    expect(latest).to_contain_text("Rinnovato")
    expect(latest).to_contain_text("Rinnovo dopo la verifica dei requisiti.")
