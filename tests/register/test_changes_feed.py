import xml.etree.ElementTree as ET

import pytest

from tests.conftest import REVOKED, SUSPENDED

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url: str) -> list[ET.Element]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_feed_follows_one_sector_in_one_area(client, make_cooperative, test_terms):
    t = test_terms
    make_cooperative("Feed Nord", sectors=[t["sector"]], areas=[t["north"]], history=SUSPENDED)
    make_cooperative("Feed Sud", sectors=[t["sector"]], areas=[t["south"]])
    make_cooperative("Feed Altro", sectors=[t["other_sector"]], areas=[t["north"]], history=REVOKED)
    make_cooperative("Feed Bozza", sectors=[t["sector"]], areas=[t["north"]], publish=False)

    titles = [
        entry.find(f"{ATOM}title").text
        for entry in entries(client, "/it/registro/feed/?sector=prova&area=zz-nord")
    ]
    assert titles == ["Feed Nord: Sospeso", "Feed Nord: Rilasciato"]

    everything = [
        e.find(f"{ATOM}title").text for e in entries(client, "/en/register/feed/?area=zz")
    ]
    assert "Feed Altro: Revoked" in everything  # revocations are news for buyers too
    assert "Feed Sud: Issued" in everything
    assert not any("Bozza" in title for title in everything)


def test_feed_links_are_absolute_and_in_the_feed_language(client, make_cooperative, test_terms):
    make_cooperative("Feed Link", sectors=[test_terms["sector"]], history=REVOKED)
    [revoked, issued] = entries(client, "/en/register/feed/?sector=prova")
    link = revoked.find(f"{ATOM}link").get("href")
    # A revoked mark has no public page: the entry leads to its verification.
    assert link.startswith("http://testserver/en/register/verify/?q=")
    assert revoked.find(f"{ATOM}updated").text
    assert revoked.find(f"{ATOM}id").text != issued.find(f"{ATOM}id").text


def test_listing_advertises_its_filtered_feed(client):
    html = client.get("/it/registro/?sector=pulizie&page=1").content.decode()
    assert 'type="application/atom+xml"' in html
    assert 'href="/it/registro/feed/?sector=pulizie"' in html
