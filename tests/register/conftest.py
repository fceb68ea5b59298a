import pytest
from wagtail.models import Locale

from infrastructure.localization import publish_translation
from register.models import Area, RegisterPage, Sector
from tests.factories import demo_terms


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


@pytest.fixture
def demo_vocabulary(db) -> dict[str, dict]:
    """demo_terms in Italian only: the import reads codes, never the English terms."""
    return demo_terms(english=False)


@pytest.fixture
def translated_vocabulary(db) -> dict[str, dict]:
    """demo_terms in both languages, for the tests of which language a term is in."""
    return demo_terms(english=True)
