"""Demo content of the editorial site: written here, in Italian and English, from the facts."""

from wagtail.models import Page, Site

from chrome.models import FooterText, SiteSettings
from home.models import EditorialPage, HomePage
from infrastructure.localization import publish_translation

from . import accessibility as accessibility_statement
from .tools import Rich, T, add_translated_page, generated_image, italian, translations

MARK_REQUIREMENTS = {
    "title": T("I requisiti del marchio", "The requirements of the mark"),
    "requirements": [
        {
            "requirement": T(
                "Esito positivo della revisione cooperativa",
                "A positive outcome of the cooperative audit",
            ),
            "explanation": Rich(
                T(
                    "La revisione periodica prevista dalla legge verifica che la cooperativa sia "
                    "autentica: democrazia interna, mutualità e corretta gestione.",
                    "The periodic audit required by law checks that the cooperative is genuine: "
                    "internal democracy, mutuality and sound management.",
                )
            ),
        },
        {
            "requirement": T(
                "Un'assemblea dei soci in più, oltre a quella di bilancio",
                "One members' meeting beyond the one approving the accounts",
            ),
            "explanation": Rich(
                T(
                    "I soci si riuniscono almeno una seconda volta nell'anno per discutere "
                    "le scelte della cooperativa, non solo per approvare i conti.",
                    "Members meet at least a second time in the year to discuss the "
                    "cooperative's choices, not only to approve the accounts.",
                )
            ),
        },
        {
            "requirement": T(
                "Contratti collettivi firmati dalle principali associazioni cooperative",
                "Collective agreements signed by the main cooperative associations",
            ),
            "explanation": Rich(
                T(
                    "Ai lavoratori si applicano i CCNL sottoscritti dalle centrali cooperative "
                    "più rappresentative: niente contratti al ribasso.",
                    "Workers are employed under the national agreements (CCNL) signed by the "
                    "most representative cooperative associations: no cut-price contracts.",
                )
            ),
        },
        {
            "requirement": T(
                "Un percorso di certificazione di qualità già avviato",
                "A quality certification path already under way",
            ),
            "explanation": Rich(
                T(
                    "La cooperativa ha già intrapreso una certificazione del proprio sistema "
                    "di gestione della qualità.",
                    "The cooperative has already begun certifying its quality management system.",
                )
            ),
        },
        {
            "requirement": T(
                "Formazione tecnica e professionale",
                "Technical and professional training",
            ),
            "explanation": Rich(
                T(
                    "Soci e lavoratori partecipano a percorsi di formazione che ne fanno "
                    "crescere le competenze.",
                    "Members and workers take part in training that builds their skills.",
                )
            ),
        },
    ],
}

# The privacy notice's section on e-mail alerts (alerts/): what is kept, how long, and how to
# download or erase it. The periods are those of alerts/following.py and alerts/tokens.py.
ALERTS_PRIVACY = [
    ("heading", {"text": T("Avvisi via e-mail", "E-mail alerts"), "level": "h2"}),
    (
        "paragraph",
        Rich(
            T(
                "Chi si iscrive agli avvisi ci affida il proprio indirizzo e-mail, la lingua scelta e "
                "ciò che vuole seguire (partite IVA o numeri di certificato, oppure un elenco del "
                "registro per settore, zona o forma giuridica). Li usiamo solo per inviare gli avvisi "
                "e teniamo traccia dei messaggi inviati, perché nessuno arrivi due volte.",
                "Anyone who subscribes to the alerts entrusts us with their e-mail address, the "
                "language they chose and what they want to follow (VAT or certificate numbers, or a "
                "listing of the register by sector, area or legal form). We use them only to send "
                "the alerts, and keep a record of the messages sent so that none arrives twice.",
            ),
            T(
                "Una richiesta non confermata è cancellata dopo 7 giorni; un'iscrizione disdetta dopo "
                "30 giorni; la traccia dei messaggi inviati dopo 90 giorni. Per limitare gli abusi "
                "contiamo per un giorno i messaggi di conferma inviati a ogni indirizzo, conservato "
                "solo in forma cifrata.",
                "A request that is not confirmed is deleted after 7 days; an unsubscribed address "
                "after 30 days; the record of messages sent after 90 days. To limit abuse we count, "
                "for one day, the confirmation messages sent to each address, kept only in hashed "
                "form.",
            ),
            T(
                "Ogni messaggio contiene il link per gestire l'iscrizione: da lì si può cambiare ciò "
                "che si segue, scaricare in un file tutti i dati conservati o cancellarli subito e "
                "per sempre. Chi ha perso il link può chiederne uno nuovo dalla pagina degli avvisi, "
                "oppure scriverci: lo staff del registro può trovare un'iscrizione solo dall'indirizzo "
                "completo e cancellarla.",
                "Every message contains the link to manage the subscription: from there you can "
                "change what you follow, download all the data kept in a file, or erase it at once "
                "and for good. If you have lost the link you can ask for a new one on the alerts "
                "page, or write to us: the register's staff can find a subscription only by its full "
                "address, and erase it.",
            ),
        ),
    ),
]

# The privacy notice's section on requests for quotes (quotes/): what is kept, how long, who
# sees it. The periods are those of quotes/workflow.py and quotes/tokens.py.
QUOTES_PRIVACY = [
    ("heading", {"text": T("Richieste di preventivo", "Requests for quotes"), "level": "h2"}),
    (
        "paragraph",
        Rich(
            T(
                "Chi chiede un preventivo alle cooperative ci affida la descrizione del lavoro, il "
                "nome dell'azienda, il proprio nome, l'indirizzo e-mail e, se vuole, il telefono. "
                "Lo staff del registro li legge per approvare la richiesta; approvata, la "
                "richiesta arriva con l'azienda e la descrizione alle cooperative certificate che "
                "corrispondono, mentre nome, e-mail e telefono di chi chiede restano a noi. Le "
                "risposte delle cooperative interessate, con il loro contatto, arrivano solo a chi "
                "ha chiesto.",
                "Anyone who asks the cooperatives for quotes entrusts us with the description of "
                "the work, the company's name, their own name, e-mail address and, if they wish, "
                "phone number. The register's staff read them to approve the request; once "
                "approved, the request reaches the matching certified cooperatives with the "
                "company and the description, while the asker's name, e-mail and phone stay with "
                "us. The answers of interested cooperatives, with their contact, go only to the "
                "asker.",
            ),
            T(
                "Una richiesta non confermata è cancellata dopo 7 giorni, una respinta dopo 90 "
                "giorni; le altre, con le risposte e l'esito, 24 mesi dopo la scadenza per le "
                "risposte. Restano solo totali anonimi (anno, settore, numeri), pubblicati come "
                "risultati del Patto. Per cancellare prima una richiesta basta scriverci.",
                "A request that is not confirmed is deleted after 7 days, a rejected one after "
                "90 days; the others, with their answers and outcome, 24 months after the deadline "
                "for answers. Only anonymous totals remain (year, sector, counts), published as "
                "the Pact's results. To have a request erased sooner, just write to us.",
            ),
        ),
    ),
]

MARK_FAQ = {
    "title": T("Domande frequenti", "Frequently asked questions"),
    "questions": [
        {
            "question": T("Chi rilascia il marchio?", "Who awards the mark?"),
            "answer": Rich(
                T(
                    "Confcooperative Bergamo, dopo aver verificato i requisiti su documenti "
                    "e con la revisione cooperativa.",
                    "Confcooperative Bergamo, after checking the requirements on documents "
                    "and through the cooperative audit.",
                )
            ),
        },
        {
            "question": T(
                "Come verifico che un fornitore sia certificato?",
                "How do I check that a supplier is certified?",
            ),
            "answer": Rich(
                T(
                    "Cerca la cooperativa nel registro per partita IVA o numero di certificato: "
                    "la pagina mostra lo stato aggiornato a oggi.",
                    "Look the cooperative up in the register by VAT number or certificate "
                    "number: its page shows the status as of today.",
                )
            ),
        },
        {
            "question": T(
                "Il marchio può essere sospeso o revocato?",
                "Can the mark be suspended or revoked?",
            ),
            "answer": Rich(
                T(
                    "Sì. Se un requisito viene meno il marchio è sospeso o revocato, e il "
                    "registro lo mostra pubblicamente con la data.",
                    "Yes. If a requirement is no longer met the mark is suspended or revoked, "
                    "and the register shows it publicly with the date.",
                )
            ),
        },
    ],
}


def _pages(home: HomePage) -> dict[str, Page]:
    mark, _ = add_translated_page(
        home,
        EditorialPage,
        title=T("Il marchio Impact", "The Impact mark"),
        slug=T("marchio-impact", "impact-mark"),
        show_in_menus=True,
        seo_title=T(
            "Il marchio Impact – Effetto cooperativo",
            "The Impact – Effetto cooperativo mark",
        ),
        search_description=T(
            "Che cosa certifica il marchio Impact e quali requisiti deve avere una cooperativa.",
            "What the Impact mark certifies and which requirements a cooperative must meet.",
        ),
        introduction=T(
            "Impact – Effetto cooperativo è il marchio di qualità con cui Confcooperative "
            "Bergamo riconosce le cooperative di lavoro e sociali che garantiscono autenticità "
            "cooperativa, legalità e tutela di chi lavora.",
            "Impact – Effetto cooperativo is the quality mark with which Confcooperative "
            "Bergamo recognises worker and social cooperatives that guarantee genuine "
            "cooperation, legality and the protection of the people who work in them.",
        ),
        body=[
            ("heading", {"text": T("Che cosa certifica", "What it certifies"), "level": "h2"}),
            (
                "paragraph",
                Rich(
                    T(
                        "Il marchio distingue le cooperative che lavorano con standard elevati. "
                        "Non è un'etichetta commerciale: si fonda su verifiche documentate e "
                        "viene rinnovato nel tempo.",
                        "The mark singles out cooperatives that work to high standards. It is "
                        "not a commercial label: it rests on documented checks and is renewed "
                        "over time.",
                    ),
                    T(
                        "Chi sceglie una cooperativa con il marchio sa che i suoi lavoratori "
                        "hanno un contratto regolare e che l'impresa è davvero governata dai soci.",
                        "Whoever chooses a cooperative with the mark knows that its workers "
                        "have a proper contract and that the business is really run by its "
                        "members.",
                    ),
                ),
            ),
            ("checklist", MARK_REQUIREMENTS),
            (
                "key_figures",
                {
                    "title": T("Il registro in breve", "The register at a glance"),
                    "figures": [
                        {"value": "2022", "label": T("anno di istituzione", "year it was set up")},
                        {"value": "5", "label": T("requisiti verificati", "requirements checked")},
                        {
                            "value": "1",
                            "label": T("anno di durata del Patto", "year: the Pact's term"),
                        },
                    ],
                },
            ),
            ("faq", MARK_FAQ),
        ],
    )
    pact, _ = add_translated_page(
        home,
        EditorialPage,
        title=T("Il Patto di responsabilità", "The Responsibility Pact"),
        slug=T("patto-di-responsabilita", "responsibility-pact"),
        show_in_menus=True,
        seo_title=T(
            "Patto di responsabilità per il lavoro di qualità",
            "Responsibility Pact for quality work",
        ),
        search_description=T(
            "L'accordo tra Confcooperative Bergamo e Confindustria Bergamo per il lavoro di qualità.",
            "The agreement between Confcooperative Bergamo and Confindustria Bergamo for quality work.",
        ),
        introduction=T(
            "Il Patto di responsabilità per il lavoro di qualità è un protocollo di un anno "
            "firmato da Confcooperative Bergamo e Confindustria Bergamo: le imprese che "
            "comprano servizi e le cooperative che li offrono si impegnano insieme per un "
            "lavoro regolare e ben fatto.",
            "The Responsibility Pact for quality work is a one-year protocol signed by "
            "Confcooperative Bergamo and Confindustria Bergamo: the companies that buy services "
            "and the cooperatives that provide them commit together to fair, well-done work.",
        ),
        body=[
            ("heading", {"text": T("Chi lo ha firmato", "Who signed it"), "level": "h2"}),
            (
                "paragraph",
                Rich(
                    [
                        T(
                            "Confcooperative Bergamo, l'associazione delle cooperative della provincia",
                            "Confcooperative Bergamo, the association of the province's cooperatives",
                        ),
                        T(
                            "Confindustria Bergamo, l'associazione delle imprese industriali",
                            "Confindustria Bergamo, the association of industrial companies",
                        ),
                    ]
                ),
            ),
            (
                "heading",
                {
                    "text": T("Gli impegni di Confcooperative", "What Confcooperative commits to"),
                    "level": "h2",
                },
            ),
            (
                "paragraph",
                Rich(
                    T(
                        "Con il proprio centro servizi CSA Coesi, Confcooperative Bergamo "
                        "accompagna le cooperative associate:",
                        "Through its service centre CSA Coesi, Confcooperative Bergamo supports "
                        "its member cooperatives with:",
                    ),
                    [
                        T(
                            "informazione sui requisiti e sulle opportunità",
                            "information on requirements and opportunities",
                        ),
                        T("formazione per soci e lavoratori", "training for members and workers"),
                        T(
                            "consulenza organizzativa e gestionale",
                            "organisational and management advice",
                        ),
                        T(
                            "accesso a finanziamenti e agevolazioni",
                            "access to funding and incentives",
                        ),
                    ],
                ),
            ),
            (
                "heading",
                {
                    "text": T("Gli impegni di Confindustria", "What Confindustria commits to"),
                    "level": "h2",
                },
            ),
            (
                "paragraph",
                Rich(
                    T(
                        "Confindustria Bergamo promuove tra le imprese associate collaborazioni "
                        "e acquisti di beni e servizi presso le cooperative con il marchio Impact.",
                        "Confindustria Bergamo encourages its member companies to partner with, "
                        "and buy goods and services from, cooperatives holding the Impact mark.",
                    ),
                ),
            ),
            (
                "heading",
                {"text": T("Durata", "Term"), "level": "h2"},
            ),
            (
                "paragraph",
                Rich(
                    T(
                        "Il Patto dura un anno e può essere rinnovato dalle parti.",
                        "The Pact runs for one year and the parties may renew it.",
                    )
                ),
            ),
        ],
    )
    apply, _ = add_translated_page(
        home,
        EditorialPage,
        title=T("Come aderire", "How to apply"),
        slug=T("come-aderire", "how-to-apply"),
        show_in_menus=True,
        introduction=T(
            "Le cooperative di lavoro e sociali associate a Confcooperative Bergamo possono "
            "chiedere il marchio Impact in quattro passi.",
            "Worker and social cooperatives that are members of Confcooperative Bergamo can "
            "apply for the Impact mark in four steps.",
        ),
        body=[
            (
                "paragraph",
                Rich(
                    [
                        T(
                            "Controlla di avere i cinque requisiti descritti nella pagina del marchio.",
                            "Check that you meet the five requirements described on the mark's page.",
                        ),
                        T(
                            "Raccogli i documenti: verbale di revisione, verbali delle assemblee, "
                            "contratti applicati, attestati di formazione.",
                            "Gather the documents: audit report, minutes of the meetings, "
                            "agreements applied, training certificates.",
                        ),
                        T(
                            "Invia la domanda agli uffici di Confcooperative Bergamo.",
                            "Send the application to the offices of Confcooperative Bergamo.",
                        ),
                        T(
                            "Dopo la verifica la cooperativa entra nel registro con il suo numero di certificato.",
                            "Once checked, the cooperative enters the register with its certificate number.",
                        ),
                    ]
                ),
            ),
            (
                "call_to_action",
                {
                    "title": T("Leggi i requisiti", "Read the requirements"),
                    "text": T(
                        "Tutto quello che serve sapere prima di presentare la domanda.",
                        "All you need to know before you apply.",
                    ),
                    "page": mark,
                    "url": "",
                    "button_label": T("Il marchio Impact", "The Impact mark"),
                },
            ),
        ],
    )
    about, _ = add_translated_page(
        home,
        EditorialPage,
        title=T("Chi siamo", "About"),
        slug=T("chi-siamo", "about"),
        show_in_menus=True,
        introduction=T(
            "Il registro è tenuto da Confcooperative Bergamo, che lo ha istituito il 19 novembre "
            "2022 e lo ha presentato al Festival Città Impresa di Bergamo.",
            "The register is kept by Confcooperative Bergamo, which set it up on 19 November "
            "2022 and presented it at the Festival Città Impresa in Bergamo.",
        ),
        body=[
            (
                "paragraph",
                Rich(
                    T(
                        "Il suo nome completo è Registro delle imprese cooperative di qualità del "
                        "settore lavoro e inserimento lavorativo. Raccoglie le cooperative che "
                        "hanno ottenuto il marchio e ne racconta la storia delle certificazioni.",
                        "Its full name is the Register of quality cooperative enterprises in the "
                        "work and job-placement sector. It lists the cooperatives that hold the "
                        "mark and tells the history of their certifications.",
                    )
                ),
            ),
        ],
    )
    legal = {}
    for key, title, slug, text in [
        (
            "privacy",
            T("Informativa sulla privacy", "Privacy notice"),
            T("privacy", "privacy"),
            T(
                "Questo sito non usa cookie di profilazione e non raccoglie dati personali dei "
                "visitatori, salvo quelli inviati volontariamente con il modulo di richiesta "
                "informazioni o scrivendo agli indirizzi indicati: servono solo a rispondere e sono "
                "conservati nell'area riservata della redazione.",
                "This site uses no profiling cookies and collects no personal data from "
                "visitors, except what they choose to send through the enquiry form or by writing "
                "to the addresses shown: it is used only to answer them and kept in the editors' "
                "area.",
            ),
        ),
        (
            "cookies",
            T("Cookie", "Cookies"),
            T("cookie", "cookies"),
            T(
                "Il sito usa solo cookie tecnici necessari al funzionamento, come quello della "
                "lingua e quelli dell'area riservata agli editori.",
                "The site only uses technical cookies it needs to work, such as the language "
                "cookie and those of the editors' area.",
            ),
        ),
        (
            "accessibility",
            T("Dichiarazione di accessibilità", "Accessibility statement"),
            T("accessibilita", "accessibility"),
            accessibility_statement.INTRODUCTION,
        ),
    ]:
        body = {
            "accessibility": accessibility_statement.BODY,
            "privacy": ALERTS_PRIVACY + QUOTES_PRIVACY,
        }.get(key, [])
        legal[key], _ = add_translated_page(
            home, EditorialPage, title=title, slug=slug, introduction=text, body=body
        )
    return {"mark": mark, "pact": pact, "apply": apply, "about": about, **legal}


def _home() -> HomePage:
    site = Site.objects.get(is_default_site=True)
    if isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    root = Page.get_first_root_node()
    placeholder = site.root_page
    if placeholder.specific_class is Page and placeholder.is_leaf():
        site.root_page = root
        site.save()
        placeholder.delete()  # Wagtail's "Welcome" page, made by its first migration
    hero = generated_image("Impact hero", ("#00665e", "#0b7a70"))
    fields = {
        "title": T("Registro Impact", "Impact register"),
        "slug": T("home", "home"),
        "hero_title": T(
            "Cooperative di qualità, verificate",
            "Quality cooperatives, checked",
        ),
        "hero_text": T(
            "Il registro pubblico delle cooperative di lavoro e sociali della provincia di "
            "Bergamo con il marchio Impact – Effetto cooperativo: trova un fornitore affidabile "
            "e verifica in un attimo che la sua certificazione sia valida.",
            "The public register of worker and social cooperatives of the province of Bergamo "
            "holding the Impact – Effetto cooperativo mark: find a reliable supplier and check "
            "in a moment that its certification is valid.",
        ),
    }
    home = HomePage(locale=italian(), hero_image=hero, **{k: v.it for k, v in fields.items()})
    root.add_child(instance=home)
    home.save_revision().publish()
    site.root_page = home
    site.site_name = "Registro Impact"
    site.save()
    publish_translation(home, "en", translations(fields))
    return home


def _footer_and_settings(pages: dict[str, Page]) -> None:
    if not FooterText.objects.exists():
        text = T(
            "Il registro delle cooperative con il marchio Impact – Effetto cooperativo, "
            "tenuto da Confcooperative Bergamo.",
            "The register of cooperatives holding the Impact – Effetto cooperativo mark, "
            "kept by Confcooperative Bergamo.",
        )
        footer = FooterText(locale=italian(), body=f"<p>{text.it}</p>")
        footer.save()
        footer.save_revision().publish()
        publish_translation(footer, "en", {text.it: text.en})
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    if not settings.email:
        settings.organisation = "Confcooperative Bergamo"
        settings.address = "Via Serassi 7\n24124 Bergamo (BG)"
        settings.email = "registro.impact@example.org"
        settings.phone = "+39 035 000 0000"
        settings.privacy_page = pages["privacy"]
        settings.cookie_page = pages["cookies"]
        settings.accessibility_page = pages["accessibility"]
        settings.linkedin_url = "https://www.linkedin.com/company/example"
        settings.save()


def load() -> None:
    home = _home()
    pages = _pages(home)
    _footer_and_settings(pages)
