import pytest

from tests.conftest import EXPIRED, REVOKED, SUSPENDED, valid_vat

pytestmark = pytest.mark.django_db


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


def test_wrong_check_digit_is_explained(client):
    html = client.get("/it/registro/verifica/", {"q": "IT01234567891"}).content.decode()
    assert "la cifra di controllo non corrisponde" in html
    assert 'aria-invalid="true"' in html


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
