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
            _term(Area, zone_code, zone_name, order, parent=province)
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
