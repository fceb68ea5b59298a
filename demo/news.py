"""Demo newsroom: categories, a press contact and news written here in Italian and English."""

import datetime

from home.models import HomePage
from infrastructure.localization import publish_translation
from news.models import NewsCategory, NewsIndexPage, NewsPage, NewsPageCategory, PressContact

from .tools import Rich, T, add_translated_page, generated_image, italian

CATEGORIES = [
    ("comunicati", T("Comunicati stampa", "Press releases")),
    ("eventi", T("Eventi", "Events")),
    ("registro", T("Aggiornamenti del registro", "Register updates")),
    ("formazione", T("Formazione", "Training")),
]

# (date, category, slug, title, standfirst, paragraphs, tags)
NEWS = [
    (
        datetime.date(2022, 11, 19),
        "comunicati",
        T("nasce-il-registro-impact", "the-impact-register-is-launched"),
        T(
            "Nasce il registro Impact: un marchio per il lavoro cooperativo di qualità",
            "The Impact register is launched: a mark for quality cooperative work",
        ),
        T(
            "Al Festival Città Impresa di Bergamo Confcooperative Bergamo presenta il marchio "
            "Impact – Effetto cooperativo, il registro delle cooperative che lo ottengono e il "
            "Patto di responsabilità firmato con Confindustria Bergamo.",
            "At the Festival Città Impresa in Bergamo, Confcooperative Bergamo presents the "
            "Impact – Effetto cooperativo mark, the register of the cooperatives that earn it "
            "and the Responsibility Pact signed with Confindustria Bergamo.",
        ),
        [
            T(
                "Il registro delle imprese cooperative di qualità del settore lavoro e inserimento "
                "lavorativo raccoglie le cooperative che dimostrano autenticità, legalità e tutela "
                "dei lavoratori: revisione cooperativa superata, assemblee dei soci partecipate, "
                "contratti collettivi firmati dalle principali centrali, un percorso di qualità "
                "avviato e formazione continua.",
                "The register of quality cooperative enterprises in the work and job-placement "
                "sector lists the cooperatives that prove they are genuine, lawful and protect "
                "their workers: a passed cooperative audit, well-attended members' meetings, "
                "collective agreements signed by the main associations, a quality path under way "
                "and ongoing training.",
            ),
            T(
                "Con il Patto, della durata di un anno, Confindustria Bergamo si impegna a far "
                "conoscere il marchio alle proprie imprese e a favorire collaborazioni e acquisti "
                "presso le cooperative certificate; Confcooperative Bergamo, con CSA Coesi, "
                "accompagna le cooperative con informazione, formazione, consulenza e accesso "
                "ai finanziamenti.",
                "Under the one-year Pact, Confindustria Bergamo undertakes to make the mark known "
                "to its member companies and to encourage partnerships with, and purchases from, "
                "certified cooperatives; Confcooperative Bergamo, with CSA Coesi, supports the "
                "cooperatives with information, training, advice and access to funding.",
            ),
        ],
        ["Impact", "Patto"],
    ),
    (
        datetime.date(2023, 2, 14),
        "registro",
        T("prime-cooperative-certificate", "first-cooperatives-certified"),
        T("Le prime cooperative entrano nel registro", "The first cooperatives join the register"),
        T(
            "Dopo le verifiche dei primi mesi, il registro pubblica le prime cooperative con il "
            "marchio Impact, consultabili per settore e per zona.",
            "After the checks of the first months, the register publishes the first cooperatives "
            "holding the Impact mark, searchable by sector and area.",
        ),
        [
            T(
                "Ogni cooperativa ha una pagina con i requisiti verificati, le date delle verifiche "
                "e la storia del certificato.",
                "Each cooperative has a page with the requirements checked, the dates of the "
                "checks and the history of its certificate.",
            ),
        ],
        ["Registro"],
    ),
    (
        datetime.date(2023, 5, 9),
        "formazione",
        T("formazione-sicurezza-2023", "safety-training-2023"),
        T(
            "Un percorso di formazione sulla sicurezza per le cooperative",
            "A safety training course for cooperatives",
        ),
        T(
            "CSA Coesi organizza sei incontri sulla sicurezza nei cantieri di pulizia e "
            "manutenzione, aperti ai soci e ai lavoratori delle cooperative associate.",
            "CSA Coesi runs six sessions on safety at cleaning and maintenance sites, open to "
            "members and workers of associated cooperatives.",
        ),
        [
            T(
                "La partecipazione alla formazione è uno dei requisiti del marchio: gli attestati "
                "valgono per la verifica annuale.",
                "Taking part in training is one of the mark's requirements: the certificates "
                "count towards the yearly check.",
            ),
        ],
        ["Formazione", "Sicurezza"],
    ),
    (
        datetime.date(2023, 10, 12),
        "eventi",
        T("incontro-imprese-cooperative-2023", "companies-meet-cooperatives-2023"),
        T("Imprese e cooperative si incontrano", "Companies meet cooperatives"),
        T(
            "Un pomeriggio di incontri tra gli uffici acquisti delle imprese di Confindustria "
            "Bergamo e le cooperative certificate.",
            "An afternoon of meetings between the purchasing offices of Confindustria Bergamo's "
            "companies and the certified cooperatives.",
        ),
        [
            T(
                "Trenta imprese hanno presentato i servizi che cercano; le cooperative hanno "
                "raccontato come lavorano e quali garanzie offrono.",
                "Thirty companies presented the services they look for; the cooperatives "
                "explained how they work and what guarantees they offer.",
            ),
        ],
        ["Patto", "Acquisti"],
    ),
    (
        datetime.date(2023, 11, 20),
        "comunicati",
        T("patto-rinnovato-2023", "pact-renewed-2023"),
        T(
            "Rinnovato il Patto di responsabilità per il lavoro di qualità",
            "The Responsibility Pact for quality work is renewed",
        ),
        T(
            "Confcooperative Bergamo e Confindustria Bergamo confermano per un altro anno gli "
            "impegni del Patto.",
            "Confcooperative Bergamo and Confindustria Bergamo confirm the Pact's commitments "
            "for another year.",
        ),
        [
            T(
                "Il bilancio del primo anno è positivo: più cooperative certificate e più "
                "collaborazioni con le imprese del territorio.",
                "The first year's results are positive: more certified cooperatives and more "
                "partnerships with local companies.",
            ),
        ],
        ["Patto"],
    ),
    (
        datetime.date(2024, 3, 5),
        "registro",
        T("verifica-online-fornitori", "online-supplier-verification"),
        T(
            "Verificare un fornitore ora richiede pochi secondi",
            "Checking a supplier now takes seconds",
        ),
        T(
            "Con la partita IVA o il numero di certificato il registro dice subito se il marchio "
            "di una cooperativa è valido.",
            "With the VAT number or the certificate number the register says at once whether a "
            "cooperative's mark is valid.",
        ),
        [
            T(
                "La risposta è disponibile anche in formato JSON, per i sistemi degli uffici "
                "acquisti.",
                "The answer is also available as JSON, for purchasing systems.",
            ),
        ],
        ["Registro", "Verifica"],
    ),
    (
        datetime.date(2024, 6, 18),
        "eventi",
        T("festa-cooperazione-2024", "cooperation-day-2024"),
        T("La giornata della cooperazione a Bergamo", "Cooperation day in Bergamo"),
        T(
            "Una giornata aperta alla città per conoscere le cooperative del territorio e il "
            "loro lavoro.",
            "A day open to the city to meet the area's cooperatives and their work.",
        ),
        [
            T(
                "Stand, laboratori e incontri pubblici hanno coinvolto cittadini, scuole e imprese.",
                "Stands, workshops and public talks involved citizens, schools and companies.",
            ),
        ],
        ["Eventi"],
    ),
    (
        datetime.date(2024, 11, 22),
        "registro",
        T("registro-due-anni", "register-two-years-on"),
        T("Il registro compie due anni", "The register turns two"),
        T(
            "A due anni dalla nascita, il registro conta cooperative in tutte le zone della "
            "provincia e in undici settori.",
            "Two years after its launch, the register lists cooperatives in every area of the "
            "province and in eleven sectors.",
        ),
        [
            T(
                "Alcuni marchi sono stati sospesi o revocati dopo le verifiche: il registro lo "
                "mostra con la data, perché chi compra possa fidarsi.",
                "Some marks were suspended or revoked after the checks: the register shows it "
                "with the date, so that buyers can trust it.",
            ),
        ],
        ["Registro"],
    ),
    (
        datetime.date(2025, 4, 8),
        "formazione",
        T("qualita-iso-2025", "quality-iso-2025"),
        T(
            "Accompagnare le cooperative verso la certificazione di qualità",
            "Helping cooperatives towards quality certification",
        ),
        T(
            "Un servizio di consulenza di CSA Coesi aiuta le cooperative ad avviare la "
            "certificazione del sistema di gestione della qualità.",
            "An advisory service of CSA Coesi helps cooperatives start certifying their quality "
            "management system.",
        ),
        [
            T(
                "Avere avviato un percorso di certificazione di qualità è un requisito del marchio.",
                "Having begun a quality certification path is a requirement of the mark.",
            ),
        ],
        ["Qualità", "Formazione"],
    ),
    (
        datetime.date(2025, 11, 19),
        "comunicati",
        T("tre-anni-impact", "three-years-of-impact"),
        T("Tre anni di Impact", "Three years of Impact"),
        T(
            "Il marchio compie tre anni: le cooperative certificate raccontano che cosa è "
            "cambiato nel rapporto con le imprese clienti.",
            "The mark turns three: the certified cooperatives tell what changed in their "
            "relationship with client companies.",
        ),
        [
            T(
                "Contratti più lunghi, capitolati che riconoscono il costo del lavoro regolare e "
                "più attenzione alla formazione: sono i cambiamenti citati più spesso.",
                "Longer contracts, specifications that recognise the cost of fair work and more "
                "attention to training are the changes mentioned most often.",
            ),
        ],
        ["Impact"],
    ),
    (
        datetime.date(2026, 9, 15),
        "eventi",
        T("open-day-cooperative-2026", "cooperatives-open-day-2026"),
        T("Le cooperative aprono le porte", "Cooperatives open their doors"),
        T(
            "Per una settimana le cooperative certificate accolgono imprese e cittadini nelle "
            "proprie sedi e nei cantieri.",
            "For a week the certified cooperatives welcome companies and citizens to their "
            "premises and work sites.",
        ),
        [
            T(
                "Il calendario delle visite è pubblicato dalle singole cooperative.",
                "Each cooperative publishes its own visiting times.",
            ),
        ],
        ["Eventi"],
    ),
]


def _translated(model, lookup: dict, name_field: str, text: T, **fields):
    existing = model.objects.filter(locale=italian(), **lookup).first()
    if existing:
        return existing
    record = model.objects.create(locale=italian(), **lookup, **{name_field: text.it}, **fields)
    publish_translation(record, "en", {text.it: text.en})
    return record


def load() -> None:
    categories = {
        code: _translated(NewsCategory, {"code": code}, "name", name) for code, name in CATEGORIES
    }
    contact = _translated(
        PressContact,
        {"email": "stampa@example.org"},
        "office",
        T("Ufficio stampa Confcooperative Bergamo", "Confcooperative Bergamo press office"),
        phone="+39 035 000 0001",
    )
    home = HomePage.objects.get(locale=italian())
    index, _created = add_translated_page(
        home,
        NewsIndexPage,
        title=T("Notizie", "News"),
        slug=T("notizie", "news"),
        show_in_menus=True,
        introduction=Rich(
            T(
                "Comunicati stampa, eventi e aggiornamenti sul registro e sul marchio Impact.",
                "Press releases, events and updates on the register and the Impact mark.",
            )
        ),
    )
    share_image = generated_image("Impact news", ("#004c47", "#00665e"), size=(1200, 630))
    for date, category, slug, title, standfirst, paragraphs, tags in NEWS:
        add_translated_page(
            index,
            NewsPage,
            prepare=lambda page, tags=tags: page.tags.add(*tags),
            title=title,
            slug=slug,
            date=date,
            place=T("Bergamo", "Bergamo"),
            standfirst=standfirst,
            featured=slug.it == "nasce-il-registro-impact",
            share_image=share_image,
            press_contact=contact,
            category_links=[NewsPageCategory(category=categories[category])],
            body=[("paragraph", Rich(*paragraphs))],
        )
