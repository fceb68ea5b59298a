"""The regional register of social cooperatives (section A, B or C and number) among a
cooperative's identifiers: validated, in the admin, on the cooperative page, in the
verification answer, the API and its schema, the exports and their data dictionary, and the
import."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from register.importing import apply_plan, plan_import
from register.models import Cooperative
from tests.factories import CooperativeFactory, valid_vat

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]


@pytest.fixture
def entered(make_cooperative):
    return make_cooperative(
        "Sociale Iscritta",
        legal_form="sociale-b",
        regional_register_section="B",
        regional_register_number="1234",
    )


def problems(**fields) -> dict[str, list[str]]:
    cooperative = CooperativeFactory.build(**fields)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        cooperative.full_clean()
    with translation.override("en"):
        return {
            name: [str(m) for m in messages]
            for name, messages in refused.value.message_dict.items()
        }


def test_both_or_neither_and_a_section_that_fits_the_legal_form():
    section_only = problems(legal_form="sociale-a", regional_register_section="A")
    assert section_only == {
        "regional_register_number": ["Give the number in the regional register."]
    }
    number_only = problems(legal_form="sociale-a", regional_register_number="12")
    assert number_only == {
        "regional_register_section": ["Give the section of the regional register."]
    }
    worker = problems(
        legal_form="lavoro", regional_register_section="A", regional_register_number="12"
    )
    assert worker == {
        "regional_register_section": [
            "Section A of the regional register of social cooperatives is not for this legal "
            "form (Worker cooperative)."
        ]
    }
    social_in_c = problems(
        legal_form="sociale-b", regional_register_section="C", regional_register_number="12"
    )
    assert list(social_in_c) == ["regional_register_section"]
    consortium_in_b = problems(
        legal_form="consorzio", regional_register_section="B", regional_register_number="12"
    )
    assert list(consortium_in_b) == ["regional_register_section"]
    assert "regional_register_number" in problems(
        legal_form="sociale-a", regional_register_section="A", regional_register_number="12;<b>"
    )


def test_the_number_is_normalised_and_fitting_entries_are_accepted():
    for form, section in (("sociale-a", "A"), ("sociale-a", "B"), ("consorzio", "C")):
        cooperative = CooperativeFactory.build(
            legal_form=form, regional_register_section=section, regional_register_number=" 61 2/a "
        )
        cooperative.full_clean()
        assert cooperative.regional_register_number == "612/A"
    CooperativeFactory.build(legal_form="lavoro").full_clean()  # none: nothing asked


def test_the_cooperative_page_shows_it_with_the_identifiers(client, entered):
    html = client.get(f"/it/registro/{entered.slug}/").content.decode()
    identifiers = html.split('id="identifiers-title"', 1)[1].split("</section>", 1)[0]
    assert "<dt>Albo regionale delle cooperative sociali</dt><dd>Sezione B, n. 1234</dd>" in (
        identifiers
    )
    english = client.get(f"/en/register/{entered.slug}/").content.decode()
    assert "<dt>Regional register of social cooperatives</dt><dd>Section B, no. 1234</dd>" in (
        english
    )
    plain = CooperativeFactory(name="Lavoro Senza Albo")
    assert "Albo regionale" not in client.get(f"/it/registro/{plain.slug}/").content.decode()


def test_the_verification_answer_and_the_api_give_it(client, entered):
    html = client.get("/it/registro/verifica/", {"q": entered.vat_number}).content.decode()
    assert "Sezione B, n. 1234" in html
    data = client.get("/it/registro/verifica/", {"q": entered.vat_number, "format": "json"})
    answer = data.json()["cooperative"]
    assert (answer["regional_register_section"], answer["regional_register_number"]) == (
        "B",
        "1234",
    )
    api = client.get("/api/v1/verify", {"q": entered.vat_number}).json()["cooperative"]
    assert api["regional_register_number"] == "1234"
    detail = client.get(f"/api/v1/cooperatives/{entered.vat_number}").json()
    assert (detail["regional_register_section"], detail["regional_register_number"]) == (
        "B",
        "1234",
    )
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    section = schemas["CooperativeDetail"]["properties"]["regional_register_section"]
    assert section["enum"] == ["", "A", "B", "C"]
    assert "regional register of social cooperatives" in section["description"]


def test_the_exports_and_the_data_dictionary_carry_it(client, entered):
    content = b"".join(client.get("/it/registro/export.csv").streaming_content)
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    [row] = [row for row in rows if row["name"] == "Sociale Iscritta"]
    assert (row["regional_register_section"], row["regional_register_number"]) == ("B", "1234")
    content = b"".join(client.get("/it/registro/export.json").streaming_content)
    assert '"regional_register_number"' in content.decode()
    dictionary = client.get("/it/registro/dati-aperti/").content.decode()
    assert "regional_register_section" in dictionary
    assert "Sezione dell&#x27;albo regionale" in dictionary or "Sezione dell'albo" in dictionary


def import_rows(*lines: str) -> bytes:
    header = "name,vat_number,legal_form,sectors,areas,comune,description,"
    header += "regional_register_section,regional_register_number\n"
    return (header + "".join(f"{line}\n" for line in lines)).encode()


def test_the_import_reads_checks_and_writes_it(demo_vocabulary):
    good, worker, lonely = valid_vat(), valid_vat(), valid_vat()
    content = import_rows(
        f"Import Sociale,{good},sociale-b,pulizie,bg-isola,Bergamo,Testo.,b,12 34",
        f"Import Lavoro,{worker},lavoro,pulizie,bg-isola,Bergamo,Testo.,A,99",
        f"Import Senza Numero,{lonely},sociale-a,pulizie,bg-isola,Bergamo,Testo.,A,",
        f"Import Sezione Strana,{valid_vat()},consorzio,pulizie,bg-isola,Bergamo,Testo.,D,1",
    )
    with translation.override("en"):
        plan = plan_import(content, "regionale.csv")
    found = {(p.line, p.column): p.reason for p in plan.problems}
    assert set(found) == {
        (3, "regional_register_section"),
        (4, "regional_register_number"),
        (5, "regional_register_section"),
    }
    section = "regional_register_section"
    assert "not for this legal form (Worker cooperative)" in found[(3, section)]
    assert found[(5, section)] == "Unknown code “D”: use one of A, B, C."
    assert not Cooperative.objects.filter(vat_number=good).exists()  # all or nothing

    # A file without the number's column: the section alone is refused all the same.
    alone = (
        "name,vat_number,legal_form,sectors,areas,comune,description,regional_register_section\n"
    )
    alone += f"Import Sola Sezione,{valid_vat()},sociale-a,pulizie,bg-isola,Bergamo,Testo.,A\n"
    with translation.override("en"):
        plan = plan_import(alone.encode(), "sezione.csv")
    assert [(p.line, p.column, p.reason) for p in plan.problems] == [
        (2, "regional_register_number", "Give the number in the regional register.")
    ]

    plan = plan_import(import_rows(content.decode().splitlines()[1]), "regionale.csv")
    assert not plan.problems
    apply_plan(plan)
    record = Cooperative.objects.get(vat_number=good)
    assert (record.regional_register_section, record.regional_register_number) == ("B", "1234")


def test_the_admin_edits_it_among_the_identifiers(client, django_user_model, entered):
    user = django_user_model.objects.create_superuser("capo", "capo@example.org", "pw")
    client.force_login(user)
    url = reverse("wagtailsnippets_register_cooperative:edit", args=[entered.pk])
    html = client.get(url).content.decode()
    assert 'name="regional_register_section"' in html
    assert 'name="regional_register_number"' in html and 'value="1234"' in html
    inspect = reverse("wagtailsnippets_register_cooperative:inspect", args=[entered.pk])
    assert "1234" in client.get(inspect).content.decode()
