import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from register.models import CertificationEvent, Cooperative, EventKind, LegalForm, Status
from register.wagtail_hooks import RegisterViewSetGroup
from tests.factories import EXPIRED, REVOKED, AreaFactory, SectorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]


def test_cooperative_listing_filters_search_and_export(client, manager, make_cooperative):
    make_cooperative("Lista Attiva")
    make_cooperative("Lista Sospesa", history=[("issued", -300, 300), ("suspended", -1, None)])
    url = reverse("wagtailsnippets_register_cooperative:list")
    html = client.get(url, {"q": "Lista"}).content.decode()
    assert "Lista Attiva" in html and "Lista Sospesa" in html
    suspended = client.get(url, {"status": "suspended", "q": "Lista"}).content.decode()
    assert "Lista Sospesa" in suspended and "Lista Attiva" not in suspended
    export = client.get(url, {"export": "csv", "q": "Lista"})
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode()
    assert "Lista Attiva" in body and "Lista Sospesa" in body


def test_inspect_and_edit_show_the_history(client, manager, make_cooperative):
    cooperative = make_cooperative("Con Storia")
    inspect = client.get(
        reverse("wagtailsnippets_register_cooperative:inspect", args=[cooperative.pk])
    )
    assert inspect.status_code == 200
    assert "Nota issued" in inspect.content.decode()
    edit = client.get(reverse("wagtailsnippets_register_cooperative:edit", args=[cooperative.pk]))
    html = edit.content.decode()
    assert edit.status_code == 200
    assert "Registra un evento di certificazione" in html or "Record a certification event" in html


def test_recording_an_event_changes_the_public_status(client, manager, make_cooperative):
    cooperative = make_cooperative("Da Sospendere")
    add = reverse("wagtailsnippets_register_certificationevent:add")
    assert client.get(add, {"cooperative": cooperative.pk}).status_code == 200
    response = client.post(
        add,
        {
            "cooperative": cooperative.pk,
            "kind": "suspended",
            "date": "",
            "public_note": "Verifica in corso",
        },
    )
    assert response.status_code == 200  # the empty date is reported, nothing is saved
    assert cooperative.certification_events.count() == 1
    import datetime

    response = client.post(
        add,
        {
            "cooperative": cooperative.pk,
            "kind": "suspended",
            "date": datetime.date.today().isoformat(),
            "public_note": "Verifica in corso",
        },
    )
    assert response.status_code == 302
    event = cooperative.certification_events.order_by("-id").first()
    assert event.kind == "suspended" and event.recorded_by == manager
    cooperative.refresh_from_db()
    assert cooperative.status == "suspended"


def test_impossible_events_are_refused(client, manager, make_cooperative):
    cooperative = make_cooperative(
        "Revocata Ora", history=[("issued", -300, 300), ("revoked", -1, None)]
    )
    add = reverse("wagtailsnippets_register_certificationevent:add")
    import datetime

    response = client.post(
        add,
        {
            "cooperative": cooperative.pk,
            "kind": "renewed",
            "date": datetime.date.today().isoformat(),
            "valid_until": "2030-01-01",
        },
    )
    assert response.status_code == 200
    assert (
        "non può seguire" in response.content.decode()
        or "cannot follow" in response.content.decode()
    )


def test_events_cannot_be_edited_or_deleted(client, manager, make_cooperative):
    cooperative = make_cooperative("Storia Fissa")
    event = cooperative.certification_events.get()
    edit = reverse("wagtailsnippets_register_certificationevent:edit", args=[event.pk])
    delete = reverse("wagtailsnippets_register_certificationevent:delete", args=[event.pk])
    assert client.get(edit).status_code in {302, 403}
    assert client.post(delete).status_code in {302, 403}
    assert CertificationEvent.objects.filter(pk=event.pk).exists()
    with pytest.raises(ValueError, match="append-only"):
        event.public_note = "changed"
        event.save()


def test_draft_edit_in_admin_stays_private_until_published(client, manager, make_cooperative):
    cooperative = make_cooperative("Prima Versione")
    assert Cooperative.objects.get(pk=cooperative.pk).live
    cooperative.name = "Seconda Versione"
    cooperative.save_revision()
    assert "Seconda Versione" not in client.get("/it/registro/prima-versione/").content.decode()
    cooperative.get_latest_revision().publish()
    assert "Seconda Versione" in client.get("/it/registro/prima-versione/").content.decode()


def test_publishing_an_old_draft_keeps_the_certification_history(make_cooperative):
    import datetime

    cooperative = make_cooperative("Bozza Vecchia")
    cooperative.name = "Bozza Vecchia Rinominata"
    revision = cooperative.save_revision()  # drafted while the mark was active
    CertificationEvent.objects.create(
        cooperative=cooperative, kind="suspended", date=datetime.date.today()
    )
    revision.publish()
    cooperative.refresh_from_db()
    assert cooperative.name == "Bozza Vecchia Rinominata"
    assert cooperative.status == "suspended"


# What the admin shows: one row per cooperative, real dates, labels, no "None" --------------

RELATIVE_DATE = re.compile(r"(\bago\b|\bfa$|just now|proprio ora|adesso)", re.IGNORECASE)
CODES = {*Status.values, *EventKind.values, *LegalForm.values}


def cells(html: str, selector: str) -> list[str]:
    return [
        " ".join(cell.get_text(" ").split())
        for cell in BeautifulSoup(html, "html.parser").select(selector)
    ]


def assert_readable(texts: list[str], where: str) -> None:
    assert texts, where
    for text in texts:
        assert "None" not in text, (where, text)
        assert not RELATIVE_DATE.search(text), (where, text)
        assert text not in CODES, (where, text)


@pytest.fixture(params=["it", "en"])
def admin_language(request, manager):
    profile = UserProfile.get_for_user(manager)
    profile.preferred_language = request.param
    profile.save()
    return request.param


@pytest.fixture
def register_records(make_cooperative):
    """Some of every record the register's admin lists, as the demo has: translated sectors,
    a province with a zone, cooperatives of every status and events of every kind."""
    sector = SectorFactory(code="pulizie", name="Pulizie", english="Cleaning")
    province = AreaFactory(code="bg", name="Provincia di Bergamo", english="Province of Bergamo")
    zone = AreaFactory(code="bg-isola", name="Isola Bergamasca", parent=province, english="Isola")
    make_cooperative("Leggibile Revocata", sectors=[sector], areas=[zone], history=REVOKED)
    make_cooperative("Leggibile Scaduta", areas=[province], history=EXPIRED)
    make_cooperative(
        "Leggibile Rinnovata",
        history=[
            ("issued", -1200, -100),
            ("renewed", -100, 1000),
            ("suspended", -50, None),
            ("reinstated", -20, None),
        ],
    )


def test_every_register_listing_and_detail_is_readable(
    client, admin_language, register_records, make_cooperative, english
):
    """Walks every listing and inspect view the register adds, in both admin languages."""
    make_cooperative("Leggibile In Attesa", history=[])
    suspended = make_cooperative(
        "Leggibile Sospesa", history=[("issued", -300, 1200), ("suspended", -2, None)]
    )
    event = suspended.certification_events.get(kind="suspended")
    CertificationEvent.objects.create(
        cooperative=make_cooperative("Leggibile Senza Nota", history=[]),
        kind="issued",
        date=datetime.date.today(),
        valid_until=datetime.date(2029, 6, 30),
    )
    checked = []
    for viewset in RegisterViewSetGroup.items:
        name = viewset.model._meta.model_name
        listing = client.get(reverse(f"wagtailsnippets_register_{name}:list"), {"q": ""})
        assert listing.status_code == 200, name
        assert_readable(cells(listing.content.decode(), "tbody td"), name)
        checked.append(name)
        if viewset.inspect_view_enabled:
            for record in viewset.model.objects.order_by("-pk")[:3]:
                url = reverse(f"wagtailsnippets_register_{name}:inspect", args=[record.pk])
                detail = client.get(url)
                assert detail.status_code == 200, url
                assert_readable(cells(detail.content.decode(), "main dd"), url)
    assert checked == ["cooperative", "certificationevent", "sector", "area"]
    assert event.public_note  # and the pending one, with no note and no end, was walked too

    # Real dates, in the admin's language, and the public site's status labels.
    url = reverse("wagtailsnippets_register_cooperative:list")
    row = cells(client.get(url, {"q": "Leggibile Senza Nota"}).content.decode(), "tbody td")
    with translation.override(admin_language):
        assert date_format(datetime.date(2029, 6, 30), "SHORT_DATE_FORMAT") in row
        assert str(Status.ACTIVE.label) in row
    row = cells(client.get(url, {"q": "Leggibile In Attesa"}).content.decode(), "tbody td")
    with translation.override(admin_language):
        assert str(Status.PENDING.label) in row


def test_one_row_per_cooperative_with_its_translations_linked(client, manager, make_cooperative):
    cooperative = make_cooperative("Tradotta Una Volta", english="Translated once.")
    make_cooperative("Solo In Italiano", english="Only in Italian.")
    make_cooperative("Senza Traduzione")
    translation_record = cooperative.get_translation(Locale.objects.get(language_code="en"))
    url = reverse("wagtailsnippets_register_cooperative:list")

    html = client.get(url, {"q": "Tradotta Una Volta"}).content.decode()

    rows = BeautifulSoup(html, "html.parser").select("tbody tr")
    assert len(rows) == 1
    edit = reverse("wagtailsnippets_register_cooperative:edit", args=[translation_record.pk])
    assert rows[0].select_one(f'a[href="{edit}"]') is not None
    # Every cooperative once: as many rows as source records.
    total = Cooperative.objects.filter(locale__language_code="it").count()
    assert client.get(url).context["paginator"].count == total
