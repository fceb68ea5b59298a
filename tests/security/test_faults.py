"""Faults: the cache or the search service down, an import broken off half-way. The site keeps
answering (the 500 page, or a page that says what is missing) and /health/ says 503; it
recovers when the service is back; an interrupted import leaves the database as it was."""

import logging
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from wagtail.models import ModelLogEntry, Revision
from wagtail.signals import published

from home.models import EditorialPage, HomePage
from register import importing, writing
from register.models import Area, CertificationEvent, Cooperative, Sector
from tests.home.test_health import redis_server  # noqa: F401 — a real Redis of the test's own
from tests.register.test_import import row, vat, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

PAGES = [
    "/it/",
    "/en/impact-mark/",
    "/it/registro/",
    "/it/registro/verifica/?q=IT00000000000",
    "/it/registro/verifica-elenco/",
    "/it/notizie/",
    "/en/news/feed/",
    "/it/cerca/?q=cooperativa",
    "/it/chiedi-del-marchio/",
    "/api/v1/cooperatives/",
]


@pytest.fixture
def visitor() -> Client:
    return Client(raise_request_exception=False)


@pytest.fixture
def quiet():
    """The faults below are logged as errors by Django; the test reads the answers instead."""
    logging.disable(logging.CRITICAL)
    yield
    logging.disable(logging.NOTSET)


def test_with_the_cache_down_the_site_answers_and_recovers(visitor, redis_server, quiet):  # noqa: F811
    for url in PAGES:
        assert visitor.get(url).status_code == 200, url

    redis_server.stop()
    for url in PAGES:
        started = time.monotonic()
        response = visitor.get(url)
        assert time.monotonic() - started < 3, f"{url} waited for the cache"
        if response.status_code != 200:
            # The site's own error page, readable in both languages, without the cache.
            assert response.status_code == 500, url
            html = response.content.decode()
            assert "Something went wrong" in html and 'lang="en"' in html, url
    assert visitor.get("/health/").status_code == 503

    redis_server.start()
    for url in [*PAGES, "/health/"]:
        assert visitor.get(url).status_code == 200, url


@pytest.fixture
def search_service_down(settings):
    """ELASTICSEARCH_URL pointing at a port where nothing listens."""
    backend = {
        "BACKEND": "wagtail.search.backends.elasticsearch8",
        "URLS": ["http://127.0.0.1:1"],
        "INDEX_PREFIX": "fault-test-it-",
        "TIMEOUT": 2,
    }
    database = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": backend,
        "en": {**backend, "INDEX_PREFIX": "fault-test-en-"},
    }
    yield settings
    settings.WAGTAILSEARCH_BACKENDS = database


SEARCHES = [
    "/it/cerca/?q=cooperativa",
    "/en/search/?q=cooperative",
    "/it/registro/?q=pulizie",
    "/it/registro/feed/?q=pulizie",
    "/it/registro/export.csv?q=pulizie",
    "/en/register/export.json?q=cleaning",
    "/it/registro/export.xlsx?q=pulizie",
]


def test_with_the_search_service_down_searches_say_so(visitor, search_service_down, quiet):
    for url in SEARCHES:
        response = visitor.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == "60"
        assert response["Cache-Control"] == "no-store"
        html = response.content.decode()
        assert "Searching by words is not available right now." in html, url
        assert '<a href="/it/">' in html and '<a href="/en/">' in html
    english = visitor.get("/en/search/?q=cooperative").content.decode()
    assert english.index('<section lang="en"') < english.index('<section lang="it"')

    api = visitor.get("/api/v1/cooperatives/?q=cleaning&lang=en")
    assert api.status_code == 503
    assert api.json() == {
        "detail": "Searching by words is not available right now. Try again later."
    }


def test_with_the_search_service_down_everything_else_works(visitor, search_service_down):
    for url in [
        "/it/",
        "/it/registro/",
        "/it/registro/?sector=pulizie",
        "/it/notizie/",
        "/it/registro/export.csv",
        "/api/v1/cooperatives/?sector=pulizie",
        "/it/cerca/",
    ]:
        assert visitor.get(url).status_code == 200, url
    # Editors keep publishing: the index update fails quietly, `update_index` catches up.
    page = EditorialPage(title="Pubblicata senza indice", slug="senza-indice", live=False)
    HomePage.objects.get(locale__language_code="it").add_child(instance=page)
    page.save_revision().publish()
    assert visitor.get("/it/senza-indice/").status_code == 200


def test_searches_work_again_once_the_service_is_back(visitor, search_service_down):
    assert visitor.get("/it/cerca/?q=cooperativa").status_code == 503
    search_service_down.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database"}
    }
    response = visitor.get("/it/cerca/?q=cooperativa")
    assert response.status_code == 200
    assert "Searching by words is not available" not in response.content.decode()


# An import broken off half-way ---------------------------------------------------------------


def database_state() -> dict:
    """Everything an import writes, read back in a fixed order."""
    cooperatives = ContentType.objects.get_for_model(Cooperative)
    through = (Cooperative.sectors.through, Cooperative.areas.through)
    return {
        "cooperatives": list(
            Cooperative.objects.order_by("pk").values_list(
                "pk", "vat_number", "name", "slug", "live", "latest_revision_id", "updated_at"
            )
        ),
        "terms": [list(model.objects.order_by("pk").values_list()) for model in through],
        "revisions": list(
            Revision.objects.filter(base_content_type=cooperatives)
            .order_by("pk")
            .values_list("pk", "object_id")
        ),
        "history": ModelLogEntry.objects.filter(content_type=cooperatives).count(),
        "events": CertificationEvent.objects.count(),
        "sectors": Sector.objects.count(),
        "areas": Area.objects.count(),
    }


class Interrupted(Exception):
    pass


@pytest.fixture
def existing(db) -> Cooperative:
    """A cooperative already in the register, which the file updates."""
    return Cooperative.objects.filter(live=True, locale__language_code="it").first()


@pytest.mark.parametrize("fault", [Interrupted, KeyboardInterrupt], ids=["error", "Ctrl-C"])
def test_an_import_broken_off_half_way_leaves_the_database_as_it_was(
    tmp_path, monkeypatch, existing, fault
):
    rows = [row(number) for number in range(1, 41)]
    rows.append(row(99, name="Nome cambiato dall'import", vat_number=f"IT{existing.vat_number}"))
    path = write_csv(tmp_path / "cooperative.csv", rows)
    plan = importing.plan_import(path.read_bytes(), path.name)
    assert plan.is_valid and plan.counts["create"] == 40 and plan.counts["update"] == 1

    # Batches of 10, and a failure at the 25th record published: two batches are written.
    monkeypatch.setattr(writing, "BATCH_SIZE", 10)
    seen = []

    def fail_half_way(sender, instance, **kwargs) -> None:
        seen.append(instance.pk)
        if len(seen) == 25:
            raise fault("the import stops here")

    before = database_state()
    published.connect(fail_half_way, sender=Cooperative, weak=False)
    try:
        with pytest.raises(fault):
            importing.apply_plan(plan)
    finally:
        published.disconnect(fail_half_way, sender=Cooperative)

    assert len(seen) == 25  # it did stop in the middle, after writing
    assert database_state() == before
    assert not Cooperative.objects.filter(vat_number=vat(1)).exists()
    existing.refresh_from_db()
    assert existing.name != "Nome cambiato dall'import"
    # And the same file imports completely once nothing stops it.
    importing.apply_plan(importing.plan_import(path.read_bytes(), path.name))
    assert Cooperative.objects.filter(vat_number__in=[vat(n) for n in range(1, 41)]).count() == 40
