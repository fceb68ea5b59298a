"""A cooperative's sectors and areas are terms of its own language, on every path that writes
them (admin forms, the model's validation, translation, import), and existing rows that break
the rule are found and repaired (`check_register_data`, migration 0005)."""

import importlib
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail.test.utils.form_data import rich_text

from infrastructure.localization import publish_translation
from register.integrity import find_wrong_locale_links
from register.models import Area, Cooperative, Sector

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site", "translated_vocabulary")]


def term(model, code: str, language: str):
    return model.objects.get(code=code, locale__language_code=language)


def offered_ids(html: str, field: str) -> set[int]:
    """The ids a form offers for a many-to-many field (checkboxes or a multiple select)."""
    checkboxes = re.findall(rf'name="{field}" value="(\d+)"', html)
    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', html, re.S)
    options = re.findall(r'<option value="(\d+)"', select.group(1)) if select else []
    return {int(value) for value in [*checkboxes, *options]}


def ids(model, language: str) -> set[int]:
    return set(model.objects.filter(locale__language_code=language).values_list("pk", flat=True))


def test_the_edit_forms_offer_only_terms_of_the_records_language(client, manager, make_cooperative):
    cooperative = make_cooperative("Scelte Italiane", english="Choices in English.")
    edit = reverse("wagtailsnippets_register_cooperative:edit", args=[cooperative.pk])
    html = client.get(edit).content.decode()
    assert offered_ids(html, "sectors") == ids(Sector, "it")
    assert offered_ids(html, "areas") == ids(Area, "it")
    # An English translation is edited in wagtail-localize's editor; its own form (after
    # "convert to manual") offers the English terms.
    english = cooperative.get_translation(Locale.objects.get(language_code="en"))
    form_class = Cooperative.snippet_viewset.get_edit_handler().get_form_class()
    form = form_class(instance=english, for_user=manager)
    assert set(form.fields["sectors"].queryset.values_list("pk", flat=True)) == ids(Sector, "en")
    assert set(form.fields["areas"].queryset.values_list("pk", flat=True)) == ids(Area, "en")
    add = reverse("wagtailsnippets_register_cooperative:add")
    for language in ("it", "en"):
        html = client.get(add, {"locale": language}).content.decode()
        assert offered_ids(html, "sectors") == ids(Sector, language)
        assert offered_ids(html, "areas") == ids(Area, language)


def edit_data(cooperative: Cooperative, **changes) -> dict:
    data = {
        "name": cooperative.name,
        "slug": cooperative.slug,
        "legal_form": cooperative.legal_form,
        "vat_number": cooperative.vat_number,
        "comune": cooperative.comune,
        "province": cooperative.province,
        "description": rich_text(cooperative.description),
        "sectors": [s.pk for s in cooperative.sectors.all()],
        "areas": [a.pk for a in cooperative.areas.all()],
        # The operating sites' inline formset, empty.
        "operating_sites-TOTAL_FORMS": "0",
        "operating_sites-INITIAL_FORMS": "0",
        "operating_sites-MIN_NUM_FORMS": "0",
        "operating_sites-MAX_NUM_FORMS": "1000",
    }
    return {**data, **changes}


def test_ticking_a_sector_of_the_other_language_is_refused(client, manager, make_cooperative):
    """The issue's click: the English "Logistics and warehousing" on an Italian cooperative."""
    italian_sector = term(Sector, "pulizie", "it")
    cooperative = make_cooperative(
        "Un Clic", sectors=[italian_sector], areas=[term(Area, "bg-isola", "it")]
    )
    logistics_en = term(Sector, "logistica", "en")
    url = reverse("wagtailsnippets_register_cooperative:edit", args=[cooperative.pk])

    response = client.post(
        url, edit_data(cooperative, sectors=[italian_sector.pk, logistics_en.pk])
    )

    assert response.status_code == 200  # the form again, with the error
    assert response.context["form"].errors["sectors"]
    cooperative.refresh_from_db()
    assert list(cooperative.sectors.all()) == [italian_sector]
    assert cooperative.get_latest_revision().as_object().sectors.all()[0] == italian_sector
    # The Italian term of the same name is accepted.
    logistics_it = term(Sector, "logistica", "it")
    response = client.post(
        url, edit_data(cooperative, sectors=[italian_sector.pk, logistics_it.pk])
    )
    assert response.status_code == 302
    revision = Cooperative.objects.get(pk=cooperative.pk).get_latest_revision().as_object()
    assert {s.code for s in revision.sectors.all()} == {"pulizie", "logistica"}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("it", "Si possono scegliere solo settori nella lingua di questa scheda (Italiano)"),
        ("en", "Only sectors in the language of this record (Italian) can be chosen"),
    ],
)
def test_the_model_refuses_terms_of_another_language(make_cooperative, language, message):
    cooperative = make_cooperative("Modello Rigoroso", sectors=[term(Sector, "pulizie", "it")])
    cooperative.sectors.add(term(Sector, "logistica", "en"))
    cooperative.areas.set([term(Area, "bg-isola", "en")])
    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            cooperative.full_clean()
        errors = refused.value.message_dict
    assert set(errors) == {"sectors", "areas"}
    assert message in errors["sectors"][0]
    assert "“Logistics and warehousing”" in errors["sectors"][0]
    assert "“Isola Bergamasca”" in errors["areas"][0]


def test_a_zone_belongs_to_a_province_of_its_own_language():
    zone = term(Area, "bg-isola", "it")
    zone.parent = term(Area, "bg", "en")
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            zone.full_clean()
        message = refused.value.message_dict["parent"][0]
    assert "“Province of Bergamo” is in another language" in message
    zone.parent = term(Area, "bg", "it")
    zone.full_clean()


def test_a_translation_gets_the_same_terms_in_its_own_language(make_cooperative):
    cooperative = make_cooperative(
        "Tradotta Bene",
        sectors=[term(Sector, "pulizie", "it"), term(Sector, "logistica", "it")],
        areas=[term(Area, "bg-isola", "it")],
        english="Translated well.",
    )
    english = cooperative.get_translation(Locale.objects.get(language_code="en"))
    assert {(s.code, s.locale.language_code) for s in english.sectors.all()} == {
        ("pulizie", "en"),
        ("logistica", "en"),
    }
    assert [(a.code, a.locale.language_code) for a in english.areas.all()] == [("bg-isola", "en")]
    live = english.get_latest_revision().as_object()
    assert {s.locale.language_code for s in live.sectors.all()} == {"en"}
    # Translating again (the Italian texts changed) keeps them valid.
    cooperative.description = "<p>Nuova descrizione.</p>"
    cooperative.save()
    publish_translation(cooperative, "en", {"Nuova descrizione.": "New description."})
    english.refresh_from_db()
    english.full_clean()


def test_the_import_resolves_codes_to_italian_terms(tmp_path):
    from tests.register.test_import import imported, run, write_csv
    from tests.register.test_import import row as import_row

    path = write_csv(tmp_path / "terms.csv", [import_row(7, sectors="logistica", areas="bg")])
    run(path)
    cooperative = imported(7)
    assert [(s.code, s.locale.language_code) for s in cooperative.sectors.all()] == [
        ("logistica", "it")
    ]
    assert [(a.code, a.locale.language_code) for a in cooperative.areas.all()] == [("bg", "it")]
    cooperative.full_clean()


def check(*args) -> str:
    out = io.StringIO()
    call_command("check_register_data", *args, stdout=out)
    return out.getvalue()


def test_the_data_check_reports_and_repairs_wrong_links(client, make_cooperative):
    pulizie = term(Sector, "pulizie", "it")
    cooperative = make_cooperative("Da Riparare", sectors=[pulizie])
    through = Cooperative.sectors.through
    # Written around the validation, as the admin allowed before the fix.
    through.objects.create(cooperative=cooperative, sector=term(Sector, "logistica", "en"))
    through.objects.create(cooperative=cooperative, sector=term(Sector, "pulizie", "en"))
    Cooperative.areas.through.objects.create(
        cooperative=cooperative, area=term(Area, "bg-isola", "en")
    )
    with pytest.raises(CommandError, match="3 wrong sector or area link"):
        check()
    assert "Export not available" in client.get("/en/register/export.csv").content.decode()

    assert "3 link(s) repaired" in check("--repair")

    assert check() == "Sectors and areas: every cooperative has terms of its language.\n"
    assert {s.code for s in cooperative.sectors.all()} == {"pulizie", "logistica"}
    assert {s.locale.language_code for s in cooperative.sectors.all()} == {"it"}
    assert [(a.code, a.locale.language_code) for a in cooperative.areas.all()] == [
        ("bg-isola", "it")
    ]
    # The repair is seen at once: the sector shows on the listing and the export works.
    listing = client.get("/it/registro/?sector=logistica").content.decode()
    assert "Da Riparare" in listing
    assert client.get("/it/registro/export.csv").status_code == 200


def test_a_link_without_a_translation_is_reported_not_guessed(make_cooperative, english):
    only_english = Sector.objects.create(code="solo-inglese", name="English only", locale=english)
    cooperative = make_cooperative("Senza Traduzione")
    Cooperative.sectors.through.objects.create(cooperative=cooperative, sector=only_english)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 wrong sector or area link"):
        call_command("check_register_data", "--repair", stdout=out)
    assert "Not repaired" in out.getvalue() and "solo-inglese" in out.getvalue()
    assert list(cooperative.sectors.all()) == [only_english]  # left for a person to decide


def test_the_migration_repairs_existing_rows(make_cooperative):
    """Migration 0005 runs the same repair on the records of an existing database."""
    from django.apps import apps

    migration = importlib.import_module("register.migrations.0005_terms_of_own_locale")
    cooperative = make_cooperative("Vecchia Scheda", sectors=[term(Sector, "pulizie", "it")])
    Cooperative.sectors.through.objects.create(
        cooperative=cooperative, sector=term(Sector, "trasporti", "en")
    )
    migration.repair(apps, None)
    assert {(s.code, s.locale.language_code) for s in cooperative.sectors.all()} == {
        ("pulizie", "it"),
        ("trasporti", "it"),
    }
    assert find_wrong_locale_links(Cooperative) == []
