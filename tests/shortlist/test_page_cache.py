"""The page cache and the shortlist (shortlist/wagtail_hooks.py): the register's pages stay
shared for visitors without a shortlist, while a visitor with one always sees their own
buttons and count, never a page stored for someone else, and theirs is never stored."""

import pytest
from django.test import Client

from .conftest import add

pytestmark = [pytest.mark.django_db]

LISTING = "/it/registro/?status=any"


def test_two_visitors_each_see_their_own_state(client, three, page_cache):
    server, prefix = page_cache
    client.get("/it/")  # the factories' site gets its settings on the first request: a change
    # A visitor without a shortlist: the listing is stored, then served from the cache.
    assert [client.get(LISTING)["X-Wagtail-Cache"] for _ in range(2)] == ["miss", "hit"]
    stored = set(server.scan_iter(f"{prefix}:*"))

    buyer = Client()
    add(buyer, three[0], next_url=LISTING)
    mine = buyer.get(LISTING)
    assert mine["X-Wagtail-Cache"] != "hit"
    page = mine.content.decode()
    assert page.count("Nella tua selezione") == 1
    assert 'class="shortlist-count"' in page
    assert "private" in mine["Cache-Control"]

    # The first visitor still gets the shared page, with no one's shortlist in it.
    theirs = client.get(LISTING)
    assert theirs["X-Wagtail-Cache"] == "hit"
    assert "Nella tua selezione" not in theirs.content.decode()
    assert "shortlist-count" not in theirs.content.decode()
    # Nothing of the buyer's was stored.
    assert set(server.scan_iter(f"{prefix}:*")) == stored

    # The cooperative's page: the same.
    cooperative = f"/it/registro/{three[0].slug}/"
    assert client.get(cooperative)["X-Wagtail-Cache"] == "miss"
    assert "Nella tua selezione" in buyer.get(cooperative).content.decode()
    assert "Nella tua selezione" not in client.get(cooperative).content.decode()

    # Once the buyer empties the list, the shared pages serve them too.
    buyer.post("/it/selezione/svuota/")
    assert buyer.get(LISTING)["X-Wagtail-Cache"] == "hit"


def test_the_shortlist_pages_are_never_stored(client, three, page_cache):
    server, prefix = page_cache
    add(client, three[0])
    stored = set(server.scan_iter(f"{prefix}:*"))
    for path in ["/it/selezione/", "/it/selezione/selezione.csv", "/it/selezione/"]:
        response = client.get(path)
        assert response.status_code == 200
        assert response["X-Wagtail-Cache"] != "hit"
    assert set(server.scan_iter(f"{prefix}:*")) == stored
