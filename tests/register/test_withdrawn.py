"""A cooperative that leaves the register of its own will: "withdrawn", a status of its own,
distinct from "revoked", in the status rule, the history, the verification (page, JSON, API),
the API's schema, the admin, the import's report and the changes feed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from register.importing import plan_import
from register.models import CertificationEvent, Cooperative, EventKind, Status
from register.models.events import ALLOWED_AFTER, PUBLIC_STATUSES, derive_status
from tests.factories import ACTIVE, SUSPENDED, WITHDRAWN, days

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]


# The rule ----------------------------------------------------------------------------------


def test_withdrawn_is_its_own_status_that_never_lapses_and_is_not_public():
    today = timezone.localdate()
    for until in (None, today - datetime.timedelta(days=1), today, today + datetime.timedelta(1)):
        assert derive_status(EventKind.WITHDRAWN, until, today) == Status.WITHDRAWN
    assert Status.WITHDRAWN != Status.REVOKED
    assert Status.WITHDRAWN not in PUBLIC_STATUSES


# (the current latest event, whether a withdrawal may follow it)
WITHDRAWAL_AFTER = {
    None: False,
    EventKind.ISSUED: True,
    EventKind.RENEWED: True,
    EventKind.REINSTATED: True,
    # A suspension is closed by the register (reinstated or revoked), never by leaving.
    EventKind.SUSPENDED: False,
    EventKind.REVOKED: False,
    EventKind.WITHDRAWN: False,
}


def test_which_events_a_withdrawal_may_follow_and_what_may_follow_it():
    assert set(WITHDRAWAL_AFTER) == set(ALLOWED_AFTER)
    for previous, allowed in WITHDRAWAL_AFTER.items():
        assert (EventKind.WITHDRAWN in ALLOWED_AFTER[previous]) is allowed, previous
    # Only a new issue brings a withdrawn cooperative back, as after a revocation.
    assert ALLOWED_AFTER[EventKind.WITHDRAWN] == {EventKind.ISSUED}


def test_the_event_form_refuses_a_withdrawal_while_suspended_and_a_renewal_after_it(
    make_cooperative,
):
    suspended = make_cooperative("Sospesa Non Esce", history=SUSPENDED)
    event = CertificationEvent(cooperative=suspended, kind=EventKind.WITHDRAWN, date=days(0))
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "cannot follow the current one (Suspended)" in str(refused.value.message_dict["kind"])

    withdrawn = make_cooperative("Uscita Di Sua Volonta", history=WITHDRAWN)
    renewal = CertificationEvent(
        cooperative=withdrawn, kind=EventKind.RENEWED, date=days(0), valid_until=days(700)
    )
    with translation.override("it"), pytest.raises(ValidationError) as refused:
        renewal.full_clean()
    assert "(Ritiro su richiesta)" in str(refused.value.message_dict["kind"])
    issue = CertificationEvent(
        cooperative=withdrawn, kind=EventKind.ISSUED, date=days(0), valid_until=days(700)
    )
    issue.full_clean()  # a new issue is allowed


# Where it shows ----------------------------------------------------------------------------


def test_a_withdrawn_cooperative_is_not_listed_but_stays_verifiable(client, make_cooperative):
    cooperative = make_cooperative("Uscita Volontaria", history=WITHDRAWN)
    assert client.get("/it/registro/uscita-volontaria/").status_code == 404
    assert "Uscita Volontaria" not in client.get("/it/registro/?status=any").content.decode()

    html = client.get("/it/registro/verifica/", {"q": cooperative.vat_number}).content.decode()
    assert "status-panel-withdrawn" in html
    assert "status-badge status-withdrawn" in html and "Ritirato" in html
    assert "La cooperativa è uscita dal registro su propria richiesta" in html
    assert (
        "Il marchio è stato revocato" not in html
        and "NON VALIDO: il marchio è revocato" not in html
    )
    english = client.get("/en/register/verify/", {"q": cooperative.vat_number}).content.decode()
    assert "Withdrawn on" in english and "It no longer applies: the cooperative withdrew" in english

    answer = client.get("/api/v1/verify", {"q": cooperative.vat_number, "lang": "en"}).json()
    certification = answer["cooperative"]
    assert certification["status"] == "withdrawn"
    assert certification["status_label"] == "Withdrawn"
    assert certification["latest_event"] == "withdrawn"
    assert certification["url"] is None  # no page, like a revoked mark

    detail = client.get(f"/api/v1/cooperatives/{cooperative.vat_number}?lang=it").json()
    assert detail["certification"]["status"] == "withdrawn"
    assert detail["history"][0]["kind"] == "withdrawn"
    assert detail["history"][0]["kind_label"] == "Ritiro su richiesta"


def test_a_cooperative_certified_again_shows_its_withdrawal_in_the_history(
    client, make_cooperative
):
    make_cooperative(
        "Tornata Nel Registro",
        history=[("issued", -900, 200), ("withdrawn", -500, None), ("issued", -100, 900)],
    )
    html = client.get("/it/registro/tornata-nel-registro/").content.decode()
    assert 'class="timeline-event event-withdrawn"' in html
    assert "Ritiro su richiesta" in html
    english = client.get("/en/register/tornata-nel-registro/").content.decode()
    assert '<strong class="timeline-kind">Withdrawn</strong>' in english


def test_the_api_schema_lists_withdrawn_among_the_statuses_and_events(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "withdrawn" in schemas["Event"]["properties"]["kind"]["enum"]
    statuses = schemas["VerifiedCooperative"]["properties"]["status"]["enum"]
    assert statuses == ["active", "suspended", "revoked", "withdrawn", "expired"]


def test_the_admins_status_filter_offers_withdrawn(client, django_user_model, make_cooperative):
    user = django_user_model.objects.create_superuser("capo", "capo@example.org", "pw")
    client.force_login(user)
    make_cooperative("Filtro Ritirata", history=WITHDRAWN)
    make_cooperative("Filtro Attiva", history=ACTIVE)
    html = client.get(
        reverse("wagtailsnippets_register_cooperative:list"), {"status": "withdrawn"}
    ).content
    assert "Filtro Ritirata" in html.decode() and "Filtro Attiva" not in html.decode()


def test_the_changes_feed_tells_a_withdrawal(client, make_cooperative):
    make_cooperative("Feed Uscita", history=WITHDRAWN)
    feed = client.get("/en/register/feed/").content.decode()
    assert "Feed Uscita: Withdrawn" in feed


def test_the_import_says_why_a_withdrawn_cooperative_is_not_public(
    tmp_path, make_cooperative, demo_vocabulary
):
    cooperative = make_cooperative("Import Uscita", history=WITHDRAWN)
    content = (
        "name,vat_number,legal_form,sectors,areas,comune,phone\n"
        f"Import Uscita,IT{cooperative.vat_number},lavoro,pulizie,bg-isola,Bergamo,035 1\n"
    ).encode()
    with translation.override("en"):
        plan = plan_import(content, "uscita.csv")
        assert not plan.problems
        public, reason = plan.rows[0].publication()
    assert not public
    assert reason == f"withdrew from the register on {days(-10):%d/%m/%Y}"
    assert Cooperative.objects.get(pk=cooperative.pk).status == Status.WITHDRAWN


def test_a_bulk_verification_counts_a_withdrawal_among_the_ended_marks(client, make_cooperative):
    from tests.register.test_bulk_verification import EN_PAGE, summary, table

    withdrawn = make_cooperative("Lista Uscita", history=WITHDRAWN)
    active = make_cooperative("Lista Attiva", history=ACTIVE)
    response = client.post(EN_PAGE, {"numbers": f"{withdrawn.vat_number}\n{active.vat_number}"})
    rows = table(response)
    assert rows[0]["cells"][4] == "Withdrawn"
    assert rows[0]["link"] == f"/en/register/verify/?q=IT{withdrawn.vat_number}"
    assert summary(response)["Revoked, withdrawn or expired"] == 1
    assert summary(response)["Active"] == 1


def test_the_data_dictionary_explains_withdrawn(client):
    dictionary = client.get("/en/register/open-data/").content.decode()
    assert "withdrawn (the cooperative left the register at its own request)" in dictionary
    italian = client.get("/it/registro/dati-aperti/").content.decode()
    assert "withdrawn (ritirato: la cooperativa è uscita dal registro" in italian
