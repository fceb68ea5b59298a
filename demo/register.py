"""Demo content of the register: sectors, areas, the register page and fictional cooperatives."""

from home.models import HomePage
from infrastructure.localization import publish_translation
from register.models import Area, RegisterPage, Sector

from .cooperatives import load_cooperatives
from .tools import Rich, T, add_translated_page, italian

SECTORS = [
    ("pulizie", T("Pulizie", "Cleaning")),
    ("servizi-integrati", T("Servizi integrati e facility", "Facility services")),
    ("logistica", T("Logistica e magazzino", "Logistics and warehousing")),
    ("ristorazione", T("Ristorazione collettiva", "Catering")),
    ("manutenzione-verde", T("Manutenzione del verde", "Green maintenance")),
    ("socio-sanitari", T("Servizi socio-sanitari", "Social and health services")),
    ("educativi", T("Servizi educativi", "Education services")),
    ("conto-terzi", T("Lavorazioni industriali conto terzi", "Industrial subcontracting")),
    ("trasporti", T("Trasporti", "Transport")),
    ("data-entry", T("Data entry e servizi d'ufficio", "Data entry and office services")),
    ("accoglienza", T("Accoglienza e portierato", "Reception and concierge")),
]

PROVINCES = [
    (
        "bg",
        T("Provincia di Bergamo", "Province of Bergamo"),
        [
            ("bg-citta", T("Bergamo e hinterland", "Bergamo and surroundings")),
            ("bg-valle-seriana", T("Valle Seriana", "Seriana Valley")),
            ("bg-valle-brembana", T("Valle Brembana", "Brembana Valley")),
            ("bg-valle-imagna", T("Valle Imagna", "Imagna Valley")),
            ("bg-valle-cavallina", T("Valle Cavallina", "Cavallina Valley")),
            ("bg-isola", T("Isola Bergamasca", "Isola Bergamasca")),
            ("bg-bassa", T("Bassa Bergamasca", "Lower Bergamo plain")),
            ("bg-sebino", T("Sebino e Val Calepio", "Lake Iseo and Val Calepio")),
        ],
    ),
    ("mi", T("Provincia di Milano", "Province of Milan"), []),
    ("bs", T("Provincia di Brescia", "Province of Brescia"), []),
]


# The municipalities of each demo zone (by name, as in ISTAT's list): the map draws them.
ZONE_COMUNI = {
    "bg-citta": "Bergamo; Azzano San Paolo; Curno; Dalmine; Gorle; Grassobbio; Lallio; Mozzo; "
    "Orio al Serio; Pedrengo; Ponteranica; Ranica; Scanzorosciate; Seriate; Sorisole; Stezzano; "
    "Torre Boldone; Treviolo; Valbrembo; Zanica; Osio Sotto; Osio Sopra; Levate; Comun Nuovo; "
    "Paladina; Brusaporto; Bagnatica; Cavernago",
    "bg-valle-seriana": "Alzano Lombardo; Nembro; Albino; Pradalunga; Villa di Serio; "
    "Gazzaniga; Vertova; Fiorano al Serio; Cene; Casnigo; Gandino; Leffe; Peia; Cazzano "
    "Sant'Andrea; Colzate; Ponte Nossa; Premolo; Gorno; Oneta; Parre; Clusone; Rovetta; "
    "Fino del Monte; Onore; Songavazzo; Cerete; Castione della Presolana; Piario; Villa d'Ogna; "
    "Ardesio; Gromo; Gandellino; Valbondione; Valgoglio; Oltressenda Alta; Selvino; Aviatico",
    "bg-valle-brembana": "Zogno; San Pellegrino Terme; San Giovanni Bianco; Piazza Brembana; "
    "Villa d'Almè; Almè; Sedrina; Ubiale Clanezzo; Val Brembilla; Serina; Costa Serina; "
    "Dossena; Camerata Cornello; Lenna; Branzi; Carona; Foppolo; Valleve; Olmo al Brembo; "
    "Mezzoldo; Averara; Santa Brigida; Cusio; Ornica; Valtorta; Cassiglio; Piazzolo; "
    "Roncobello; Moio de' Calvi; Isola di Fondra; Valnegra; Taleggio; Vedeseta; Algua; "
    "Bracca; Oltre il Colle",
    "bg-valle-imagna": "Almenno San Bartolomeo; Almenno San Salvatore; Sant'Omobono Terme; "
    "Strozza; Capizzone; Bedulita; Berbenno; Roncola; Costa Valle Imagna; Fuipiano Valle "
    "Imagna; Locatello; Corna Imagna; Brumano; Palazzago; Barzana",
    "bg-valle-cavallina": "Trescore Balneario; Casazza; Entratico; Endine Gaiano; Zandobbio; "
    "Gorlago; Carobbio degli Angeli; Vigano San Martino; Borgo di Terzo; Luzzana; Berzo San "
    "Fermo; Grone; Monasterolo del Castello; Spinone al Lago; Ranzanico; Bianzano; Gaverina "
    "Terme; Cenate Sopra; Cenate Sotto; San Paolo d'Argon; Albano Sant'Alessandro; Torre de' "
    "Roveri",
    "bg-isola": "Ponte San Pietro; Brembate; Brembate di Sopra; Calusco d'Adda; Capriate San "
    "Gervasio; Terno d'Isola; Bonate Sopra; Bonate Sotto; Presezzo; Mapello; Chignolo d'Isola; "
    "Madone; Filago; Bottanuco; Suisio; Medolago; Solza; Carvico; Sotto il Monte Giovanni "
    "XXIII; Ambivere; Villa d'Adda; Cisano Bergamasco; Pontida; "
    "Caprino Bergamasco; Torre de' Busi; Calusco d'Adda",
    "bg-bassa": "Treviglio; Romano di Lombardia; Caravaggio; Martinengo; Verdello; Cologno al "
    "Serio; Ghisalba; Calcio; Arcene; Ciserano; Boltiere; Verdellino; Pognano; Spirano; Urgnano; "
    "Lurano; Castel Rozzone; Brignano Gera d'Adda; Pagazzano; Morengo; Bariano; Fornovo San "
    "Giovanni; Mozzanica; Fara Olivana con Sola; Covo; Antegnate; Fontanella; Barbata; Isso; "
    "Casirate d'Adda; Arzago d'Adda; Calvenzano; Misano di Gera d'Adda; Canonica "
    "d'Adda; Fara Gera d'Adda; Pontirolo Nuovo; Cortenuova; Cividate al Piano; Palosco; "
    "Mornico al Serio; Bolgare; Telgate; Chiuduno; Grumello del Monte; Torre Pallavicina; "
    "Pumenengo; Calcinate; Costa di Mezzate; Montello",
    "bg-sebino": "Lovere; Sarnico; Costa Volpino; Villongo; Credaro; Castelli Calepio; "
    "Gandosso; Foresto Sparso; Adrara San Martino; Adrara San Rocco; Viadanica; Predore; "
    "Tavernola Bergamasca; Parzanica; Vigolo; Riva di Solto; Solto Collina; Fonteno; Pianico; "
    "Sovere; Bossico; Castro; Rogno; Predore",
}


def _term(model, code: str, name: T, order: int, **fields):
    existing = model.objects.filter(code=code, locale=italian()).first()
    if existing:
        return existing
    term = model.objects.create(
        code=code, name=name.it, sort_order=order, locale=italian(), **fields
    )
    publish_translation(term, "en", {name.it: name.en})
    return term


def load_taxonomies() -> None:
    for order, (code, name) in enumerate(SECTORS):
        _term(Sector, code, name, order)
    order = 0
    for code, name, zones in PROVINCES:
        province = _term(Area, code, name, order)
        for zone_code, zone_name in zones:
            order += 1
            _term(
                Area,
                zone_code,
                zone_name,
                order,
                parent=province,
                comuni=ZONE_COMUNI.get(zone_code, ""),
            )
        order += 1


def load_register_page() -> RegisterPage:
    home = HomePage.objects.get(locale=italian())
    page, _created = add_translated_page(
        home,
        RegisterPage,
        title=T("Registro delle cooperative", "Register of cooperatives"),
        slug=T("registro", "register"),
        show_in_menus=True,
        seo_title=T("Registro delle cooperative Impact", "Register of Impact cooperatives"),
        search_description=T(
            "Cerca le cooperative certificate Impact per settore e zona e verifica un fornitore.",
            "Find Impact-certified cooperatives by sector and area, and verify a supplier.",
        ),
        introduction=Rich(
            T(
                "Le cooperative di lavoro e sociali che hanno ottenuto il marchio Impact – "
                "Effetto cooperativo. Filtra per settore, zona e forma giuridica, oppure verifica "
                "un fornitore con la partita IVA.",
                "The worker and social cooperatives that hold the Impact – Effetto cooperativo "
                "mark. Filter by sector, area and legal form, or verify a supplier by VAT number.",
            )
        ),
    )
    # The register comes right after the mark in the menu, in both languages.
    mark = home.get_children().filter(slug="marchio-impact").first()
    if _created and mark:
        for translation in page.get_translations(inclusive=True):
            translation.move(mark.get_translation(translation.locale), pos="right")
    return page


def load() -> None:
    load_taxonomies()
    load_register_page()
    load_cooperatives()
