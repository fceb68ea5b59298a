"""The demo cooperatives are a file in the import format, loaded through the import: the demo
proves the import, and a generated cooperative is published like an imported one."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale, ModelLogEntry, Page, Revision

from demo.cooperatives import COOPERATIVES_FILE, EVENTS_FILE, _read
from quotes.models import RequestFigures
from register.importing import plan_import
from register.integrity import find_wrong_locale_links
from register.models import CertificationEvent, Cooperative, Status

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_the_demo_file_passes_the_import_dry_run_with_no_error():
    demo_vat_numbers = [row["vat_number"] for row in _read(COOPERATIVES_FILE)]
    # On a register without them (the demo is loaded in the test database: take it away).
    Cooperative.objects.filter(vat_number__in=demo_vat_numbers).delete()
    plan = plan_import(COOPERATIVES_FILE.read_bytes(), COOPERATIVES_FILE.name)
    assert plan.formatted_problems() == []
    assert plan.counts == {"create": 40, "update": 0, "unchanged": 0}
    # Every English text given is turned into a translation of the Italian one.
    assert sum(bool(row.english) for row in plan.rows) == 38


def snapshot() -> dict:
    cooperatives = Cooperative.objects.order_by("pk")
    return {
        "cooperatives": list(
            cooperatives.values_list(
                "pk", "name", "slug", "vat_number", "updated_at", "latest_revision_id", "live"
            )
        ),
        "events": CertificationEvent.objects.count(),
        "revisions": Revision.objects.count(),
        "log": ModelLogEntry.objects.count(),
        "pages": list(Page.objects.order_by("pk").values_list("pk", "latest_revision_id")),
        "pact traces": RequestFigures.objects.count(),
    }


def test_loading_the_demo_twice_changes_nothing():
    before = snapshot()
    call_command("load_demo_content", stdout=io.StringIO())
    assert snapshot() == before


def test_the_demo_shows_the_statuses_and_histories_of_its_files():
    cooperatives = {c.vat_number: c for c in Cooperative.objects.filter(locale__language_code="it")}
    demo = _read(COOPERATIVES_FILE)
    assert {row["vat_number"] for row in demo} <= set(cooperatives)
    statuses = [cooperatives[row["vat_number"]].status for row in demo]
    assert {status: statuses.count(status) for status in set(statuses)} == {
        Status.ACTIVE: 32,
        Status.SUSPENDED: 3,
        Status.REVOKED: 1,
        Status.WITHDRAWN: 1,
        Status.EXPIRED: 2,
        Status.PENDING: 1,
    }
    # A history: the imported issue (with its note), then the file's later events, in order.
    imagna = cooperatives["39046640163"]
    assert [
        (event.kind, event.public_note[:22])
        for event in imagna.certification_events.order_by("date", "id")
    ] == [
        ("issued", "Prima certificazione I"),
        ("revoked", "Revocato: il consorzio"),
        ("issued", "Nuova certificazione d"),
    ]
    assert len(_read(EVENTS_FILE)) == 19
    # The English translation comes from the file's English columns.
    english = imagna.get_translation(Locale.objects.get(language_code="en"))
    assert "A consortium of seven cooperatives" in english.description


def test_the_demos_social_cooperatives_are_in_the_regional_register(client):
    records = Cooperative.objects.filter(locale__language_code="it")
    entered = records.exclude(regional_register_section="")
    assert {c.legal_form for c in entered} == {"sociale-a", "sociale-b", "consorzio"}
    assert not records.filter(legal_form="lavoro").exclude(regional_register_section="")
    consortium = records.get(vat_number="39046380166")  # a consortium of social cooperatives
    assert (consortium.regional_register_section, consortium.regional_register_number) == (
        "C",
        "780",
    )
    html = client.get(f"/en/register/{consortium.slug}/").content.decode()
    assert "<dt>Regional register of social cooperatives</dt><dd>Section C, no. 780</dd>" in html


def published_like_the_admin(cooperative: Cooperative) -> list[str]:
    """What the admin shows of a record's publication: live, one revision that is both its
    latest and its live one, and the history of its creation and publication."""
    assert cooperative.live and not cooperative.has_unpublished_changes
    assert cooperative.latest_revision_id == cooperative.live_revision_id
    assert cooperative.revisions.count() == 1
    return list(
        ModelLogEntry.objects.for_instance(cooperative)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_generated_cooperative_is_published_with_a_revision_like_an_imported_one(
    client, django_user_model
):
    call_command("generate_cooperatives", "--count", "3", "--seed", "4", stdout=io.StringIO())
    generated = Cooperative.objects.filter(slug__startswith="gen-").latest("pk")
    imported = Cooperative.objects.get(
        vat_number=_read(COOPERATIVES_FILE)[0]["vat_number"], locale__language_code="it"
    )
    actions = published_like_the_admin(generated)
    assert actions == published_like_the_admin(imported) == ["wagtail.create", "wagtail.publish"]
    # The revision holds the record with its relations, as one saved in the admin does.
    content = generated.latest_revision.content
    assert content["name"] == generated.name
    assert sorted(content["sectors"]) == sorted(generated.sectors.values_list("pk", flat=True))
    # Its history is the generated one, and the admin shows it live, with that history.
    assert generated.certification_kind == (
        generated.certification_events.order_by("date", "id").last().kind
    )
    client.force_login(django_user_model.objects.create_superuser("m", "m@example.org", "pw"))
    history = client.get(
        reverse("wagtailsnippets_register_cooperative:history", args=[generated.pk])
    )
    assert history.status_code == 200
    assert re.search("Pubblica|Publish", history.content.decode())
    edit = client.get(reverse("wagtailsnippets_register_cooperative:edit", args=[generated.pk]))
    assert edit.status_code == 200
    assert "Live" in edit.content.decode()


def test_the_generator_is_deterministic():
    call_command("generate_cooperatives", "--count", "5", "--seed", "7", stdout=io.StringIO())
    first = list(
        Cooperative.objects.filter(slug__startswith="gen-")
        .order_by("pk")
        .values_list("name", "legal_form", "certification_kind", "certified_until")
    )
    Cooperative.objects.filter(slug__startswith="gen-").delete()
    call_command("generate_cooperatives", "--count", "5", "--seed", "7", stdout=io.StringIO())
    again = Cooperative.objects.filter(slug__startswith="gen-").order_by("pk")
    assert list(
        again.values_list("name", "legal_form", "certification_kind", "certified_until")
    ) == (first)


def test_the_demo_content_has_no_term_of_another_language():
    """Every record made by the demo (with wagtail-localize, as editors do) follows the rule of
    tests/register/test_data_integrity.py: a record's sectors and areas are of its language."""
    assert find_wrong_locale_links(Cooperative) == []
    english = Cooperative.objects.filter(locale__language_code="en")
    assert english.exists()
    assert set(
        english.values_list("sectors__locale__language_code", flat=True).exclude(sectors=None)
    ) == {"en"}


def test_the_pacts_results_page_shows_the_demo_figures(client):
    page = client.get("/it/risultati-del-patto/").content.decode()
    table = page[page.index("<table") : page.index("</table>")]
    # Twelve demo requests in 2025 and 2026, every metric in the table (demo/quotes.py).
    assert "2025" in table and "2026" in table
    rows = client.get("/it/risultati-del-patto/data.json").json()["rows"]
    years = [
        (row["year"], row["requests_approved"], row["orders"], row["conventions"])
        for row in rows
        if row["sector"] == "all"
    ]
    assert years == [(2025, 6, 3, 2), (2026, 6, 3, 1)]
