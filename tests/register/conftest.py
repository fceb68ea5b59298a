import datetime
import itertools

import pytest
from django.utils import timezone
from stdnum import luhn
from wagtail.models import Locale

from home.localization import publish_translation
from register.models import Area, CertificationEvent, Cooperative, RegisterPage, Sector

_serial = itertools.count(9_000_000)


def valid_vat() -> str:
    first_ten = f"{next(_serial):07d}016"  # 016: the Bergamo tax office
    return first_ten + luhn.calc_check_digit(first_ten)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def register_page(db) -> RegisterPage:
    return RegisterPage.objects.get(locale__language_code="it")


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


ACTIVE = [("issued", -400, 700)]
SUSPENDED = [("issued", -400, 700), ("suspended", -10, None)]
REVOKED = [("issued", -400, 700), ("revoked", -10, None)]
EXPIRED = [("issued", -800, -5)]


@pytest.fixture
def make_cooperative(db):
    def make(
        name: str,
        *,
        sectors=(),
        areas=(),
        legal_form: str = "lavoro",
        history=ACTIVE,
        publish: bool = True,
        english: str | None = None,
        **fields,
    ) -> Cooperative:
        italian = Locale.objects.get(language_code="it")
        description = fields.pop("description", f"<p>Descrizione di {name}.</p>")
        cooperative = Cooperative(
            locale=italian,
            name=name,
            slug=fields.pop("slug", name.lower().replace(" ", "-")),
            legal_form=legal_form,
            vat_number=fields.pop("vat_number", None) or valid_vat(),
            comune=fields.pop("comune", "Bergamo"),
            description=description,
            live=publish,
            **fields,
        )
        cooperative.full_clean()
        cooperative.save()
        cooperative.sectors.set(sectors)
        cooperative.areas.set(areas)
        cooperative.save()
        revision = cooperative.save_revision()
        if publish:
            revision.publish()
        for kind, start, until in history:
            CertificationEvent.objects.create(
                cooperative=cooperative,
                kind=kind,
                date=days(start),
                valid_until=days(until) if until is not None else None,
                public_note=f"Nota {kind}",
            )
        if english:
            text = description.removeprefix("<p>").removesuffix("</p>")
            publish_translation(cooperative, "en", {text: english})
        cooperative.refresh_from_db()
        return cooperative

    return make
