from html import escape
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories import EXPIRED, REVOKED, SUSPENDED, valid_vat

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]


@pytest.fixture
def active(make_cooperative):
    return make_cooperative("Verde Attiva", certificate_number="IMP-TEST-0042")


def spaced(vat: str) -> str:
    return f"IT {vat[:5]}.{vat[5:8]} {vat[8:]}"


@pytest.mark.parametrize("form", ["plain", "prefixed", "spaced", "lowercase"])
def test_vat_number_in_any_usual_form(client, active, form):
    query = {
        "plain": active.vat_number,
        "prefixed": "IT" + active.vat_number,
        "spaced": spaced(active.vat_number),
        "lowercase": "it" + active.vat_number,
    }[form]
    html = client.get("/it/registro/verifica/", {"q": query}).content.decode()
    assert "Verde Attiva" in html
    assert "Il marchio è valido" in html and "Valido fino al" in html


def test_certificate_number(client, active):
    html = client.get("/it/registro/verifica/", {"q": "imp-test-0042 "}).content.decode()
    assert "Verde Attiva" in html


@pytest.mark.parametrize(
    ("history", "italian", "status"),
    [
        (SUSPENDED, "Il marchio è sospeso", "suspended"),
        (REVOKED, "Il marchio è stato revocato", "revoked"),
        (EXPIRED, "Il marchio è scaduto", "expired"),
    ],
)
def test_every_status_is_told_truthfully(client, make_cooperative, history, italian, status):
    cooperative = make_cooperative("Stato Vario", history=history)
    html = client.get("/it/registro/verifica/", {"q": cooperative.vat_number}).content.decode()
    assert italian in html
    data = client.get(
        "/it/registro/verifica/", {"q": cooperative.vat_number, "format": "json"}
    ).json()
    assert data["outcome"] == "found"
    assert data["cooperative"]["status"] == status


def test_expiry_needs_no_cron_job(client, make_cooperative):
    cooperative = make_cooperative("Scade Ieri", history=[("issued", -400, -1)])
    data = client.get("/it/registro/verifica/", {"q": cooperative.vat_number, "format": "json"})
    assert data.json()["cooperative"]["status"] == "expired"


def test_json_answer_for_procurement_systems(client, active):
    data = client.get("/en/register/verify/", {"q": active.vat_number, "format": "json"}).json()
    assert data["outcome"] == "found"
    assert data["cooperative"]["name"] == "Verde Attiva"
    assert data["cooperative"]["vat_number"] == active.vat_display
    assert data["cooperative"]["status"] == "active"
    assert data["cooperative"]["status_label"] == "Active"
    assert data["cooperative"]["url"] == "http://testserver/en/register/verde-attiva/"
    assert data["as_of"]


def test_not_in_the_register(client, make_cooperative):
    draft = make_cooperative("Mai Pubblicata", publish=False)
    pending = make_cooperative("Mai Certificata", history=[])
    for vat in (valid_vat(), draft.vat_number, pending.vat_number):
        html = client.get("/it/registro/verifica/", {"q": vat}).content.decode()
        assert "Non presente nel registro" in html, vat
        assert "Mai Pubblicata" not in html and "Mai Certificata" not in html
        assert (
            client.get("/it/registro/verifica/", {"q": vat, "format": "json"}).json()["outcome"]
            == "not_found"
        )


def wrong_check_digit(vat: str) -> str:
    return vat[:10] + str((int(vat[10]) + 1) % 10)


def test_wrong_check_digit_is_explained(client):
    typo = wrong_check_digit(valid_vat())
    html = client.get("/it/registro/verifica/", {"q": "IT" + typo}).content.decode()
    assert f"La cifra di controllo della partita IVA {typo} è sbagliata" in html
    assert 'aria-invalid="true"' in html
    assert "Non presente nel registro" not in html


@pytest.mark.parametrize(
    ("query", "italian", "english"),
    [
        # A buyer who drops or doubles a digit of a certified supplier's number.
        ("drop", "Una partita IVA ha 11 cifre; questa ne ha 10.", "this one has 10."),
        ("double", "Una partita IVA ha 11 cifre; questa ne ha 12.", "this one has 12."),
        # Digits 8 to 10 are a tax office's code, not a check digit: 12345678903 has office 890.
        ("12345678903", "le cifre dall'8ª alla 10ª", "must be the code of an Italian tax office"),
        ("IT 0123", "questa ne ha 4.", "this one has 4."),
        ("IMP 2023 ✓", "non è un numero di certificato", "is not a certificate number"),
        ("1234-5678", "questa ne ha 8.", "this one has 8."),
    ],
)
def test_a_mistyped_number_is_never_told_not_in_the_register(
    client, active, query, italian, english
):
    query = {
        "drop": active.vat_number[:-1],
        "double": active.vat_number + active.vat_number[-1],
    }.get(query, query)
    for path, expected, absent in (
        ("/it/registro/verifica/", italian, "Non presente nel registro"),
        ("/en/register/verify/", english, "Not in the register"),
    ):
        html = client.get(path, {"q": query}).content.decode()
        assert absent not in html
        assert escape(expected) in html, (query, path)
        assert 'aria-invalid="true"' in html
        data = client.get(path, {"q": query, "format": "json"}).json()
        assert data["outcome"] in {"invalid_vat", "invalid_certificate"}
        assert expected in data["message"]


@pytest.mark.parametrize(
    "form",
    [
        "fullwidth",  # a Japanese or Chinese input method
        "arabic-indic",
        "devanagari",
        "dashes",
        "non-breaking and zero-width spaces",
    ],
)
def test_digits_of_any_script_and_pasted_separators_are_read_as_the_number(client, active, form):
    vat = active.vat_number
    query = {
        "fullwidth": "ＩＴ" + "".join(chr(0xFF10 + int(d)) for d in vat),
        "arabic-indic": "".join(chr(0x0660 + int(d)) for d in vat),
        "devanagari": "".join(chr(0x0966 + int(d)) for d in vat),
        "dashes": f"IT–{vat[:5]}‑{vat[5:8]}—{vat[8:]}",
        "non-breaking and zero-width spaces": f"IT\u00a0{vat[:5]}\u200b{vat[5:]}",
    }[form]
    data = client.get("/it/registro/verifica/", {"q": query, "format": "json"}).json()
    assert data["outcome"] == "found"
    assert data["cooperative"]["name"] == "Verde Attiva"
    api = client.get("/api/v1/verify", {"q": query}).json()
    assert api == data
    detail = client.get(f"/api/v1/cooperatives/{quote(query)}")
    assert detail.status_code == 200 and detail.json()["name"] == "Verde Attiva"


def test_a_certificate_number_as_people_write_it(client, active):
    for query in ("imp test 0042", "IMP.TEST.0042", "ＩＭＰ－ＴＥＳＴ－００４２", "IMP–TEST–0042"):
        data = client.get("/it/registro/verifica/", {"q": query, "format": "json"}).json()
        assert data["outcome"] == "found", query
    unknown = client.get("/en/register/verify/", {"q": "IMP-2020-9999"}).content.decode()
    assert "No cooperative with certificate number IMP-2020-9999 holds" in unknown
    too_long = client.get("/en/register/verify/", {"q": "IMP-" + "1" * 30, "format": "json"})
    assert too_long.json()["outcome"] == "invalid_certificate"
    assert "at most 30 characters" in too_long.json()["message"]


def test_a_certificate_number_can_never_read_as_a_vat_number(make_cooperative):
    cooperative = make_cooperative("Certificato Ambiguo")
    for number, message in (
        ("12345678903", "reads as a VAT number"),
        ("IT-2023-0042", "reads as a VAT number"),
        ("IMP/2023/ÀÈ", "is not a certificate number"),
    ):
        cooperative.certificate_number = number
        with pytest.raises(ValidationError) as error, translation.override("en"):
            cooperative.full_clean()
        assert message in error.value.message_dict["certificate_number"][0]
    cooperative.certificate_number = "imp 2023 0042"
    cooperative.full_clean()
    assert cooperative.certificate_number == "IMP-2023-0042"


@pytest.mark.parametrize(
    "query", ["", "   ", "x" * 10_000, "<script>alert(1)</script>", "你好", "'; DROP TABLE x; --"]
)
def test_odd_input_never_fails_and_is_escaped(client, query):
    for path in ("/it/registro/verifica/", "/en/register/verify/"):
        response = client.get(path, {"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()
        assert client.get(path, {"q": query, "format": "json"}).status_code == 200


def test_other_language_slug_redirects(client, active):
    response = client.get("/it/registro/verify/", {"q": active.vat_number})
    assert response.status_code == 301
    assert response["Location"] == f"/it/registro/verifica/?q={active.vat_number}"
