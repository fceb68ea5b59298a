"""The read-only API (/api/v1/): the same answers as the register's pages, HTTP done right."""

import datetime
import io
import re
import time
from html import unescape

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from register.exports import COLUMNS
from register.models import CertificationEvent, Cooperative
from tests.factories import EXPIRED, SUSPENDED, valid_vat

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def page_names(client, path: str) -> list[str]:
    """The names on one page of the register listing (20 a page, like the API's default)."""
    html = client.get(path).content.decode()
    names = re.findall(r'<h3 class="it-card-title[^"]*"><a href="[^"]+">([^<]+)</a>', html)
    return [unescape(name) for name in names]


@pytest.mark.parametrize(
    "query",
    [
        "sector=pulizie&area=bg-valle-seriana",
        "area=bg",
        "q=pulizie",
        "status=suspended",
        "form=sociale-b&sort=recent",
    ],
)
def test_the_listing_gives_the_same_cooperatives_as_the_register_page(client, query):
    data = client.get(f"/api/v1/cooperatives/?{query}").json()
    html = client.get(f"/it/registro/?{query}").content.decode()
    assert f"{data['count']} cooperativ" in html
    assert [item["name"] for item in data["results"]] == page_names(
        client, f"/it/registro/?{query}"
    )
    if data["next"]:
        second = client.get(data["next"]).json()
        assert [item["name"] for item in second["results"]] == page_names(
            client, f"/it/registro/?{query}&page=2"
        )


def test_cleaning_in_valle_seriana_with_count_and_english_names(client):
    data = client.get("/api/v1/cooperatives/?sector=pulizie&area=bg-valle-seriana&lang=en").json()
    assert data["count"] == len(data["results"]) == 4
    assert data["language"] == "en"
    first = data["results"][0]
    assert {"code": "pulizie", "name": "Cleaning"} in first["sectors"]
    assert first["certification"]["status"] == "active"
    assert first["url"].startswith("http://testserver/en/register/")
    assert (
        first["api_url"] == f"http://testserver/api/v1/cooperatives/{first['vat_number']}?lang=en"
    )


def test_pages_link_to_each_other_and_a_page_beyond_the_last_is_a_json_404(client):
    first = client.get("/api/v1/cooperatives/?page_size=10").json()
    assert first["pages"] == -(-first["count"] // 10) > 1
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["page"] == 2 and second["previous"].endswith("page=1")
    assert {c["vat_number"] for c in first["results"]}.isdisjoint(
        c["vat_number"] for c in second["results"]
    )
    beyond = client.get(f"/api/v1/cooperatives/?page={first['pages'] + 1}&page_size=10&lang=en")
    assert beyond.status_code == 404
    assert f"the last one is {first['pages']}" in beyond.json()["detail"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("sector=nessuno", "sector"),
        ("area=xx-nowhere", "area"),
        ("status=deleted", "status"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page_size=1000", "page_size"),
        ("lang=fr", "lang"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_wrong_parameters_are_a_400_that_names_them(client, query, parameter):
    response = client.get(f"/api/v1/cooperatives/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    assert data["detail"] == "Alcuni parametri non sono validi."
    assert parameter in [error["parameter"] for error in data["errors"]]


def test_error_messages_come_in_the_language_asked_for(client):
    data = client.get("/api/v1/cooperatives/?sector=nessuno&lang=en").json()
    assert data["detail"] == "Some parameters are not valid."
    assert data["errors"] == [
        {"parameter": "sector", "message": "“nessuno” is not one of the values sector takes."}
    ]


def test_one_cooperative_with_its_history_by_vat_with_or_without_it(client, make_cooperative):
    cooperative = make_cooperative("Api Sospesa", history=SUSPENDED, english="In English.")
    plain = client.get(f"/api/v1/cooperatives/{cooperative.vat_number}").json()
    prefixed = client.get(f"/api/v1/cooperatives/IT{cooperative.vat_number}?lang=en").json()
    assert plain["name"] == prefixed["name"] == "Api Sospesa"
    assert plain["certification"]["status"] == "suspended"
    assert [event["kind"] for event in plain["history"]] == ["suspended", "issued"]
    assert plain["history"][0]["kind_label"] == "Sospeso"
    assert prefixed["history"][0]["kind_label"] == "Suspended"
    assert prefixed["text_language"] == "en" and "In English." in prefixed["description_html"]
    assert plain["text_language"] == "it"
    html = client.get(f"/it/registro/{cooperative.slug}/").content.decode()
    assert plain["url"] == f"http://testserver/it/registro/{cooperative.slug}/"
    assert "Sospes" in html and cooperative.vat_display in html


def test_untranslated_texts_fall_back_to_italian_and_say_so(client, make_cooperative):
    cooperative = make_cooperative("Api Solo Italiano", description="<p>Solo in italiano.</p>")
    data = client.get(f"/api/v1/cooperatives/{cooperative.vat_number}?lang=en").json()
    assert data["text_language"] == "it"
    assert "Solo in italiano." in data["description_html"]
    assert data["requirements"][0]["requirement"] == "Positive outcome of the cooperative audit"


def test_expired_cooperatives_are_found_but_have_no_page(client, make_cooperative):
    cooperative = make_cooperative("Api Scaduta", history=EXPIRED)
    data = client.get(f"/api/v1/cooperatives/{cooperative.vat_number}").json()
    assert data["certification"]["status"] == "expired"
    assert data["url"] is None


def test_drafts_unknown_and_malformed_vat_numbers(client, make_cooperative):
    draft = make_cooperative("Api Bozza", publish=False)
    assert client.get(f"/api/v1/cooperatives/{draft.vat_number}").status_code == 404
    unknown = client.get(f"/api/v1/cooperatives/{valid_vat()}?lang=en")
    assert unknown.status_code == 404 and "is in the register" in unknown.json()["detail"]
    malformed = client.get("/api/v1/cooperatives/12345")
    assert malformed.status_code == 400
    assert malformed.json()["errors"][0]["parameter"] == "vat"


def test_sectors_and_nested_areas_in_both_languages(client):
    sectors = client.get("/api/v1/sectors/?lang=en").json()
    assert {"code": "pulizie", "name": "Cleaning"} in sectors
    areas = client.get("/api/v1/areas/").json()
    bergamo = next(area for area in areas if area["code"] == "bg")
    assert {"code": "bg-valle-seriana", "name": "Valle Seriana"} in bergamo["zones"]
    english = client.get("/api/v1/areas/?lang=en").json()
    zones = next(area for area in english if area["code"] == "bg")["zones"]
    assert {"code": "bg-valle-seriana", "name": "Seriana Valley"} in zones


@pytest.mark.parametrize("history", [SUSPENDED, EXPIRED])
def test_verify_gives_the_same_answer_as_the_verification_page(client, make_cooperative, history):
    cooperative = make_cooperative("Api Verifica", history=history)
    page = client.get(f"/it/registro/verifica/?q=IT{cooperative.vat_number}&format=json").json()
    api = client.get(f"/api/v1/verify?q=IT{cooperative.vat_number}").json()
    assert api == page
    assert api["outcome"] == "found"
    assert api["cooperative"]["status"] == ("suspended" if history is SUSPENDED else "expired")


@pytest.mark.parametrize(
    ("query", "outcome"),
    [("01234567890", "invalid_vat"), ("IMP-NOPE", "not_found"), ("x" * 41, "too_long")],
)
def test_verify_explains_what_it_could_not_find(client, query, outcome):
    assert client.get(f"/api/v1/verify?q={query}").json()["outcome"] == outcome


def test_verify_needs_a_query(client):
    assert client.get("/api/v1/verify").status_code == 400


def test_changes_since_a_date_with_the_listing_filters(client, make_cooperative, test_terms):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    followed = make_cooperative("Api Cambia", sectors=[test_terms["sector"]], history=SUSPENDED)
    make_cooperative("Api Altro Settore", sectors=[test_terms["other_sector"]])
    data = client.get(f"/api/v1/changes/?since={yesterday}&sector=prova").json()
    assert data["since"] == yesterday
    names = {change["cooperative"]["name"] for change in data["results"]}
    assert names == {"Api Cambia"}
    kinds = [change["kind"] for change in data["results"]]
    assert kinds == ["issued", "suspended"]  # oldest first; the issue was recorded today
    assert data["results"][1]["cooperative"]["vat_number"] == followed.vat_display
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert client.get(f"/api/v1/changes/?since={future}&sector=prova").json()["count"] == 0
    assert client.get("/api/v1/changes/?since=yesterday").status_code == 400


# HTTP ---------------------------------------------------------------------------------------


def test_etag_and_last_modified_give_304_until_the_register_changes(client, make_cooperative):
    cooperative = make_cooperative("Api Etag")
    url = "/api/v1/cooperatives/?sector=&status=any"
    first = client.get(url)
    assert first.status_code == 200
    assert set(first["Cache-Control"].split(", ")) == {"public", "no-cache"}
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304

    event = CertificationEvent(cooperative=cooperative, kind="suspended", public_note="Verifica")
    event.full_clean()
    event.save()
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag
    assert "suspended" in [c["certification"]["status"] for c in again.json()["results"]]


def test_last_modified_moves_on_when_a_cooperative_is_deleted(client, make_cooperative):
    """The newest remaining record is older than a deletion: the validators follow the token."""
    cooperative = make_cooperative("Api Da Cancellare")
    url = "/api/v1/cooperatives/?status=any"
    first = client.get(url)
    time.sleep(1.1)  # Last-Modified counts whole seconds
    cooperative.delete()
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert again["Last-Modified"] != first["Last-Modified"]
    assert "Api Da Cancellare" not in again.content.decode()


def test_exports_and_feed_revalidate_too(client):
    for url in ["/it/registro/export.csv", "/en/register/feed/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_exports_and_feed_change_their_etag_when_an_event_is_recorded(client, make_cooperative):
    cooperative = make_cooperative("Api Etag Esportata")
    urls = ["/it/registro/export.csv", "/it/registro/export.json", "/en/register/feed/"]
    etags = {url: client.get(url)["ETag"] for url in urls}
    assert len(set(etags.values())) == len(urls)  # each address its own
    CertificationEvent.objects.create(cooperative=cooperative, kind="suspended")
    for url, etag in etags.items():
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 200 and again["ETag"] != etag, url
        assert client.get(url, HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304, url


def test_a_current_copy_of_an_api_answer_costs_no_query(client, django_assert_num_queries):
    """The validators come from the content token in the cache, not from the database."""
    for url in ["/api/v1/cooperatives/?status=any", "/api/v1/verify?q=IT00000000000"]:
        etag = client.get(url)["ETag"]
        with django_assert_num_queries(0):
            assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_cors_is_open_for_reading_only(client):
    response = client.get("/api/v1/sectors/", HTTP_ORIGIN="https://buyer.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/cooperatives/",
        HTTP_ORIGIN="https://buyer.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]
    assert client.post("/api/v1/cooperatives/").status_code == 405
    # The site's pages are not shared with other origins.
    assert "Access-Control-Allow-Origin" not in client.get(
        "/it/registro/", HTTP_ORIGIN="https://buyer.example"
    )


def test_unknown_api_addresses_answer_in_json(client):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert "/api/v1/docs" in response.json()["detail"]


def test_openapi_schema_and_readable_docs_without_third_parties(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Registro Impact API"
    paths = set(schema["paths"])
    assert {
        "/api/v1/cooperatives/",
        "/api/v1/cooperatives/{vat}",
        "/api/v1/sectors/",
        "/api/v1/areas/",
        "/api/v1/verify",
        "/api/v1/changes/",
    } <= paths
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn." not in docs and "https://" not in docs


def test_the_api_is_rate_limited_with_retry_after(client, settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {"api": (3, 60)}
    statuses = [client.get("/api/v1/sectors/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/sectors/")
    assert 0 < int(limited["Retry-After"]) <= 60
    assert "detail" in limited.json()


def test_the_open_data_page_documents_every_field_in_both_languages(client):
    italian = client.get("/it/registro/dati-aperti/")
    english = client.get("/en/register/open-data/")
    for response in (italian, english):
        assert response.status_code == 200
        html = response.content.decode()
        assert "CC BY 4.0" in html and "/api/v1/docs" in html
        for column in COLUMNS:
            assert f"<code>{column}</code>" in html
    assert "Licenza" in italian.content.decode()
    last = max(Cooperative.objects.values_list("updated_at", flat=True))
    local = timezone.localtime(last)
    assert f"{local.year}" in english.content.decode()
    assert client.get("/it/registro/open-data/").url == "/it/registro/dati-aperti/"


def test_a_buyers_spreadsheet_and_a_developers_api_query_give_the_same_list(client):
    """The issue's end-to-end case: cleaning cooperatives of Valle Seriana, as XLSX and by API."""
    query = "sector=pulizie&area=bg-valle-seriana"
    response = client.get(f"/it/registro/export.xlsx?{query}")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    # The spreadsheet is for people (headings in the page's language), in the columns' order.
    header, records = rows[0], rows[1:]
    assert len(header) == len(COLUMNS)
    from_sheet = [row[COLUMNS.index("vat_number")] for row in records]

    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    data = client.get(f"/api/v1/cooperatives/?{query}").json()
    assert [item["vat_number"] for item in data["results"]] == from_sheet
    assert data["count"] == len(from_sheet) == 4
