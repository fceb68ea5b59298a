"""HEAD on every public address (uptime monitors and crawlers use it): never a 405 where GET
answers, the same status and headers as GET, no body. The addresses are the fuzz table's, which
a test keeps complete over the URLconf and every Wagtail route."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .test_fuzz import targets

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

# Differ between two GETs too: a fresh CSRF token changes the page and so its ETag; a page
# never cached expires at the second it is answered.
VOLATILE = {"Set-Cookie", "ETag", "Content-Length", "X-Wagtail-Cache", "Expires"}


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_head_answers_like_get_on_every_public_address():
    client = Client(raise_request_exception=False)
    problems = []
    for name, (url, _parameters) in targets().items():
        got, head = client.get(url), client.head(url)
        if head.status_code != got.status_code:
            problems.append(f"{name} {url}: HEAD {head.status_code}, GET {got.status_code}")
            continue
        if body_of(head):
            problems.append(f"{name} {url}: HEAD sent a body")
        got_headers = {k: v for k, v in got.headers.items() if k not in VOLATILE}
        head_headers = {k: v for k, v in head.headers.items() if k not in VOLATILE}
        if got_headers != head_headers:
            problems.append(f"{name} {url}: headers {head_headers} != {got_headers}")
    assert problems == []


@pytest.mark.parametrize("url", ["/robots.txt", "/health/", "/api/v1/sectors/"])
def test_head_gives_the_length_and_validators_of_the_get(client, url):
    got, head = client.get(url), client.head(url)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(got.content))
    assert head["Content-Type"] == got["Content-Type"]


def test_head_of_an_export_reads_no_rows(client):
    with CaptureQueriesContext(connection) as get_queries:
        body_of(client.get("/it/registro/export.csv"))
    with CaptureQueriesContext(connection) as head_queries:
        head = client.head("/it/registro/export.csv")
    assert head.status_code == 200
    assert head["Content-Type"].startswith("text/csv")
    # The rows are read while the file streams: a HEAD never starts the stream.
    assert len(head_queries) < len(get_queries)
