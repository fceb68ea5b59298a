import pytest
from wagtail.models import Locale

from infrastructure.localization import publish_translation
from register.models import Area, RegisterPage, Sector
from tests.factories import AreaFactory, SectorFactory


@pytest.fixture
def manager(client, django_user_model):
    """A superuser signed in to the admin: the register's managing views, as the admin sees them."""
    user = django_user_model.objects.create_superuser("manager", "m@example.org", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def register_page(site) -> RegisterPage:
    return site.register_it


@pytest.fixture
def test_terms(db):
    """A sector and a province with two zones used by no demo record, so counts are exact."""
    italian = Locale.objects.get(language_code="it")
    sector = Sector.objects.create(code="prova", name="Settore di prova", locale=italian)
    other_sector = Sector.objects.create(code="prova-2", name="Altro settore", locale=italian)
    province = Area.objects.create(code="zz", name="Provincia di prova", locale=italian)
    north = Area.objects.create(code="zz-nord", name="Zona nord", parent=province, locale=italian)
    south = Area.objects.create(code="zz-sud", name="Zona sud", parent=province, locale=italian)
    publish_translation(sector, "en", {"Settore di prova": "Test sector"})
    return {
        "sector": sector,
        "other_sector": other_sector,
        "province": province,
        "north": north,
        "south": south,
    }


# Some of the demo's sectors and areas, under its codes and names (demo/register.py): the
# import's test files and template name them.
DEMO_SECTORS = {
    "pulizie": ("Pulizie", "Cleaning"),
    "servizi-integrati": ("Servizi integrati e facility", "Facility services"),
    "logistica": ("Logistica e magazzino", "Logistics and warehousing"),
    "ristorazione": ("Ristorazione collettiva", "Catering"),
    "manutenzione-verde": ("Manutenzione del verde", "Green maintenance"),
    "trasporti": ("Trasporti", "Transport"),
}
DEMO_PROVINCE = ("bg", ("Provincia di Bergamo", "Province of Bergamo"))
DEMO_ZONES = {
    "bg-citta": ("Bergamo e hinterland", "Bergamo and surroundings"),
    "bg-isola": ("Isola Bergamasca", "Isola Bergamasca"),
    "bg-valle-seriana": ("Valle Seriana", "Seriana Valley"),
}


def demo_terms(*, english: bool) -> dict[str, dict]:
    """DEMO_SECTORS and the province of Bergamo with DEMO_ZONES, in Italian, and in English
    too (published translations, as the demo makes them) when `english`."""

    def names(pair: tuple[str, str]) -> dict[str, str]:
        return {"name": pair[0], "english": pair[1] if english else None}

    sectors = {code: SectorFactory(code=code, **names(pair)) for code, pair in DEMO_SECTORS.items()}
    code, pair = DEMO_PROVINCE
    province = AreaFactory(code=code, **names(pair))
    areas = {code: province} | {
        code: AreaFactory(code=code, parent=province, **names(pair))
        for code, pair in DEMO_ZONES.items()
    }
    return {"sectors": sectors, "areas": areas}


@pytest.fixture
def demo_vocabulary(db) -> dict[str, dict]:
    """demo_terms in Italian only: the import reads codes, never the English terms."""
    return demo_terms(english=False)


@pytest.fixture
def translated_vocabulary(db) -> dict[str, dict]:
    """demo_terms in both languages, for the tests of which language a term is in."""
    return demo_terms(english=True)
