"""The full-page cache against what the register and the newsroom publish: every address that
shows a cooperative's status, a sector or a news item is fresh on the next request after the
change is committed. Real Redis; the changes are made the way the admin makes them."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from infrastructure.invalidation import bulk_changes, version
from news.models import NewsIndexPage, NewsPage
from register.models import CertificationEvent, Cooperative, RegisterPage, Sector, Status
from tests.register.test_import import certified, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

STATUS = "X-Wagtail-Cache"


@pytest.fixture
def register_it(db) -> RegisterPage:
    return RegisterPage.objects.get(locale__language_code="it")


def test_a_visitor_never_sees_a_stale_status_after_a_suspension(
    client, page_cache, make_cooperative, register_it, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cooperative = make_cooperative("Cooperativa Sempre Aggiornata")
    vat = cooperative.vat_number
    addresses = {
        "page": f"{register_it.url}{cooperative.slug}/",
        "verification": f"{register_it.verification_url()}?q={vat}",
        "listing": f"{register_it.url}?q=Aggiornata",
    }
    # API answers are not stored: they say "no-cache" and revalidate with their ETag instead.
    api = f"/api/v1/verify?q={vat}"
    assert client.get(api)[STATUS] == "skip"
    for url in addresses.values():
        assert client.get(url)[STATUS] == "miss", url
    cached = {name: client.get(url) for name, url in addresses.items()}
    assert {response[STATUS] for response in cached.values()} == {"hit"}
    cached["api"] = client.get(api)
    assert "status-badge status-active" in cached["page"].content.decode()
    assert "status-badge status-active" in cached["verification"].content.decode()
    assert "Cooperativa Sempre Aggiornata" in cached["listing"].content.decode()
    assert cached["api"].json()["cooperative"]["status"] == "active"

    # An editor records the suspension in the admin.
    with django_capture_on_commit_callbacks(execute=True):
        CertificationEvent.objects.create(
            cooperative=cooperative, kind="suspended", date=timezone.localdate()
        )

    after = {name: client.get(url) for name, url in addresses.items()}
    assert {response[STATUS] for response in after.values()} == {"miss"}
    after["api"] = client.get(api)
    page = after["page"].content.decode()
    assert "status-badge status-suspended" in page
    assert "Sospeso" in page
    assert "status-badge status-active" not in page
    assert "status-badge status-suspended" in after["verification"].content.decode()
    # The default listing shows active marks only: the suspended one has left it.
    assert "Cooperativa Sempre Aggiornata" not in after["listing"].content.decode()
    assert after["api"].json()["cooperative"]["status"] == "suspended"
    assert client.get(addresses["page"])[STATUS] == "hit"  # and it is cached again


def test_a_cooperative_unpublished_or_edited_in_the_admin_is_fresh_at_once(
    client, page_cache, make_cooperative, register_it, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cooperative = make_cooperative("Cooperativa Da Ritoccare")
    url = f"{register_it.url}{cooperative.slug}/"
    client.get(url)
    assert client.get(url)[STATUS] == "hit"

    cooperative.comune = "Treviglio"
    with django_capture_on_commit_callbacks(execute=True):
        cooperative.save_revision().publish()
    edited = client.get(url)
    assert (edited[STATUS], "Treviglio" in edited.content.decode()) == ("miss", True)

    with django_capture_on_commit_callbacks(execute=True):
        cooperative.unpublish()
    assert client.get(url).status_code == 404


def test_renaming_a_sector_shows_in_the_filtered_listing(
    client, page_cache, make_cooperative, register_it, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sector = Sector.objects.create(
            code="cache-prova", name="Pulizie", locale=register_it.locale
        )
        make_cooperative("Cooperativa Del Settore", sectors=[sector])
    url = f"{register_it.url}?sector=cache-prova"
    assert "Pulizie" in client.get(url).content.decode()
    assert client.get(url)[STATUS] == "hit"

    sector.name = "Pulizie e sanificazione"
    with django_capture_on_commit_callbacks(execute=True):
        sector.save()
    renamed = client.get(url)
    assert renamed[STATUS] == "miss"
    assert "Pulizie e sanificazione" in renamed.content.decode()


def test_a_published_news_item_appears_in_the_newsroom_at_once(
    client, page_cache, django_capture_on_commit_callbacks
):
    index = NewsIndexPage.objects.get(locale__language_code="it")
    assert client.get(index.url)[STATUS] == "miss"
    assert client.get(index.url)[STATUS] == "hit"
    news = NewsPage(
        title="Nuove cooperative certificate",
        slug="nuove-cooperative-certificate",
        standfirst="Sei nuove cooperative nel registro.",
        date=timezone.localdate(),
        body=[("paragraph", "<p>Testo.</p>")],
        locale=index.locale,
        live=False,
    )
    index.add_child(instance=news)
    with django_capture_on_commit_callbacks(execute=True):
        revision = news.save_revision()
    assert "Nuove cooperative certificate" not in client.get(index.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    fresh = client.get(index.url)
    assert fresh[STATUS] == "miss"
    assert "Nuove cooperative certificate" in fresh.content.decode()


def test_the_cdn_is_purged_of_the_cooperative_and_the_register_when_its_status_changes(
    client, page_cache, cdn, make_cooperative, register_it, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cooperative = make_cooperative("Cooperativa In Vetrina")
    cdn.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        CertificationEvent.objects.create(
            cooperative=cooperative, kind="suspended", date=timezone.localdate()
        )
    expected = set()
    for page in RegisterPage.objects.live():
        expected |= {page.get_full_url(), f"{page.get_full_url()}{cooperative.slug}/"}
    assert expected <= set(cdn.purged)


# Bulk writers: one change at the end, seen at once by the page cache, the CDN and the ETags --


def holders(html: str) -> int:
    return int(re.search(r"(\d+) cooperative hanno oggi il marchio", html).group(1))


def test_generated_cooperatives_show_in_the_cached_listing_at_once(
    client, page_cache, django_capture_on_commit_callbacks
):
    before = client.get("/it/registro/")
    assert before[STATUS] == "miss"
    assert client.get("/it/registro/")[STATUS] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_cooperatives", "--count", "40", "--seed", "5", stdout=io.StringIO())

    after = client.get("/it/registro/")
    assert after[STATUS] == "miss"
    active = Cooperative.objects.public().in_status(Status.ACTIVE).count()
    assert holders(after.content.decode()) == active > holders(before.content.decode())


def test_imported_cooperatives_show_at_once_and_the_cdn_is_purged_once(
    client, page_cache, cdn, tmp_path, django_capture_on_commit_callbacks
):
    listing = "/it/registro/?q=Prova+Import"
    export = "/it/registro/export.csv"
    assert "Cooperativa Prova Import 1" not in client.get(listing).content.decode()
    assert client.get(listing)[STATUS] == "hit"
    etag = client.get(export)["ETag"]
    assert client.get(export, HTTP_IF_NONE_MATCH=etag).status_code == 304
    cdn.purged.clear()

    path = write_csv(tmp_path / "new.csv", [certified(1), certified(2)])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_cooperatives", str(path), stdout=io.StringIO())

    fresh = client.get(listing)
    assert fresh[STATUS] == "miss"
    assert "Cooperativa Prova Import 1" in fresh.content.decode()
    assert "Cooperativa Prova Import 2" in fresh.content.decode()
    changed = client.get(export, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    # One change for the whole import: each register page purged once, nothing per row.
    registers = {page.get_full_url() for page in RegisterPage.objects.live()}
    assert sorted(cdn.purged) == sorted(registers)


def test_inside_bulk_changes_the_receivers_wait_for_one_change_at_the_end(
    page_cache, cdn, make_cooperative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cooperative = make_cooperative("Cooperativa In Blocco")
    cdn.purged.clear()
    token = version()
    purge = ["http://testserver/it/registro/"]
    with django_capture_on_commit_callbacks(execute=True), bulk_changes(urls=purge):
        for kind in ("suspended", "reinstated"):
            CertificationEvent.objects.create(
                cooperative=cooperative, kind=kind, date=timezone.localdate()
            )
        cooperative.comune = "Treviglio"
        cooperative.save()
        assert version() == token  # nothing announced yet
        assert cdn.purged == []
    assert version() != token
    assert cdn.purged == ["http://testserver/it/registro/"]
