"""One filter engine: the listing, the API, the exports and the feed select the same
cooperatives for the same filters; every facet backend counts what the filters select; the
status rule gives the same answer in SQL as in Python."""

import csv
import datetime
import io
import os
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.utils import timezone
from wagtail.search.backends.elasticsearch8 import Elasticsearch8SearchBackend

from register.facets import DatabaseFacets, ElasticsearchFacets, InProcessFacets, facet_backend
from register.filters import RegisterFilters
from register.models import Cooperative, EventKind, LegalForm, Status
from register.models.events import derive_status, status_condition, status_expression
from register.vocabulary import Vocabulary
from tests.atom import ATOM
from tests.factories import EXPIRED, REVOKED, SUSPENDED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]


@pytest.fixture
def sample(make_cooperative, test_terms):
    """Cooperatives of the test sectors and areas; each one active or suspended, so that the
    feed (every status) has the listing's cooperatives."""
    t = test_terms
    make_cooperative("Alfa Pulizie", sectors=[t["sector"]], areas=[t["north"]])
    make_cooperative(
        "Beta Servizi",
        sectors=[t["sector"], t["other_sector"]],
        areas=[t["south"], t["north"]],
        legal_form="sociale-b",
    )
    make_cooperative("Gamma Sospesa", sectors=[t["sector"]], areas=[t["north"]], history=SUSPENDED)
    make_cooperative("Theta Provincia", sectors=[t["other_sector"]], areas=[t["province"]])
    make_cooperative("Iota Servizi", sectors=[t["other_sector"]], areas=[t["south"]])


def listing_names(client, query: str) -> set[str]:
    html = client.get(f"/it/registro/?{query}").content.decode()
    names = re.findall(r'<h3 class="it-card-title[^"]*"><a href="[^"]+">([^<]+)</a>', html)
    return {unescape(name) for name in names}


def api_names(client, query: str) -> set[str]:
    data = client.get(f"/api/v1/cooperatives/?{query}&page_size=100").json()
    return {item["name"] for item in data["results"]}


def export_names(client, query: str) -> set[str]:
    response = client.get(f"/it/registro/export.csv?{query}")
    text = b"".join(response.streaming_content).decode().removeprefix("\ufeff")
    return {row["name"] for row in csv.DictReader(io.StringIO(text))}


def feed_names(client, query: str) -> set[str]:
    root = ET.fromstring(client.get(f"/it/registro/feed/?{query}").content)
    return {e.find(f"{ATOM}title").text.split(":")[0] for e in root.findall(f"{ATOM}entry")}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("sector=prova", {"Alfa Pulizie", "Beta Servizi"}),
        ("sector=prova&status=any", {"Alfa Pulizie", "Beta Servizi", "Gamma Sospesa"}),
        ("sector=prova&status=suspended", {"Gamma Sospesa"}),
        ("area=zz", {"Alfa Pulizie", "Beta Servizi", "Theta Provincia", "Iota Servizi"}),
        ("area=zz-sud", {"Beta Servizi", "Iota Servizi"}),
        ("area=zz&form=sociale-b", {"Beta Servizi"}),
        ("area=zz&q=servizi", {"Beta Servizi", "Iota Servizi"}),
        ("sector=prova-2&area=zz-nord&sort=recent", {"Beta Servizi"}),
    ],
)
def test_listing_api_exports_and_feed_select_the_same_cooperatives(client, sample, query, expected):
    assert listing_names(client, query) == expected
    assert api_names(client, query) == expected
    assert export_names(client, query) == expected
    # The feed follows every status: the same cooperatives as the listing of both statuses.
    in_any_status = re.sub(r"status=\w+", "status=any", query)
    if "status=" not in in_any_status:
        in_any_status += "&status=any"
    feed_query = re.sub(r"&?(status|sort)=\w+", "", query)
    assert feed_names(client, feed_query) == listing_names(client, in_any_status)


def options(vocabulary: Vocabulary) -> dict[str, list[tuple]]:
    """Every option of every facet: (code as in the query, key in FacetCounts)."""
    return {
        "sector": [(s.code, s.id) for s in vocabulary.sectors],
        "area": [(code, area.id) for code, area in vocabulary.areas_by_code.items()],
        "form": [(code, code) for code in LegalForm.values],
        "status": [("active", Status.ACTIVE), ("suspended", Status.SUSPENDED)],
    }


@pytest.fixture
def uncounted(make_cooperative, test_terms):
    """Records in the same terms that no facet may count, beside an English translation that
    must not count twice: the mix of the demo's register."""
    t = test_terms
    make_cooperative("Alfa Tradotta", sectors=[t["sector"]], areas=[t["north"]], english="Alfa.")
    for name, history in (("Kappa Revocata", REVOKED), ("Lambda Scaduta", EXPIRED), ("Mu", [])):
        make_cooperative(name, sectors=[t["sector"]], areas=[t["south"]], history=history)
    make_cooperative("Nu Bozza", sectors=[t["other_sector"]], areas=[t["north"]], publish=False)


@pytest.mark.parametrize("backend", [DatabaseFacets, InProcessFacets])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"area": "zz"},
        {"area": "zz", "sector": "prova-2"},
        {"q": "servizi", "status": "any"},
        {"sector": "prova", "form": "lavoro", "status": "suspended"},
    ],
)
def test_facet_counts_equal_a_count_of_each_option(sample, uncounted, backend, params):
    vocabulary = Vocabulary("it")
    today = timezone.localdate()
    counts = backend().count(RegisterFilters(params, vocabulary), today)
    for facet, choices in options(vocabulary).items():
        for code, key in choices:
            selected = RegisterFilters({**params, facet: code}, vocabulary)
            expected = selected.narrowed(without={"sort"}).count()
            assert getattr(counts, facet).get(key, 0) == expected, (facet, code)


def shown(counts) -> dict:
    """What the listing shows of the counts: options with cooperatives, listed statuses."""
    listed = {Status.ACTIVE, Status.SUSPENDED}
    return {
        "sector": {key: n for key, n in counts.sector.items() if n},
        "area": {key: n for key, n in counts.area.items() if n},
        "form": {key: n for key, n in counts.form.items() if n},
        "status": {key: n for key, n in counts.status.items() if n and key in listed},
    }


def test_facets_are_counted_by_the_configured_backend(settings, sample):
    filters = RegisterFilters({"area": "zz"}, Vocabulary("it"))
    today = timezone.localdate()
    settings.REGISTER_FACETS = "database"
    assert isinstance(facet_backend(), DatabaseFacets)
    from_database = facet_backend().count(filters, today)
    settings.REGISTER_FACETS = ""
    assert isinstance(facet_backend(), InProcessFacets)
    assert shown(facet_backend().count(filters, today)) == shown(from_database)
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    assert isinstance(facet_backend(), ElasticsearchFacets)


def test_the_status_rule_is_the_same_in_sql_and_in_python(make_cooperative):
    cooperative = make_cooperative("Regola Di Stato")
    today = timezone.localdate()
    ends = [None, today - datetime.timedelta(days=1), today, today + datetime.timedelta(days=1)]
    records = Cooperative.objects.filter(pk=cooperative.pk)
    for kind in [None, *EventKind.values]:
        for until in ends:
            records.update(certification_kind=kind, certified_until=until)
            expected = derive_status(kind, until, today)
            annotated = records.annotate(current=status_expression(today)).get().current
            assert annotated == expected, (kind, until)
            for status in Status:
                in_sql = records.filter(status_condition(status, today)).exists()
                assert in_sql == (status == expected), (kind, until, status)


# Elasticsearch: the query body and the reading of its answer offline, the live count when
# a cluster is configured.


@pytest.fixture
def offline_backend():
    return Elasticsearch8SearchBackend({"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "t-"})


def test_the_aggregation_query_applies_the_other_filters(offline_backend, test_terms):
    vocabulary = Vocabulary("it")
    filters = RegisterFilters({"sector": "prova", "area": "zz", "form": "lavoro"}, vocabulary)
    today = datetime.date(2026, 5, 1)
    body = ElasticsearchFacets(offline_backend).body(filters, today)

    assert body["size"] == 0
    base = body["query"]["bool"]["filter"]
    assert {"term": {"live_filter": True}} in base
    assert {"exists": {"field": "certification_kind_filter"}} in base
    sector = {"term": {"facet_sector_ids_filter": test_terms["sector"].id}}
    area = {"term": {"facet_area_ids_filter": test_terms["province"].id}}
    form = {"term": {"legal_form_filter": "lavoro"}}
    active = {
        "bool": {
            "filter": [
                {"terms": {"certification_kind_filter": ["issued", "renewed", "reinstated"]}},
                {"range": {"certified_until_filter": {"gte": "2026-05-01"}}},
            ]
        }
    }
    aggs = body["aggs"]

    def kept(facet: str) -> list:
        return aggs[facet]["filter"]["bool"]["filter"]

    assert sector not in kept("sector") and area in kept("sector") and form in kept("sector")
    assert area not in kept("area") and sector in kept("area")
    assert form not in kept("form") and sector in kept("form")
    assert {"bool": {"should": [active], "minimum_should_match": 1}} in kept("sector")
    assert all("should" not in str(clause) for clause in kept("status"))
    assert aggs["sector"]["aggs"]["options"]["terms"]["field"] == "facet_sector_ids_filter"
    assert aggs["area"]["aggs"]["options"]["terms"]["field"] == "facet_area_ids_filter"
    statuses = aggs["status"]["aggs"]["options"]["filters"]["filters"]
    assert statuses["active"] == active
    assert statuses["suspended"] == {"terms": {"certification_kind_filter": ["suspended"]}}


def test_the_aggregation_answer_becomes_counts():
    answer = {
        "aggregations": {
            "sector": {"options": {"buckets": [{"key": 7, "doc_count": 3}]}},
            "area": {"options": {"buckets": [{"key": 2, "doc_count": 5}]}},
            "form": {"options": {"buckets": [{"key": "lavoro", "doc_count": 4}]}},
            "status": {
                "options": {"buckets": {"active": {"doc_count": 9}, "suspended": {"doc_count": 1}}}
            },
        }
    }
    counts = ElasticsearchFacets.counts(answer)
    assert counts.sector == {7: 3}
    assert counts.area == {2: 5}
    assert counts.form == {"lavoro": 4}
    assert counts.status == {"active": 9, "suspended": 1}


def test_a_cooperative_is_indexed_with_its_areas_and_their_provinces(make_cooperative, test_terms):
    t = test_terms
    cooperative = make_cooperative("Indice Aree", sectors=[t["sector"]], areas=[t["north"]])
    assert cooperative.facet_sector_ids() == [t["sector"].id]
    assert cooperative.facet_area_ids() == sorted([t["north"].id, t["province"].id])


@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to count in",
)
def test_elasticsearch_counts_equal_the_database(sample):
    from django.core.management import call_command

    call_command("update_index", stdout=io.StringIO())
    filters = RegisterFilters({"area": "zz"}, Vocabulary("it"))
    today = timezone.localdate()
    from_cluster = ElasticsearchFacets().count(filters, today)
    assert shown(from_cluster) == shown(DatabaseFacets().count(filters, today))


def test_no_revoked_or_expired_record_is_counted(make_cooperative, test_terms):
    for name, history in (("Kappa Revocata", REVOKED), ("Lambda Scaduta", EXPIRED)):
        make_cooperative(name, sectors=[test_terms["sector"]], history=history)
    filters = RegisterFilters({"status": "any"}, Vocabulary("it"))
    for backend in (DatabaseFacets(), InProcessFacets()):
        counts = backend.count(filters, timezone.localdate())
        assert counts.sector.get(test_terms["sector"].id, 0) == 0
