"""Comparing shortlisted cooperatives side by side, and the signed share link (shortlist/
comparison.py, tokens.py): what the table holds, what a wrong choice says, a link that opens
the same cooperatives with their live status, and a forged one that opens nothing."""

import re

import pytest

from register.comuni import comuni
from register.distance import distance_km
from register.models import CertificationEvent, OperatingSite
from shortlist import selection
from shortlist.tokens import make_token, read_token
from tests.factories import days

from .conftest import add, key

pytestmark = [pytest.mark.django_db]


def compare(client, *cooperatives, language="it", extra=()):
    path = "/it/selezione/confronta/" if language == "it" else "/en/shortlist/compare/"
    keys = [key(cooperative) for cooperative in cooperatives] + list(extra)
    return client.get(path, {"k": keys})


def test_two_cooperatives_side_by_side(client, three):
    _alfa, beta, gamma = three
    for cooperative in three:
        add(client, cooperative)
    # The shortlist's form ticks and sends them (a GET, no JavaScript).
    page = client.get("/it/selezione/").content.decode()
    assert 'id="compare-form" method="get" action="/it/selezione/confronta/"' in page
    response = compare(client, beta, gamma)
    assert response.status_code == 200
    page = response.content.decode()
    table = page[page.index("<table") : page.index("</table>")]
    assert '<caption id="compare-caption">2 cooperative a confronto' in table
    assert re.findall(r'<th scope="col"><a href="[^"]+">([^<]+)</a></th>', table) == [
        "Beta Pulizie",
        "Gamma Logistica",
    ]
    headings = re.findall(r'<th scope="row">([^<]+)</th>', table)
    for heading in ["Stato", "Forma giuridica", "Settori", "Zone servite", "Lavoratori"]:
        assert heading in headings
    assert "Lavoratori svantaggiati" in headings
    assert "Esito positivo della revisione cooperativa" in headings  # a requirement
    assert "Sospeso" in table and "Attivo" in table
    assert "<td>14</td>" in table and "<td>40</td>" in table
    # Scrolls inside its own labelled, focusable frame on a phone.
    assert 'tabindex="0" role="region" aria-labelledby="compare-caption"' in page


def test_one_cooperative_is_shown_with_a_hint(client, three):
    page = compare(client, three[0], language="en").content.decode()
    assert "Only one cooperative is ticked" in page
    assert "<table" in page


def test_none_ticked_says_what_to_do_and_offers_the_shortlist(client, three):
    add(client, three[0])
    add(client, three[1])
    page = compare(client).content.decode()
    assert "Spunta le cooperative da confrontare, da 2 a 4." in page
    assert "<table" not in page
    assert page.count('name="k"') == 2  # the shortlist to choose from


def test_five_are_too_many_and_stay_ticked(client, site, make_cooperative):
    five = [make_cooperative(f"Cooperativa {n}") for n in range(5)]
    page = compare(client, *five).content.decode()
    assert "Hai selezionato 5 cooperative: se ne possono confrontare al massimo 4" in page
    assert "<table" not in page
    assert page.count(" checked>") == 5


def test_unknown_and_garbled_keys_are_left_out(client, three):
    page = compare(
        client, three[0], three[1], extra=["00000000-0000-0000-0000-000000000000", "<b>x"]
    ).content.decode()
    assert "2 delle cooperative scelte non sono nel registro" in page
    assert "<b>x" not in page
    assert "<table" in page
    page = compare(client, extra=["00000000-0000-0000-0000-000000000000"]).content.decode()
    assert "<table" not in page


def test_the_token_round_trip_and_its_tampering():
    keys = ["7d4f3c8e-3f1a-4c7e-9d59-0c2f3b5a6e11", "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b"]
    token = make_token(keys)
    assert read_token(token) == keys
    value, _dot, signature = token.rpartition(".")
    assert read_token(value[:-2] + "AA." + signature) is None
    assert read_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    for garbled in ["", ".", "abc", "a" * 5000, "%%%", value, "x." + signature]:
        assert read_token(garbled) is None


def test_the_shared_link_shows_the_same_cooperatives_live_and_read_only(client, three):
    alfa, _beta, gamma = three
    add(client, alfa)
    add(client, gamma)
    page = client.get("/it/selezione/").content.decode()
    [shared_url] = re.findall(
        r'id="share-url" value="http://testserver(/it/selezione/condivisa/[^"]+/)"', page
    )

    # The status is read when the link is opened: a suspension since shows at once.
    CertificationEvent.objects.create(cooperative=gamma, kind="suspended", date=days(0))
    gamma.refresh_certification()
    gamma.save()

    from django.test import Client

    other = Client()
    response = other.get(shared_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Alfa Servizi" in page and "Gamma Logistica" in page and "Beta Pulizie" not in page
    assert "Sospeso" in page
    assert 'name="robots" content="noindex"' in page
    assert 'form="remove-form"' not in page  # read-only
    # In English the same link reads in English.
    english = other.get(shared_url.replace("/it/selezione/condivisa/", "/en/shortlist/shared/"))
    assert "Shared shortlist" in english.content.decode()

    # "Add these to my shortlist": the other visitor now has them.
    add_url = shared_url + "aggiungi/"
    assert f'action="{add_url}"' in page
    response = other.post(add_url)
    assert response.status_code == 303
    assert response["Location"] == "/it/selezione/?done=imported"
    assert other.session[selection.SESSION_KEY] == [key(alfa), key(gamma)]


@pytest.mark.parametrize("token", ["nonsense", "AAAA.BBBB", "x" * 3000, "%3Cscript%3E", "YWJj.abc"])
def test_a_forged_or_garbled_link_is_a_clear_404(client, site, token):
    response = client.get(f"/it/selezione/condivisa/{token}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Il link a questa selezione condivisa è incompleto" in page
    assert client.get(f"/en/shortlist/shared/{token}/shortlist.csv").status_code == 404
    assert client.post(f"/it/selezione/condivisa/{token}/aggiungi/").status_code == 404


def test_a_shared_list_whose_cooperative_left_says_so(client, three, site, make_cooperative):
    gone = make_cooperative("Uscita")
    token = make_token([key(three[0]), key(gone)])
    gone.unpublish()
    page = client.get(f"/it/selezione/condivisa/{token}/").content.decode()
    assert "1 cooperativa dell’elenco condiviso non è più nel registro." in page
    assert "Alfa Servizi" in page


def distance_cells(page: str) -> list[str]:
    table = page[page.index("<table") : page.index("</table>")]
    row = re.search(r'<th scope="row">Distan[^<]+</th>(.*?)</tr>', table, re.S)
    return re.findall(r"<td>([^<]*)</td>", row.group(1)) if row else []


def test_the_comparison_shows_the_distance_from_a_municipality(client, site, make_cooperative):
    clusone = make_cooperative("Coop Clusone", comune="Clusone")
    bergamo = make_cooperative("Coop Bergamo", comune="Bergamo")
    # A second site nearer Treviglio than the seat: the nearest site counts.
    site_near = OperatingSite(cooperative=clusone, label="Officina", comune="Treviglio")
    site_near.full_clean(exclude=["cooperative"])
    site_near.save()
    path = "/it/selezione/confronta/"
    keys = [key(clusone), key(bergamo)]

    page = client.get(path, {"k": keys}).content.decode()
    assert 'name="near"' in page and distance_cells(page) == []  # no row until one is named

    page = client.get(path, {"k": keys, "near": "Treviglio"}).content.decode()
    assert "Distanza da Treviglio" in page
    # Treviglio is about 19 km from Bergamo in a straight line; Clusone has a site there.
    treviglio = comuni().resolve("Treviglio")
    bergamo_centre = comuni().named("Bergamo", "BG")
    expected = round(
        distance_km(
            (treviglio.latitude, treviglio.longitude),
            (bergamo_centre.latitude, bergamo_centre.longitude),
        )
    )
    assert distance_cells(page) == ["0 km", f"{expected} km"]
    assert 15 <= expected <= 25

    page = client.get(
        "/en/shortlist/compare/", {"k": keys, "near": "Atlantide<script>"}
    ).content.decode()
    assert "is not a municipality in ISTAT" in page and "<script>" not in page
    assert distance_cells(page) == []  # the comparison stays, without the row
    assert "Coop Clusone" in page
