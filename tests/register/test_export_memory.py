"""The exports are written to a temporary file and sent from it: memory stays flat however
many cooperatives the register holds."""

import csv
import io
import tracemalloc

import pytest
from django.core.management import call_command

from register.exports import CHUNK
from register.models import Cooperative, Status

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def peak_while_streaming(client, url: str) -> tuple[int, int]:
    """(peak bytes allocated while the export is read and thrown away, rows read)."""
    tracemalloc.start()
    try:
        response = client.get(url)
        # Lines end in CRLF; a chunk may end between the two, so count the LFs.
        rows = sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1
        return tracemalloc.get_traced_memory()[1], rows
    finally:
        tracemalloc.stop()


def test_the_csv_export_streams_in_flat_memory(client):
    call_command("generate_cooperatives", "--count", "4000", "--seed", "8", stdout=io.StringIO())
    everything = "/it/registro/export.csv?status=any"
    a_part = "/it/registro/export.csv?status=any&sector=pulizie"
    client.get(a_part)  # the vocabulary and the page's URL, cached as for any visitor

    listed = Cooperative.objects.public().in_status(Status.ACTIVE, Status.SUSPENDED).count()
    streaming_all, rows_all = peak_while_streaming(client, everything)
    streaming_part, rows_part = peak_while_streaming(client, a_part)
    size_all = len(b"".join(client.get(everything).streaming_content))

    assert rows_all == listed > 3000
    assert 2 * CHUNK < rows_part < rows_all / 4
    # Four times the rows, about the same memory; less than the file: it is never held whole
    # (it is written to a temporary file, then sent from it in blocks).
    assert streaming_all < 1.25 * streaming_part
    assert streaming_all < size_all


def test_the_streamed_csv_has_every_row_once(client):
    call_command("generate_cooperatives", "--count", "600", "--seed", "9", stdout=io.StringIO())
    response = client.get("/it/registro/export.csv?status=any")
    text = b"".join(response.streaming_content).decode().removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = Cooperative.objects.public().in_status(Status.ACTIVE, Status.SUSPENDED)
    assert sorted(row["vat_number"] for row in rows) == sorted(
        f"IT{vat}" for vat in expected.values_list("vat_number", flat=True)
    )
    generated = [row for row in rows if row["url"].split("/")[-2].startswith("gen-")]
    assert generated and all(row["sectors"] and row["areas"] for row in generated)
