"""robots.txt and the rate limits name the register's addresses as its live pages and routes
say (register/public_paths.py), so an editor may rename the register page's slug."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from infrastructure import ratelimit
from infrastructure.invalidation import content_changed
from register.models import RegisterPage

NEW_SLUGS = {"it": "albo", "en": "directory"}

pytestmark = pytest.mark.demo


@pytest.fixture
def renamed_register(db):
    """The register page renamed in both languages, as an editor does it: a new revision,
    published."""
    for page in RegisterPage.objects.live().select_related("locale"):
        page.slug = NEW_SLUGS[page.locale.language_code]
        page.save_revision().publish()
    yield
    content_changed()  # the rollback at the end of the test is a change no signal reports


@pytest.fixture
def limits(settings, monkeypatch):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_STORAGE = "database"
    settings.RATELIMITS = {
        "search": (1, 60),
        "verification": (1, 60),
        "exports": (1, 60),
        "attestations": (1, 60),
    }
    monkeypatch.setattr(ratelimit, "now", lambda: 1_800_000_000.0)  # a window's start


def second_status(client, path: str, address: str) -> int:
    client.get(path, REMOTE_ADDR=address)
    return client.get(path, REMOTE_ADDR=address).status_code


def disallowed(client) -> set[str]:
    lines = client.get("/robots.txt").content.decode().splitlines()
    return {line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow")}


def test_robots_txt_follows_a_renamed_register_page(client, renamed_register):
    rules = disallowed(client)
    assert {
        "/it/albo/verifica/",
        "/en/directory/verify/",
        "/it/albo/verifica-elenco/",
        "/en/directory/verify-list/",
        "/it/albo/export.csv",
        "/it/albo/export.json",
        "/it/albo/export.xlsx",
        "/en/directory/export.csv",
        "/en/directory/export.json",
        "/en/directory/export.xlsx",
        "/it/albo/bollino/*.svg",
        "/en/directory/badge/*.svg",
        "/it/albo/attestato/",
        "/en/directory/attestation/",
        "/it/cerca/",
        "/en/search/",
        "/it/avvisi/",
        "/en/alerts/",
        "/alerts/unsubscribe/",
        "/it/richiesta-preventivo/",
        "/en/request-a-quote/",
        "/it/selezione/",
        "/en/shortlist/",
        "/it/invito/",
        "/en/invitation/",
        "/admin/",
        "/documents/",
    } == rules
    assert client.get("/it/albo/verifica/?q=IT00000000000").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/it/albo/verifica/?q=IT02468135790",
        "/en/directory/verify/?q=IMP-2023-0042",
        "/it/albo/export.csv",
        "/en/directory/export.json",
        "/it/albo/export.xlsx/",
        "/it/albo/attestato/IT02468135790.pdf",
        "/en/directory/attestation/IMP-2023-0042.pdf",
        "/it/cerca/?q=pulizie",
    ],
)
def test_the_rate_limits_follow_a_renamed_register_page(client, renamed_register, limits, path):
    assert second_status(client, path, "192.0.2.70") == 429


@pytest.mark.parametrize(
    "path",
    [
        "/it/registro/verifica/?q=IT02468135790",
        "/en/register/export.csv",
        "/it/registro/attestato/IT02468135790.pdf",
    ],
)
def test_the_old_addresses_are_no_longer_limited(client, renamed_register, limits, path):
    assert second_status(client, path, "192.0.2.71") != 429


def test_the_limits_apply_to_the_register_as_it_is(client, db, limits):
    assert second_status(client, "/it/registro/verifica/?q=IT02468135790", "192.0.2.72") == 429
    assert second_status(client, "/en/register/export.csv", "192.0.2.73") == 429
    assert second_status(client, "/it/registro/", "192.0.2.74") == 200  # the listing is not


def test_the_limiter_reads_no_database_while_nothing_changes(db, limits, settings):
    settings.RATELIMIT_STORAGE = "cache"  # counting itself then needs no query either
    factory = RequestFactory()
    paths = ["/it/", "/it/registro/verifica/?q=x", "/en/register/export.csv", "/api/v1/sectors/"]
    ratelimit.exceeded(factory.get("/it/"))  # the first request after a change reads the pages
    with CaptureQueriesContext(connection) as queries:
        for index, path in enumerate(paths):
            ratelimit.exceeded(factory.get(path, REMOTE_ADDR=f"192.0.2.{80 + index}"))
    assert len(queries) == 0, [query["sql"] for query in queries]


def test_the_open_data_page_shows_the_api_limit_from_the_settings(client, db, settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {**settings.RATELIMITS, "api": (120, 60)}
    html = client.get("/en/register/open-data/").content.decode()
    assert "Each client may send up to 120 requests every 60 seconds" in html
    settings.RATELIMIT_ENABLED = False
    html = client.get("/en/register/open-data/").content.decode()
    assert "Each client may send up to" not in html


def test_the_bulk_verification_limit_follows_a_renamed_register_page(
    client, renamed_register, limits, settings
):
    settings.RATELIMITS = {"bulk-verification": (1, 3600)}
    for index, path in enumerate(("/it/albo/verifica-elenco/", "/en/directory/verify-list/")):
        address = f"192.0.2.{76 + index}"
        assert client.get(path, REMOTE_ADDR=address).status_code == 200  # the form: not counted
        statuses = [
            client.post(path, {"numbers": "x"}, REMOTE_ADDR=address).status_code for _ in range(2)
        ]
        assert statuses == [200, 429], path
