"""Distance and places: the comuni dataset, coordinates derived from the comune (and an
editor's correction winning), operating sites on the page, in the API and in the import, the
near-a-comune filter in every path of the filter engine, and the map of the zones."""

import csv
import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.search.backends.elasticsearch8 import Elasticsearch8SearchBackend

from register.comuni import comuni
from register.facets import ElasticsearchFacets
from register.filters import RegisterFilters
from register.importing import apply_plan, plan_import
from register.models import Area, Cooperative, OperatingSite
from register.vocabulary import Vocabulary
from tests.factories import valid_vat
from tests.register.test_data_integrity import edit_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]


def names(html: str) -> list[str]:
    return re.findall(r'<h3 class="it-card-title[^"]*"><a href="[^"]+">([^<]+)</a>', html)


def centre(name: str) -> tuple[Decimal, Decimal]:
    comune = comuni().named(name, "BG")
    return (Decimal(str(comune.latitude)), Decimal(str(comune.longitude)))


# The dataset ------------------------------------------------------------------------------
def test_the_dataset_finds_a_comune_as_people_write_it():
    dataset = comuni()
    assert len(dataset.of_province("BG")) == 243  # ISTAT's list for the province
    alme = dataset.resolve("alme")
    assert (alme.name, alme.istat, alme.province) == ("Almè", "016005", "BG")
    assert dataset.resolve("Ponte san Pietro").istat == "016170"
    assert dataset.resolve("016024").name == "Bergamo"
    assert dataset.resolve("ponte-san-pietro").name == "Ponte San Pietro"  # the slug
    # Two comuni of Italy are called Castro: the name alone is not enough, the province is.
    assert dataset.resolve("Castro") is None
    assert dataset.resolve("Castro (BG)").istat == "016065"
    assert dataset.resolve("Atlantide") is None
    assert 45.6 < alme.latitude < 45.8 and 9.5 < alme.longitude < 9.7


# Coordinates from the comune --------------------------------------------------------------
def test_the_seat_takes_its_comunes_centre_and_an_editors_correction_wins(make_cooperative):
    cooperative = make_cooperative("Coop Alme", comune="alme")
    assert cooperative.comune == "Almè"  # written as ISTAT writes it
    assert (cooperative.latitude, cooperative.longitude) == centre("Almè")

    # An editor corrects the point: it is kept when saved again.
    cooperative.latitude, cooperative.longitude = Decimal("45.74001"), Decimal("9.62002")
    cooperative.full_clean()
    assert (cooperative.latitude, cooperative.longitude) == (
        Decimal("45.74001"),
        Decimal("9.62002"),
    )

    # Emptying both returns to the comune's centre.
    cooperative.latitude = cooperative.longitude = None
    cooperative.full_clean()
    assert (cooperative.latitude, cooperative.longitude) == centre("Almè")

    # Derived coordinates follow the comune when it changes; corrected ones would not.
    cooperative.comune = "Treviglio"
    cooperative.full_clean()
    assert (cooperative.latitude, cooperative.longitude) == centre("Treviglio")


def test_an_unknown_comune_is_refused_with_a_clear_message():
    cooperative = Cooperative(
        name="Coop", slug="coop", legal_form="lavoro", vat_number=valid_vat(), comune="Atlantide"
    )
    with translation.override("it"), pytest.raises(ValidationError) as caught:
        cooperative.full_clean()
    message = caught.value.message_dict["comune"][0]
    assert "Atlantide" in message and "ISTAT" in message
    cooperative.comune, cooperative.province = "Almè", "MI"
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        cooperative.full_clean()
    assert "it is in BG" in caught.value.message_dict["comune"][0]


# Operating sites ----------------------------------------------------------------------------
def with_site(cooperative, comune: str, label: str = "Magazzino") -> OperatingSite:
    site = OperatingSite(cooperative=cooperative, label=label, comune=comune, street="Via Roma 1")
    site.full_clean(exclude=["cooperative"])
    site.save()
    return site


def test_operating_sites_are_on_the_page_and_in_the_api(client, make_cooperative):
    cooperative = make_cooperative("Coop Due Sedi", comune="Clusone")
    site = with_site(cooperative, "treviglio", label="Officina <b>sud</b>")
    assert site.comune == "Treviglio" and (site.latitude, site.longitude) == centre("Treviglio")
    html = client.get(f"/it/registro/{cooperative.slug}/").content.decode()
    assert "Sedi operative" in html and "Officina &lt;b&gt;sud&lt;/b&gt;" in html
    assert "Treviglio (BG)" in html
    detail = client.get(f"/api/v1/cooperatives/{cooperative.vat_number}").json()
    assert [s["comune"] for s in detail["operating_sites"]] == ["Treviglio"]
    assert detail["address"]["comune"] == "Clusone" and detail["address"]["latitude"]


def test_the_admin_saves_sites_and_names_a_wrong_comune(
    client, manager, make_cooperative, test_terms
):
    cooperative = make_cooperative(
        "Coop Admin", comune="Bergamo", sectors=[test_terms["sector"]], areas=[test_terms["north"]]
    )
    url = reverse("wagtailsnippets_register_cooperative:edit", args=[cooperative.pk])
    data = {
        **edit_data(cooperative),
        "comune": "Bergamo",
        "operating_sites-TOTAL_FORMS": "1",
        "operating_sites-0-label": "Magazzino",
        "operating_sites-0-comune": "Narnia",
        "operating_sites-0-province": "BG",
        "operating_sites-0-ORDER": "1",
    }
    with translation.override("it"):
        refused = client.post(url, data)
    assert refused.status_code == 200
    assert "«Narnia» non è un comune della provincia BG" in refused.content.decode()
    assert not cooperative.operating_sites.exists()
    accepted = client.post(url, {**data, "operating_sites-0-comune": "almè"})
    assert accepted.status_code == 302
    revision = Cooperative.objects.get(pk=cooperative.pk).get_latest_revision().as_object()
    assert [(s.comune, s.latitude) for s in revision.operating_sites.all()] == [
        ("Almè", centre("Almè")[0])
    ]


def import_rows(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


@pytest.mark.usefixtures("demo_vocabulary")
def test_the_import_reads_operating_sites_and_says_what_is_wrong():
    row = {
        "name": "Coop Importata",
        "vat_number": valid_vat(),
        "legal_form": "lavoro",
        "sectors": "pulizie",
        "areas": "bg-isola",
        "comune": "ponte san pietro",
        "description": "Testo.",
        "operating_sites": "Magazzino | Via Roma 3 | 24047 | Treviglio | BG; Alme",
    }
    plan = plan_import(import_rows([row]), "sedi.csv")
    assert not plan.problems
    apply_plan(plan)
    cooperative = Cooperative.objects.get(name="Coop Importata")
    assert cooperative.comune == "Ponte San Pietro" and cooperative.latitude is not None
    assert [(s.label, s.comune) for s in cooperative.operating_sites.all()] == [
        ("Magazzino", "Treviglio"),
        ("", "Almè"),
    ]
    bad = {**row, "vat_number": valid_vat(), "name": "Altra", "comune": "Atlantide"}
    bad["operating_sites"] = "Magazzino | Via Roma | 24047 | Narnia | BG"
    with translation.override("en"):
        plan = plan_import(import_rows([bad]), "sedi.csv")
    reasons = {problem.column: problem.reason for problem in plan.problems}
    assert "Atlantide" in reasons["comune"]
    assert (
        reasons["operating_sites"].startswith("Site 1:") and "Narnia" in reasons["operating_sites"]
    )


# Near a comune ------------------------------------------------------------------------------
@pytest.fixture
def spread(make_cooperative):
    """Three cooperatives around the province; the one in Clusone also works in Treviglio."""
    bergamo = make_cooperative("Alfa Bergamo", comune="Bergamo")
    clusone = make_cooperative("Beta Clusone", comune="Clusone")
    lovere = make_cooperative("Gamma Lovere", comune="Lovere")
    return bergamo, clusone, lovere


@pytest.mark.parametrize("facets", ["", "database"])
def test_near_orders_by_the_nearest_site_and_shows_the_distance(client, spread, facets):
    clusone = spread[1]
    with override_settings(REGISTER_FACETS=facets):
        html = client.get("/it/registro/?near=Zogno").content.decode()
        assert names(html) == ["Alfa Bergamo", "Beta Clusone", "Gamma Lovere"]
        with_site(clusone, "Zogno")
        html = client.get("/it/registro/?near=zogno").content.decode()
        assert names(html)[0] == "Beta Clusone"
        assert "0 km da Zogno" in html
        assert re.search(r"1[0-9] km da Zogno", html)  # Bergamo is some 11 km away
        within = client.get("/it/registro/?near=016246&radius=25").content.decode()
        assert names(within) == ["Beta Clusone", "Alfa Bergamo"]  # Lovere is 35 km off
        assert "2 cooperative trovate" in within
        # The facet counts keep the radius: the status option counts the same two.
        status = re.search(r'<select[^>]*name="status".*?</select>', within, re.S).group(0)
        assert re.search(r'<option value="active"[^>]*>[^<]*\(2\)</option>', status)


def test_the_api_gives_the_distance_and_filters_by_radius(client, spread):
    answer = client.get("/api/v1/cooperatives/?near=zogno&radius=25").json()
    assert [item["name"] for item in answer["results"]] == ["Alfa Bergamo", "Beta Clusone"]
    assert 8 < answer["results"][0]["distance_km"] < 15
    plain = client.get("/api/v1/cooperatives/").json()
    assert {item["distance_km"] for item in plain["results"]} == {None}
    refused = client.get("/api/v1/cooperatives/?near=Narnia")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["parameter"] == "near"


def test_an_unknown_comune_is_reported_and_ignored(client, spread):
    response = client.get("/it/registro/?near=<script>Narnia&radius=5000")
    html = response.content.decode()
    assert response.status_code == 200
    assert "non è un comune" in html and "<script>Narnia" not in html
    assert names(html) == ["Alfa Bergamo", "Beta Clusone", "Gamma Lovere"]  # by name


# The map --------------------------------------------------------------------------------------
def test_the_map_and_its_table_give_the_listings_counts(client, make_cooperative, test_terms):
    province = Area.objects.create(
        code="bg", name="Provincia di Bergamo", locale=test_terms["province"].locale
    )
    seriana = Area.objects.create(
        code="bg-valle-seriana",
        name="Valle Seriana",
        parent=province,
        locale=province.locale,
        comuni="Clusone; Albino; Nembro; Gandino",
    )
    isola = Area.objects.create(
        code="bg-isola", name="Isola", parent=province, locale=province.locale, comuni="Brembate"
    )
    make_cooperative("Uno", comune="Clusone", areas=[seriana])
    make_cooperative("Due", comune="Albino", areas=[seriana, isola])
    make_cooperative("Tre", comune="Bergamo", areas=[seriana], history=[("issued", -2000, -900)])
    html = client.get("/it/registro/mappa/").content.decode()
    table = re.search(r'<table class="table province-map-table">.*?</table>', html, re.S).group(0)
    rows = dict(re.findall(r'\?area=([\w-]+)#results">[^<]+</a></th><td[^>]*>(\d+)</td>', table))
    for code, shown in rows.items():
        listing = client.get(f"/it/registro/?area={code}").content.decode()
        assert f"{shown} cooperativ" in listing
    assert rows == {"bg-valle-seriana": "2", "bg-isola": "1"}
    assert 'aria-label="Valle Seriana: 2 cooperative"' in html  # each zone is a named link
    assert '<path d="M' in html
    assert client.get("/en/register/map/").status_code == 200
    assert client.get("/it/registro/map/").status_code == 301


def test_the_exports_give_the_distance_nearest_first(client, spread):
    rows = client.get("/en/register/export.json?near=Zogno&radius=50")
    assert rows.status_code == 200
    records = json.loads(b"".join(rows.streaming_content))["cooperatives"]
    assert [row["name"] for row in records] == ["Alfa Bergamo", "Beta Clusone", "Gamma Lovere"]
    assert records[0]["distance_km"] < records[1]["distance_km"] < records[2]["distance_km"]
    table = b"".join(client.get("/it/registro/export.csv").streaming_content).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(table)))
    # Added after the first columns, so theirs kept their positions; later additions follow.
    assert header[header.index("url") + 1] == "distance_km"


def test_the_search_clusters_counts_keep_the_radius(spread):
    bergamo, clusone, _lovere = spread
    offline = Elasticsearch8SearchBackend({"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "t-"})
    filters = RegisterFilters({"near": "Zogno", "radius": "25"}, Vocabulary("it"))
    body = ElasticsearchFacets(offline).body(filters, datetime.date.today())
    within = {"terms": {"pk": sorted([str(bergamo.pk), str(clusone.pk)])}}
    kept = body["aggs"]["sector"]["filter"]["bool"]["filter"]
    radius = next(clause for clause in kept if "pk" in str(clause))
    assert {"terms": {"pk": sorted(radius["terms"]["pk"])}} == within


def test_a_zone_names_only_comuni_of_istats_list(test_terms):
    zone = test_terms["north"]
    zone.comuni = "Clusone; Narnia\nAlbino"
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            zone.full_clean()
        message = caught.value.message_dict["comuni"]
    assert message == ["Not municipalities of ISTAT's list: “Narnia”."]
    zone.comuni = "Clusone; 016004\nalbino"
    zone.full_clean()
    assert zone.comune_codes() == ["016077", "016004", "016004"]
