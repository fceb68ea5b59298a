"""What the API's OpenAPI schema promises: every closed set an enum (from its one definition),
every error answer documented, one reading of VAT numbers shared with the verification."""

from urllib.parse import quote

import pytest
from django.conf import settings
from wagtail.models import Locale

from register.filters import SORT_CHOICES, STATUS_CHOICES
from register.models import Area, LegalForm, Sector
from register.models.events import EventKind
from register.verification import OUTCOMES
from register.vocabulary import Vocabulary
from tests.factories import valid_vat

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

# Query parameters that take free text; every other one is a closed set, a number or a date.
FREE_TEXT = {("/api/v1/cooperatives/", "q"), ("/api/v1/verify", "q")}


def served_schema(client) -> dict:
    return client.get("/api/v1/openapi.json").json()


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def parameter(schema: dict, path: str, name: str) -> dict:
    return next(p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name)


def test_every_query_parameter_says_what_it_accepts(client):
    """The guard for the whole kind: no parameter is a bare string unless it is free text."""
    schema = served_schema(client)
    for path, _method, operation in operations(schema):
        for param in operation.get("parameters", []):
            if param["in"] != "query" or (path, param["name"]) in FREE_TEXT:
                continue
            described = param["schema"]
            types = {described.get("type")} | {
                option.get("type") for option in described.get("anyOf", [])
            }
            assert (
                "enum" in described
                or types & {"integer"}
                or any(option.get("format") == "date" for option in described.get("anyOf", []))
            ), (path, param["name"], described)


def test_closed_sets_are_enums_built_from_their_one_definition(client):
    schema = served_schema(client)
    listing = "/api/v1/cooperatives/"
    assert parameter(schema, listing, "status")["schema"]["enum"] == [
        code for code, _label in STATUS_CHOICES
    ]
    assert parameter(schema, listing, "sort")["schema"]["enum"] == [c for c, _ in SORT_CHOICES]
    assert parameter(schema, listing, "form")["schema"]["enum"] == ["", *LegalForm.values]
    assert parameter(schema, listing, "lang")["schema"]["enum"] == [
        code for code, _name in settings.LANGUAGES
    ]
    components = schema["components"]["schemas"]
    assert components["Verification"]["properties"]["outcome"]["enum"] == list(OUTCOMES)
    assert components["Event"]["properties"]["kind"]["enum"] == list(EventKind.values)
    assert components["CooperativeSummary"]["properties"]["legal_form"]["enum"] == list(
        LegalForm.values
    )


def test_sector_and_area_codes_are_the_registers_of_the_day(client):
    schema = served_schema(client)
    vocabulary = Vocabulary("it")
    for path in ("/api/v1/cooperatives/", "/api/v1/changes/"):
        assert parameter(schema, path, "sector")["schema"]["enum"] == [
            "",
            *(sector.code for sector in vocabulary.sectors),
        ]
        assert set(parameter(schema, path, "area")["schema"]["enum"]) == {
            "",
            *vocabulary.areas_by_code,
        }
        assert "bg-valle-seriana" in parameter(schema, path, "area")["schema"]["enum"]
    # A new sector is in the next schema served (the cached vocabulary is invalidated).
    italian = Locale.objects.get(language_code="it")
    Sector.objects.create(code="nuovo-settore", name="Nuovo settore", locale=italian)
    Area.objects.create(code="lc", name="Lecco", locale=italian)
    again = served_schema(client)
    assert "nuovo-settore" in parameter(again, "/api/v1/cooperatives/", "sector")["schema"]["enum"]
    assert "lc" in parameter(again, "/api/v1/changes/", "area")["schema"]["enum"]
    assert client.get("/api/v1/cooperatives/?sector=nuovo-settore&area=lc").status_code == 200


def test_every_operation_documents_its_error_answers_with_their_body(client):
    schema = served_schema(client)
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    can_be_missing = {"/api/v1/cooperatives/", "/api/v1/cooperatives/{vat}", "/api/v1/changes/"}
    for path, _method, operation in operations(schema):
        expected = {"400", "429"} | ({"404"} if path in can_be_missing else set())
        for status in expected:
            assert operation["responses"][status]["content"] == error, (path, status)
    described = schema["components"]["schemas"]["ParameterError"]["properties"]
    assert set(described) == {"parameter", "message"}


@pytest.mark.parametrize(
    ("query", "parameter_name"),
    [("status=deleted", "status"), ("sort=price", "sort"), ("form=spa", "form")],
)
def test_a_value_outside_a_closed_set_is_named_in_the_language_asked_for(
    client, query, parameter_name
):
    value = query.split("=")[1]
    english = client.get(f"/api/v1/cooperatives/?{query}&lang=en")
    assert english.status_code == 400
    assert english.json()["errors"] == [
        {
            "parameter": parameter_name,
            "message": f"“{value}” is not one of the values {parameter_name} takes.",
        }
    ]
    italian = client.get(f"/api/v1/cooperatives/?{query}").json()
    expected = f"«{value}» non è uno dei valori ammessi per {parameter_name}."
    assert italian["errors"][0]["message"] == expected


@pytest.mark.parametrize("words", ["%00", "pulizie%01", "a%7Fb", "%1B%5B31m"])
def test_control_characters_in_the_words_have_their_own_message(client, words):
    for lang, message in (
        ("en", "The words hold invisible control characters: remove them and search again."),
        ("it", "Le parole contengono caratteri di controllo invisibili: toglili e cerca di nuovo."),
    ):
        response = client.get(f"/api/v1/cooperatives/?q={words}&lang={lang}")
        assert response.status_code == 400
        assert response.json()["errors"] == [{"parameter": "q", "message": message}]
    # The register page says the same beside its search field (and shows every cooperative).
    page = client.get(f"/en/register/?q={words}")
    assert page.status_code == 200
    assert "The words hold invisible control characters" in page.content.decode()


@pytest.mark.parametrize(
    "number",
    [
        "12345678903",  # digits 8 to 10 (890) are no tax office
        "0123456789",  # a digit dropped
        "IT012345678901",  # a digit doubled
        "1%EF%BC%92",  # full-width digits, too few
    ],
)
def test_a_malformed_number_in_the_path_is_the_400_verify_explains(client, number):
    for lang in ("it", "en"):
        detail = client.get(f"/api/v1/cooperatives/{number}?lang={lang}")
        verified = client.get(f"/api/v1/verify?q={number}&lang={lang}").json()
        assert detail.status_code == 400
        assert verified["outcome"] in {"invalid_vat", "invalid_certificate"}
        [error] = detail.json()["errors"]
        assert error["parameter"] == "vat"
        if verified["outcome"] == "invalid_vat":
            assert error["message"] == verified["message"]


def test_a_well_formed_number_not_in_the_register_is_a_404(client):
    number = valid_vat()
    detail = client.get(f"/api/v1/cooperatives/{number}?lang=en")
    assert detail.status_code == 404
    expected = f"No cooperative with VAT number IT{number} is in the register."
    assert detail.json()["detail"] == expected
    assert client.get(f"/api/v1/verify?q={number}").json()["outcome"] == "not_found"


def test_a_vat_number_written_any_usual_way_finds_the_cooperative_in_the_listing(
    client, make_cooperative
):
    cooperative = make_cooperative("Elenco Per Partita Iva")
    vat = cooperative.vat_number
    fullwidth = "".join(chr(0xFF10 + int(digit)) for digit in vat)
    for words in (vat, f"IT {vat[:5]}.{vat[5:8]} {vat[8:]}", f"it-{vat}", fullwidth):
        data = client.get(f"/api/v1/cooperatives/?q={quote(words)}").json()
        assert [item["name"] for item in data["results"]] == ["Elenco Per Partita Iva"], words
        html = client.get("/it/registro/", {"q": words}).content.decode()
        assert "Elenco Per Partita Iva" in html, words
