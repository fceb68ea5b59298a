import json
import re

import pytest

from tests.factories import EXPIRED, REVOKED, SUSPENDED, WITHDRAWN

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


@pytest.fixture
def alfa(make_cooperative, test_terms):
    return make_cooperative(
        "Alfa Pulizie",
        sectors=[test_terms["sector"]],
        areas=[test_terms["north"]],
        description="<p>Puliamo uffici e capannoni.</p>",
        english="We clean offices and warehouses.",
        certificate_number="IMP-TEST-0001",
        albo_number="A100200",
        audit_passed_on="2026-01-10",
    )


def test_detail_page_shows_what_a_buyer_checks(client, alfa):
    response = client.get("/it/registro/alfa-pulizie/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Alfa Pulizie" in html
    assert alfa.vat_display in html
    assert "IMP-TEST-0001" in html
    assert "A100200" in html
    assert 'class="status-badge status-active"' in html and "Attivo" in html
    assert "stato al" in html
    assert "Puliamo uffici e capannoni." in html
    assert 'href="/it/registro/?sector=prova#results"' in html  # sectors lead back to the listing
    assert 'href="/it/registro/?area=zz-nord#results"' in html
    assert "verificato il 10 gennaio 2026" in html.lower()
    assert "Rilasciato" in html  # the certification timeline


def test_detail_page_in_english_uses_the_translation(client, alfa):
    html = client.get("/en/register/alfa-pulizie/").content.decode()
    assert '<html lang="en"' in html
    assert "We clean offices and warehouses." in html
    assert "Puliamo uffici" not in html
    assert "not been translated" not in html


def test_untranslated_description_is_marked_italian_with_a_notice(client, make_cooperative):
    make_cooperative("Solo Italiano", description="<p>Testo soltanto italiano.</p>")
    html = client.get("/en/register/solo-italiano/").content.decode()
    assert re.search(r'<div lang="it">\s*<p>Testo soltanto italiano.</p>', html)
    assert "has not been translated into English yet" in html


def test_language_switcher_and_hreflang_keep_the_cooperative(client, alfa):
    html = client.get("/it/registro/alfa-pulizie/").content.decode()
    assert 'hreflang="en" href="http://testserver/en/register/alfa-pulizie/"' in html
    assert re.search(r'<a [^>]*href="/en/register/alfa-pulizie/"[^>]*hreflang="en"', html)


def test_structured_data_and_qr_code(client, alfa):
    html = client.get("/it/registro/alfa-pulizie/").content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Organization"
    assert data["vatID"] == alfa.vat_display
    assert data["hasCertification"]["certificationIdentification"] == "IMP-TEST-0001"
    assert data["hasCertification"]["certificationStatus"].endswith("CertificationActive")
    assert "<svg" in html and "Codice QR per verificare Alfa Pulizie" in html
    assert f"/it/registro/verifica/?q={alfa.vat_number}" in html


@pytest.mark.parametrize("history", [REVOKED, WITHDRAWN, EXPIRED])
def test_revoked_withdrawn_and_expired_are_known_only_through_verification(
    client, make_cooperative, history
):
    cooperative = make_cooperative("Fuori Registro", history=history)
    assert client.get("/it/registro/fuori-registro/").status_code == 404
    answer = client.get(f"/it/registro/verifica/?q={cooperative.vat_number}").content.decode()
    assert "Fuori Registro" in answer
    assert "non è più certificata" in answer


def test_suspended_page_says_so(client, make_cooperative):
    make_cooperative("Sospesa Ora", history=SUSPENDED)
    html = client.get("/it/registro/sospesa-ora/").content.decode()
    assert "status-badge status-suspended" in html and "Sospeso" in html


def test_drafts_and_unknown_slugs_are_not_found(client, make_cooperative):
    make_cooperative("Bozza Segreta", publish=False)
    make_cooperative("Senza Eventi", history=[])
    assert client.get("/it/registro/bozza-segreta/").status_code == 404
    assert client.get("/it/registro/senza-eventi/").status_code == 404
    assert client.get("/it/registro/non-esiste/").status_code == 404
    assert client.get("/en/register/non-esiste/").status_code == 404


def test_unpublished_edits_are_never_public(client, alfa):
    alfa.name = "Nome In Bozza"
    alfa.save_revision()  # a draft: the live record is unchanged
    html = client.get("/it/registro/alfa-pulizie/").content.decode()
    assert "Nome In Bozza" not in html
    assert "Alfa Pulizie" in html


def test_detail_queries_are_bounded(client, alfa, make_cooperative, django_assert_max_num_queries):
    with django_assert_max_num_queries(40) as baseline:
        client.get("/it/registro/alfa-pulizie/")
    from register.models import CertificationEvent

    for _ in range(3):
        CertificationEvent.objects.create(
            cooperative=alfa, kind="renewed", valid_until="2030-01-01"
        )
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get("/it/registro/alfa-pulizie/")


def test_event_notes_in_english_where_given_and_marked_italian_where_not(client, alfa):
    from bs4 import BeautifulSoup
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from register.models import CertificationEvent

    CertificationEvent.objects.create(
        cooperative=alfa,
        kind="suspended",
        date=timezone.localdate(),
        public_note="Verifica dei contratti in corso.",
        public_note_en="Contracts under review.",
    )

    english = BeautifulSoup(client.get("/en/register/alfa-pulizie/").content, "html.parser")
    notes = {" ".join(p.get_text(" ").split()): p for p in english.select(".timeline-note")}
    assert "Contracts under review." in notes
    assert "Verifica dei contratti in corso." not in str(english)
    # The note has no English text: shown in Italian, marked and said to be Italian.
    untranslated = notes["Nota issued (note in Italian)"]
    assert untranslated.select_one('[lang="it"]').get_text() == "Nota issued"
    italian = BeautifulSoup(client.get("/it/registro/alfa-pulizie/").content, "html.parser")
    assert [p.get_text() for p in italian.select(".timeline-note")] == [
        "Verifica dei contratti in corso.",
        "Nota issued",
    ]
    assert not italian.select(".timeline-note [lang]")

    api = f"/api/v1/cooperatives/{alfa.vat_number}"
    assert [e["note"] for e in client.get(api, {"lang": "en"}).json()["history"]] == [
        "Contracts under review.",
        "Nota issued",
    ]
    assert client.get(api).json()["history"][0]["note"] == "Verifica dei contratti in corso."
    changes = client.get("/api/v1/changes/", {"lang": "en", "sector": "prova"}).json()["results"]
    assert "Contracts under review." in [change["note"] for change in changes]
    assert b"Contracts under review." in client.get("/en/register/feed/").content
    assert b"Verifica dei contratti in corso." in client.get("/it/registro/feed/").content

    # An English note needs the Italian original.
    event = CertificationEvent(
        cooperative=alfa, kind="reinstated", public_note_en="Reinstated after the review."
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "public_note_en" in error.value.message_dict
