"""A status that is not "active" is explained wherever it is shown: what it means for a buyer,
since when, and the register's public note; the end of validity comes after, and says it does
not count while the mark is suspended or revoked. The cooperative page, the verification
answer (page and JSON), the API and the exports all say the same, from one definition."""

import csv
import datetime
import io
import json
import re
from html import unescape

import pytest
from django.utils import formats, translation

from register.models.events import Status
from register.status_explanation import explain_status
from tests.factories import ACTIVE, EXPIRED, REVOKED, SUSPENDED, WITHDRAWN, days

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]

NOTE = "Sospeso in attesa del verbale dell'assemblea."
# (history, status, the note it shows, the first day of the status)
CASES = {
    "active": (ACTIVE, Status.ACTIVE, "Nota issued", days(-400)),
    "suspended": (SUSPENDED, Status.SUSPENDED, "Nota suspended", days(-10)),
    "revoked": (REVOKED, Status.REVOKED, "Nota revoked", days(-10)),
    "withdrawn": (WITHDRAWN, Status.WITHDRAWN, "Nota withdrawn", days(-10)),
    # Expiry is no event: no note, and it starts the day after the last valid day.
    "expired": (EXPIRED, Status.EXPIRED, "", days(-4)),
}
MEANING = {
    "it": {
        "active": "Il marchio è valido: questa cooperativa è certificata.",
        "suspended": "Il marchio è sospeso: non considerare certificata questa cooperativa "
        "finché il marchio non viene riattivato.",
        "revoked": "Il marchio è stato revocato: questa cooperativa non è più certificata",
        "withdrawn": "La cooperativa è uscita dal registro su propria richiesta: non è più "
        "certificata",
        "expired": "Il marchio è scaduto e non è stato rinnovato",
    },
    "en": {
        "active": "The mark is valid: this cooperative is certified.",
        "suspended": "The mark is suspended: do not treat this cooperative as certified until "
        "it is reinstated.",
        "revoked": "The mark has been revoked: this cooperative is no longer certified",
        "withdrawn": "The cooperative has left the register at its own request: it is no "
        "longer certified",
        "expired": "The mark has expired and has not been renewed",
    },
}
SINCE = {
    "it": {
        "active": "Rilasciato il",
        "suspended": "Sospeso dal",
        "revoked": "Revocato il",
        "withdrawn": "Ritirato il",
        "expired": "Scaduto dal",
    },
    "en": {
        "active": "Issued on",
        "suspended": "Suspended since",
        "revoked": "Revoked on",
        "withdrawn": "Withdrawn on",
        "expired": "Expired since",
    },
}


def text(html: str) -> str:
    """What a person reads: no tags, one space between words."""
    words = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r" (?=[.,:;])", "", words)


def long_date(date: datetime.date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(date, "DATE_FORMAT")


def status_panel(html: str) -> str:
    match = re.search(r'<section class="[^"]*status-panel[^"]*".*?</section>', html, re.S)
    assert match, "no status panel"
    return text(match.group(0))


# A history that leads to each status: (latest event, valid until).
LEADS_TO = {
    Status.ACTIVE: ("issued", days(100)),
    Status.SUSPENDED: ("suspended", days(100)),
    Status.REVOKED: ("revoked", days(100)),
    Status.WITHDRAWN: ("withdrawn", days(100)),
    Status.EXPIRED: ("issued", days(-1)),
    Status.PENDING: (None, None),
}


@pytest.mark.parametrize("language", ["it", "en"])
def test_every_status_has_its_own_plain_explanation(language):
    """Guards the kind: a status added to the model must be explained, in both languages."""
    assert set(LEADS_TO) == set(Status)
    with translation.override(language):
        explanations = {
            status: explain_status(kind, until, days(-30), ("Una nota", None))
            for status, (kind, until) in LEADS_TO.items()
        }
        for status, explanation in explanations.items():
            assert explanation.status == status
            assert explanation.label == str(status.label)
            assert explanation.meaning.endswith(".") and len(explanation.meaning) > 30
            if status != Status.PENDING:
                assert explanation.since and explanation.since_label
            if status in {Status.SUSPENDED, Status.REVOKED, Status.WITHDRAWN}:
                assert explanation.validity_note  # the end date does not count
        meanings = {explanation.meaning for explanation in explanations.values()}
        assert len(meanings) == len(Status)  # one sentence per status, none shared


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_suspended_box_leads_with_meaning_date_and_reason(client, make_cooperative, language):
    cooperative = make_cooperative("Box Sospesa", history=SUSPENDED)
    prefix = "/it/registro/" if language == "it" else "/en/register/"
    panel = status_panel(client.get(f"{prefix}{cooperative.slug}/").content.decode())
    suspended_on = long_date(days(-10), language)
    valid_until = long_date(days(700), language)
    meaning = panel.index(MEANING[language]["suspended"])
    since = panel.index(f"{SINCE[language]['suspended']} {suspended_on}")
    reason = panel.index("Nota suspended")
    validity = panel.index(valid_until)
    assert meaning < since < reason < validity  # the validity date comes last
    does_not_apply = {
        "it": "Non vale finché il marchio è sospeso.",
        "en": "It does not apply while the mark is suspended.",
    }[language]
    assert f"{valid_until}. {does_not_apply}" in panel
    # No "valid until" stated as a fact of a suspended mark.
    assert ("Valido fino al" if language == "it" else "Valid until") not in panel


def test_the_active_box_says_until_when_it_is_valid(client, make_cooperative):
    cooperative = make_cooperative("Box Attiva", history=ACTIVE)
    panel = status_panel(client.get(f"/it/registro/{cooperative.slug}/").content.decode())
    assert MEANING["it"]["active"] in panel
    assert f"Valido fino al {long_date(days(700), 'it')}" in panel
    assert "Non vale" not in panel


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("language", ["it", "en"])
def test_the_verification_answer_explains_every_status(client, make_cooperative, name, language):
    history, status, note, since = CASES[name]
    cooperative = make_cooperative(f"Verifica {name}", history=history)
    prefix = "/it/registro/verifica/" if language == "it" else "/en/register/verify/"
    html = client.get(prefix, {"q": cooperative.vat_number}).content.decode()
    panel = status_panel(html)
    assert MEANING[language][name] in panel
    assert f"{SINCE[language][name]} {long_date(since, language)}" in panel
    if note:
        assert note in panel
        assert panel.index(MEANING[language][name]) < panel.index(note)

    data = client.get(prefix, {"q": cooperative.vat_number, "format": "json"}).json()
    answer = data["cooperative"]
    assert answer["status"] == status.value
    assert answer["status_since"] == since.isoformat()
    assert answer["status_note"] == note
    assert answer["status_explanation"].startswith(MEANING[language][name])
    # The API's verification gives the very same answer.
    api = client.get("/api/v1/verify", {"q": cooperative.vat_number, "lang": language}).json()
    assert api["cooperative"] == {**answer, "url": api["cooperative"]["url"]}


def test_the_api_explains_the_status_in_detail_and_listing(client, make_cooperative):
    cooperative = make_cooperative("Api Spiegata", history=SUSPENDED)
    cooperative.certification_events.create(kind="reinstated", date=days(-2), public_note="")
    other = make_cooperative("Api Sospesa Ora", history=[*ACTIVE, ("suspended", -3, None)])
    other.certification_events.filter(kind="suspended").update(public_note=NOTE)

    detail = client.get(f"/api/v1/cooperatives/{other.vat_number}?lang=en").json()
    certification = detail["certification"]
    assert certification["status"] == "suspended"
    assert certification["status_label"] == "Suspended"
    assert certification["status_since"] == days(-3).isoformat()
    assert certification["status_note"] == NOTE
    assert certification["status_explanation"] == MEANING["en"]["suspended"]

    listing = client.get("/api/v1/cooperatives/", {"status": "any", "page_size": 100}).json()
    by_name = {item["name"]: item["certification"] for item in listing["results"]}
    assert by_name["Api Sospesa Ora"] == certification | {
        "status_label": "Sospeso",
        "status_explanation": MEANING["it"]["suspended"],
    }
    # Reinstated two days ago, without a note: active since then.
    assert by_name["Api Spiegata"]["status"] == "active"
    assert by_name["Api Spiegata"]["status_since"] == days(-2).isoformat()
    assert by_name["Api Spiegata"]["status_note"] == ""


def test_the_notes_cost_no_query_per_cooperative(client, make_cooperative):
    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get("/api/v1/cooperatives/?status=suspended&page_size=100")
        with CaptureQueriesContext(connection) as captured:
            data = client.get("/api/v1/cooperatives/?status=suspended&page_size=100").json()
        notes = [item["certification"]["status_note"] for item in data["results"]]
        assert all(notes)  # every suspension of the register has its reason
        return len(captured)

    make_cooperative("Api Nota 0", history=SUSPENDED)
    few = queries()
    for number in range(1, 6):
        make_cooperative(f"Api Nota {number}", history=SUSPENDED)
    assert queries() == few


@pytest.mark.parametrize("language", ["it", "en"])
def test_exports_carry_the_explanation_documented_in_the_data_dictionary(
    client, make_cooperative, language
):
    make_cooperative("Export Spiegata", history=SUSPENDED)
    make_cooperative("Export Valida", history=ACTIVE)
    prefix = "/it/registro/" if language == "it" else "/en/register/"
    content = b"".join(client.get(f"{prefix}export.csv?status=any").streaming_content)
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))}
    suspended = rows["Export Spiegata"]
    assert suspended["status"] == "suspended"
    assert suspended["status_label"] == ("Sospeso" if language == "it" else "Suspended")
    assert suspended["status_since"] == days(-10).isoformat()
    assert suspended["status_note"] == "Nota suspended"
    assert suspended["status_explanation"] == MEANING[language]["suspended"]
    assert rows["Export Valida"]["status_since"] == days(-400).isoformat()
    assert rows["Export Valida"]["status_note"] == "Nota issued"

    content = b"".join(client.get(f"{prefix}export.json?status=any").streaming_content)
    exported = {row["name"]: row for row in json.loads(content)["cooperatives"]}
    fields = ("status_label", "status_since", "status_explanation", "status_note")
    for field in fields:
        assert exported["Export Spiegata"][field] == suspended[field]

    slug = "dati-aperti" if language == "it" else "open-data"
    dictionary = text(client.get(f"{prefix}{slug}/").content.decode())
    for field in fields:
        assert field in dictionary
