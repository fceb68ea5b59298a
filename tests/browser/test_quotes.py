"""A buyer asks the certified cooperatives for quotes, without JavaScript: the form, the
confirmation mail (the site's mail is written to files, tests/browser/server.py), a register
manager's approval in the Italian admin, two cooperatives' answers from their links, the
buyer's private page with the answers, and the order reported after the follow-up."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from .people import MANAGER, PASSWORD
from .test_alerts import link_in, mails
from .test_editing import log_in

BUYER = "acquisti.preventivi@example.org"


def day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_a_buyer_gets_answers_and_reports_an_order(new_context, live_site):
    folder = live_site.workdir / "mail"
    page: Page = new_context(java_script_enabled=False).new_page()
    page.goto("/it/richiesta-preventivo/")
    page.get_by_label("Di che cosa hai bisogno, in una riga").fill(
        "Pulizia del magazzino di Albino"
    )
    page.get_by_label("Descrizione del lavoro").fill("Pulizia settimanale di 1.500 m².")
    page.get_by_text("Pulizie", exact=True).click()
    page.get_by_label("Zona del lavoro").select_option("bg-valle-seriana")
    page.get_by_label("Risposte entro il").fill(day(10))
    page.get_by_label("Inizio previsto del lavoro").fill(day(5))  # before the deadline: refused
    page.get_by_label("Azienda").fill("Logistica Bergamasca S.r.l.")
    page.get_by_label("Il tuo nome").fill("Giulia Verdi")
    page.get_by_label("Il tuo indirizzo e-mail").fill(BUYER)
    page.get_by_text("Ho letto l'informativa sulla privacy").click()
    page.get_by_role("button", name="Invia la richiesta").click()
    expect(page).to_have_title(re.compile("^Errore: "))
    start = page.get_by_label("Inizio previsto del lavoro")
    expect(start).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Azienda")).to_have_value("Logistica Bergamasca S.r.l.")
    start.fill(day(20))  # the consent stays ticked, as everything else typed
    page.get_by_role("button", name="Invia la richiesta").click()
    expect(page.locator("h1")).to_have_text("Controlla la tua e-mail")

    [confirmation] = [m for m in mails(folder) if m["To"] == BUYER]
    page.goto(link_in(confirmation, "/it/richiesta-preventivo/conferma/"))
    page.get_by_role("button", name="Conferma la richiesta").click()
    expect(page.get_by_role("status")).to_contain_text("la richiesta è confermata")

    manager = log_in(new_context(), MANAGER, PASSWORD, "/admin/quote_requests/")
    manager.get_by_role("link", name="Pulizia del magazzino di Albino").click()
    expect(manager.get_by_text("Cooperative che raggiungerebbe")).to_be_visible()
    manager.get_by_text("Approva e invia").click()
    manager.get_by_role("button", name="Salva la decisione").click()
    expect(
        manager.get_by_text(re.compile(r"Approvata: la richiesta è in invio a \d+"))
    ).to_be_visible()

    invitations = [m for m in mails(folder) if "Pulizia del magazzino" in str(m["Subject"])]
    assert len(invitations) >= 2
    for message, answer in zip(invitations[:2], ("interested", "not_interested"), strict=True):
        page.goto(link_in(message, "/richiesta-preventivo/risposta/"))
        if answer == "interested":
            page.get_by_text("Interessata", exact=True).click()
            page.get_by_label("Messaggio all'azienda").fill("Possiamo iniziare subito.")
            page.get_by_label("Nome del referente").fill("Marco Neri")
            page.get_by_label("E-mail del referente").fill("marco@example.org")
        else:
            page.get_by_text("Non interessata", exact=True).click()
        page.get_by_role("button", name="Invia la risposta").click()
        expect(page.get_by_role("status")).to_contain_text("la risposta è registrata")

    [told] = [m for m in mails(folder) if m["To"] == BUYER and "interessata" in str(m["Subject"])]
    page.goto(link_in(told, "/it/richiesta-preventivo/richiesta/"))
    expect(page.get_by_text("Possiamo iniziare subito.")).to_be_visible()
    expect(page.get_by_text(re.compile("Non interessate: 1"))).to_be_visible()
    page.get_by_role("link", name="Dicci che cosa è seguito").click()
    page.get_by_text("Un ordine", exact=True).click()
    page.locator("label[for=id_cooperatives_0]").click()  # Bootstrap Italia draws the box on it
    page.get_by_role("button", name="Registra la risposta").click()
    expect(page.get_by_role("status")).to_contain_text("abbiamo registrato che cosa è seguito")
    expect(page.get_by_text("Che cosa è seguito: Un ordine")).to_be_visible()
