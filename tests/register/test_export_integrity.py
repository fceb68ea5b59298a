"""An export is a whole file or a clear error: never a truncated or invalid file with a success
status. Tested with inconsistent data written around the model's validation, for every format
and for the other readers of the same rows (feed, API, pages)."""

import csv
import gc
import io
import json
import logging
from xml.etree import ElementTree

import pytest
from django.db import connection
from openpyxl import load_workbook

from register import exports
from register.models import Cooperative, Sector
from tests.factories import ACTIVE, EXPIRED, REVOKED, SUSPENDED, SectorFactory, demo_terms

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site", "register")]


@pytest.fixture(autouse=True)
def _server_side_cursors_closed_inside_the_test():
    """A failed export leaves PostgreSQL's named cursor to the garbage collector; closed after
    the test's savepoint, its CLOSE would abort the transaction that the next test nests in."""
    yield
    gc.collect()


FORMATS = ["csv", "json", "xlsx"]
PREFIXES = {"it": "/it/registro/", "en": "/en/register/"}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def parse(extension: str, content: bytes) -> list:
    """The rows of a complete file (raises on a truncated or invalid one)."""
    if extension == "csv":
        return list(csv.DictReader(io.StringIO(content.decode("utf-8").removeprefix("\ufeff"))))
    if extension == "json":
        return json.loads(content)["cooperatives"]
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))[1:]


@pytest.fixture
def register(make_cooperative):
    """A register of every status, some translated, as the demo's: more rows than the four
    after which an export is made to fail below."""
    terms = demo_terms("pulizie", "logistica", "trasporti", "bg-isola", english=True)
    sectors, areas = terms["sectors"], terms["areas"]
    education = SectorFactory(code="educativi", name="Servizi educativi", english="Education")
    records = [
        (ACTIVE, "Active."),
        (ACTIVE, None),
        (ACTIVE, None),
        (SUSPENDED, "Suspended."),
        (SUSPENDED, None),
        (REVOKED, None),
        (EXPIRED, None),
        ([], None),
    ]
    for number, (history, english) in enumerate(records):
        make_cooperative(
            f"Esportata {number}",
            sectors=[sectors["pulizie"], sectors["trasporti"]] if number % 2 else [education],
            areas=[areas["bg-isola"]],
            history=history,
            english=english,
        )


@pytest.fixture
def inconsistent(make_cooperative):
    """The issue's click, as it was saved before the fix: an Italian cooperative with the
    English "Logistics and warehousing", written straight into the database."""
    cooperative = make_cooperative(
        "Clic Sbagliato", sectors=[Sector.objects.get(code="pulizie", locale__language_code="it")]
    )
    english = Sector.objects.get(code="logistica", locale__language_code="en")
    Cooperative.sectors.through.objects.create(cooperative=cooperative, sector=english)
    return cooperative


@pytest.mark.parametrize("extension", FORMATS)
def test_every_export_is_complete_and_says_its_length(client, extension):
    response = client.get(f"/it/registro/export.{extension}?status=any")
    assert response.status_code == 200
    content = body(response)
    # With the length announced, any client or proxy can tell a cut transfer from a whole file.
    assert int(response["Content-Length"]) == len(content)
    rows = parse(extension, content)
    assert len(rows) == Cooperative.objects.public().in_status("active", "suspended").count()


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("extension", FORMATS)
def test_inconsistent_data_gives_a_clear_error_not_a_partial_file(
    client, inconsistent, caplog, extension, language
):
    with caplog.at_level(logging.ERROR, logger="register.exports"):
        response = client.get(f"{PREFIXES[language]}export.{extension}?status=any")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    first = {"it": "Esportazione non disponibile", "en": "Export not available"}[language]
    assert f"<h1>{first}</h1>" in html
    assert "check_register_data" in caplog.text and "register_cooperative_sectors" in caplog.text
    # A filtered export without the broken row is not affected.
    fine = client.get(f"{PREFIXES[language]}export.{extension}?sector=educativi")
    assert fine.status_code == 200 and parse(extension, body(fine))


def test_the_other_readers_of_the_same_rows_stay_valid(client, inconsistent):
    """The feed, the API and the pages read the same rows: each answers whole and valid."""
    vat = f"IT{inconsistent.vat_number}"
    for path in ("/it/registro/feed/", "/en/register/feed/"):
        response = client.get(path)
        assert response.status_code == 200, path
        ElementTree.fromstring(response.content)
    listing = client.get("/api/v1/cooperatives/", {"q": "Clic Sbagliato"})
    assert listing.status_code == 200
    assert [item["vat_number"] for item in listing.json()["results"]] == [vat]
    detail = client.get(f"/api/v1/cooperatives/{inconsistent.vat_number}")
    assert detail.status_code == 200
    assert [sector["code"] for sector in detail.json()["sectors"]] == ["pulizie"]
    for path in ("/it/registro/", "/it/registro/clic-sbagliato/", "/en/register/"):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("extension", FORMATS)
def test_a_failure_while_writing_never_sends_a_success(client, monkeypatch, caplog, extension):
    """Whatever fails half-way (here the fourth row) ends as an error answer, not as a file
    that stops early with a 200."""
    build = exports._row
    written = []

    def failing(*args, **kwargs):
        if len(written) == 3:
            raise RuntimeError("the database went away")
        written.append(1)
        return build(*args, **kwargs)

    monkeypatch.setattr(exports, "_row", failing)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR):
        response = client.get(f"/it/registro/export.{extension}?status=any")
    assert response.status_code == 500
    assert "Content-Disposition" not in response
    assert "failed while being written" in caplog.text
    # The rows' database cursor is closed with the failed file: on PostgreSQL, one the garbage
    # collector closed later would break whatever transaction was running then.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_cursors WHERE name LIKE '_django_curs%%'")
            assert cursor.fetchone() == (0,)
