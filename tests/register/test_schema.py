"""One public schema of a cooperative (register.schema): every field it defines is in the API's
schema, the exports' headers and the data dictionary, and nothing is there that it does not
define; every answer gives the fields of its layout, in its order."""

import csv
import io
import json
import re
from html import unescape

import pytest
from django.utils import translation
from django.utils.text import capfirst
from openpyxl import load_workbook

from register.schema import (
    CERTIFICATION,
    DETAIL,
    EXPORT,
    FIELDS,
    REFERENCE,
    SUMMARY,
    VERIFIED,
    Group,
    names,
)
from tests.factories import SUSPENDED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]

REGISTER = {"it": "/it/registro/", "en": "/en/register/"}
DICTIONARY = {"it": "dati-aperti/", "en": "open-data/"}


def groups(layout) -> dict[str, Group]:
    found = {}
    for entry in layout:
        if isinstance(entry, Group):
            found[entry.schema_name] = entry
            found.update(groups(entry.layout))
    return found


def properties(layout) -> list[str]:
    """A layout's own keys: its fields and its groups' names, in order."""
    return [entry.name if isinstance(entry, Group) else entry for entry in layout]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_field_is_described_once_and_every_exported_one_has_a_heading():
    assert [name for name, field in FIELDS.items() if field.name != name] == []
    for name, field in FIELDS.items():
        assert str(field.description).strip(), name
        assert field.api_text().strip(), name
        if name in EXPORT:
            assert field.label is not None and field.example, name
        else:
            # A heading or an example would be shown nowhere.
            assert field.label is None and not field.example, name
    shown = {*EXPORT, *names(SUMMARY), *names(DETAIL), *names(VERIFIED), *names(REFERENCE)}
    assert shown == set(FIELDS)


def test_the_api_schema_states_the_fields_of_the_schema_and_nothing_else(client):
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    layouts = {
        "CooperativeSummary": SUMMARY,
        "CooperativeDetail": (*SUMMARY, *DETAIL),
        "VerifiedCooperative": VERIFIED,
        "CooperativeReference": REFERENCE,
        **{name: group.layout for name, group in groups((*SUMMARY, *DETAIL)).items()},
    }
    assert {"Certification", "Address", "Workforce"} <= set(layouts)
    stated = set()
    for component, layout in layouts.items():
        described = components[component]
        assert list(described["properties"]) == properties(layout), component
        assert set(described["required"]) == set(properties(layout)), component
        fields = [name for name in properties(layout) if name in FIELDS]
        for name in fields:
            assert described["properties"][name]["description"] == FIELDS[name].api_text()
        stated |= set(fields)
    assert stated == set(FIELDS)


@pytest.fixture
def exported(make_cooperative, test_terms):
    make_cooperative("Schema Uno", sectors=[test_terms["sector"]], areas=[test_terms["north"]])
    make_cooperative("Schema Sospesa", sectors=[test_terms["sector"]], history=SUSPENDED)


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_exports_have_the_schemas_columns_and_headings(client, exported, language):
    prefix = REGISTER[language]
    query = "?sector=prova&status=any"
    csv_text = body(client.get(f"{prefix}export.csv{query}")).decode().removeprefix("\ufeff")
    assert next(csv.reader(io.StringIO(csv_text))) == list(EXPORT)
    data = json.loads(body(client.get(f"{prefix}export.json{query}")))
    assert data["columns"] == list(EXPORT)
    assert [list(row) for row in data["cooperatives"]] == [list(EXPORT)] * 2
    sheet = load_workbook(io.BytesIO(body(client.get(f"{prefix}export.xlsx{query}")))).active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    with translation.override(language):
        assert header == [capfirst(str(FIELDS[name].label)) for name in EXPORT]


def test_the_status_columns_have_headings_of_their_own(client, exported):
    """They were headed with their column names ("Status label"…), in English on the Italian
    spreadsheet too."""
    headings = {}
    for language, prefix in REGISTER.items():
        sheet = load_workbook(io.BytesIO(body(client.get(f"{prefix}export.xlsx")))).active
        header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
        headings[language] = dict(zip(EXPORT, header, strict=True))
    status_columns = ("status_label", "status_since", "status_explanation", "status_note")
    assert [headings["it"][name] for name in status_columns] == [
        "Stato per esteso",
        "Stato dal",
        "Significato dello stato",
        "Nota sullo stato",
    ]
    assert [headings["en"][name] for name in status_columns] == [
        "Status in words",
        "Status since",
        "What the status means",
        "Note on the status",
    ]


def dictionary_rows(html: str) -> list[tuple[str, str, str]]:
    """(field, meaning, heading in the spreadsheet) of each row of the data dictionary."""
    rows = re.findall(
        r'<tr><th scope="row"><code>([^<]+)</code></th><td>(.*?)</td><td>.*?</td>'
        r'<td><span class="d-block fw-semibold">(.*?)</span>',
        html,
    )
    return [(name, unescape(meaning), unescape(heading)) for name, meaning, heading in rows]


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_data_dictionary_describes_the_schemas_exported_fields(client, language):
    html = client.get(REGISTER[language] + DICTIONARY[language]).content.decode()
    rows = dictionary_rows(html)
    assert [name for name, _meaning, _heading in rows] == list(EXPORT)
    with translation.override(language):
        for name, meaning, heading in rows:
            assert meaning == str(FIELDS[name].description), name
            assert heading == FIELDS[name].heading, name
    with translation.override("en"):
        english = [str(FIELDS[name].description) for name in EXPORT]
    # In Italian the meanings are translated, not shown in English.
    assert ([meaning for _name, meaning, _heading in rows] == english) == (language == "en")


def test_the_answers_give_the_fields_of_their_layouts_in_order(client, make_cooperative):
    cooperative = make_cooperative("Schema Risposte")
    vat = cooperative.vat_display
    listing = client.get("/api/v1/cooperatives/?q=Schema+Risposte").json()
    summary = listing["results"][0]
    assert list(summary) == properties(SUMMARY)
    assert list(summary["certification"]) == list(CERTIFICATION.layout)
    detail = client.get(f"/api/v1/cooperatives/{vat}").json()
    assert list(detail) == properties((*SUMMARY, *DETAIL))
    for group in groups(DETAIL).values():
        assert list(detail[group.name]) == list(group.layout)
    assert {key: detail[key] for key in summary} == summary
    verified = client.get(f"/api/v1/verify?q={vat}").json()["cooperative"]
    assert list(verified) == list(VERIFIED)
    page = client.get(f"/it/registro/verifica/?q={vat}&format=json").json()["cooperative"]
    assert page == verified
    changes = client.get("/api/v1/changes/").json()["results"]
    mine = [change for change in changes if change["cooperative"]["vat_number"] == vat]
    assert [list(change["cooperative"]) for change in mine] == [list(REFERENCE)]
