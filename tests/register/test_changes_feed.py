import xml.etree.ElementTree as ET

import pytest

from tests.atom import ATOM as ATOM_NAMESPACE
from tests.atom import atom_problems
from tests.factories import REVOKED, SUSPENDED, NewsPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]
ATOM = ATOM_NAMESPACE


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


@pytest.mark.usefixtures("demo_vocabulary")
def test_listing_advertises_its_filtered_feed(client):
    html = client.get("/it/registro/?sector=pulizie&page=1").content.decode()
    assert 'type="application/atom+xml"' in html
    assert 'href="/it/registro/feed/?sector=pulizie"' in html


# Every feed is valid Atom, and each choice of filters is a feed of its own. -------------------

FEEDS = [
    "/it/registro/feed/",
    "/en/register/feed/",
    "/it/registro/feed/?sector=prova",
    "/en/register/feed/?sector=prova",
    "/it/registro/feed/?area=zz",
    "/it/registro/feed/?area=zz-nord",
    "/en/register/feed/?form=lavoro",
    "/it/registro/feed/?q=Feed",
    "/en/register/feed/?sector=prova&area=zz-nord&form=lavoro&q=Feed",
    "/it/registro/feed/?sector=prova&page=3&status=any&sort=recent",  # not the feed's filters
    "/it/registro/feed/?sector=nessuno-usa-questo-codice-no&sector=prova",  # the last one counts
    "/it/notizie/feed/",
    "/en/news/feed/",
]


@pytest.fixture
def feed_data(make_cooperative, test_terms, site):
    t = test_terms
    make_cooperative("Feed Nord", sectors=[t["sector"]], areas=[t["north"]], history=SUSPENDED)
    make_cooperative("Feed Sud", sectors=[t["sector"]], areas=[t["south"]], history=REVOKED)
    NewsPageFactory(  # the newsroom's feeds too, with an entry in each language
        parent=site.news_it,
        title="Notizia del feed",
        slug="notizia-del-feed",
        english={
            "Notizia del feed": "News of the feed",
            "notizia-del-feed": "news-of-the-feed",
            "Sommario di Notizia del feed.": "Summary of the news of the feed.",
            "Testo di Notizia del feed.": "Text of the news of the feed.",
            "Bergamo": "Bergamo",
        },
    )


def feed_of(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert atom_problems(response.content) == [], url
    return ET.fromstring(response.content)


@pytest.mark.parametrize("url", FEEDS)
def test_every_feed_is_valid_atom(client, feed_data, url):
    feed = feed_of(client, url)
    assert feed.findall(f"{ATOM}entry"), url
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Confcooperative Bergamo"


def test_the_atom_checker_finds_what_rfc_4287_forbids():
    assert atom_problems(b"<feed") != []
    valid = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x:1</id><title>t</title>'
        b"<updated>2026-01-02T03:04:05Z</updated><author><name>A</name></author>"
        b"<entry><id>urn:x:2</id><title>e</title><updated>2026-01-02T03:04:05+01:00</updated>"
        b'<link href="http://example.org/"/></entry></feed>'
    )
    assert atom_problems(valid) == []
    for broken, problem in [
        (valid.replace(b"<author><name>A</name></author>", b""), "no atom:author"),
        (valid.replace(b"<id>urn:x:1</id>", b""), "0 atom:id"),
        (valid.replace(b"urn:x:2", b"event 2"), "not an absolute IRI"),
        (valid.replace(b"2026-01-02T03:04:05Z", b"02/01/2026"), "RFC 3339"),
        (valid.replace(b'<link href="http://example.org/"/>', b""), "neither atom:content"),
        (valid.replace(b"<title>t</title>", b"<title>t</title><title>u</title>"), "2 atom:title"),
    ]:
        assert any(problem in found for found in atom_problems(broken)), problem


def test_each_filtered_feed_has_its_own_id_title_and_listing(client, feed_data):
    unfiltered = feed_of(client, "/it/registro/feed/")
    sector = feed_of(client, "/it/registro/feed/?sector=prova")
    both = feed_of(client, "/en/register/feed/?area=zz-nord&sector=prova")

    ids = {feed.find(f"{ATOM}id").text for feed in (unfiltered, sector, both)}
    assert len(ids) == 3
    assert sector.find(f"{ATOM}id").text == "http://testserver/it/registro/feed/?sector=prova"
    assert unfiltered.find(f"{ATOM}title").text == "Modifiche al registro Impact"
    assert sector.find(f"{ATOM}title").text == (
        "Modifiche al registro Impact – Settore: Settore di prova"
    )
    assert both.find(f"{ATOM}title").text == (
        "Changes to the Impact register – Sector: Test sector, Area: Zona nord"
    )

    def link(feed: ET.Element, rel: str) -> str:
        return next(x.get("href") for x in feed.findall(f"{ATOM}link") if x.get("rel") == rel)

    # Filters in one order, whatever order the address had: one feed, one id.
    assert link(both, "self") == "http://testserver/en/register/feed/?sector=prova&area=zz-nord"
    listing = link(both, "alternate")
    assert listing == "http://testserver/en/register/?sector=prova&area=zz-nord"
    page = client.get(listing.removeprefix("http://testserver") + "&status=any").content.decode()
    assert "Feed Nord" in page and "Feed Sud" not in page


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "/it/registro/feed/?sector=inesistente",
            "«inesistente» non è un codice del registro per il filtro «sector».",
        ),
        (
            "/en/register/feed/?area=nowhere&form=lavoro",
            "“nowhere” is not a code of the register for the filter “area”.",
        ),
        (
            "/en/register/feed/?form=spa",
            "“spa” is not a code of the register for the filter “form”.",
        ),
        ("/en/register/feed/?q=" + "x" * 300, "The keywords are too long for a feed."),
    ],
)
def test_an_unknown_filter_is_a_400_that_says_which(client, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert message in text
    assert "/register/open-data/" in text or "/registro/dati-aperti/" in text


@pytest.mark.usefixtures("demo_vocabulary")
def test_the_listing_links_a_feed_of_its_valid_filters_only(client):
    html = client.get("/it/registro/?area=bg&sector=inesistente&sort=recent").content.decode()
    assert 'href="/it/registro/feed/?area=bg"' in html
    assert client.get("/it/registro/feed/?area=bg").status_code == 200
