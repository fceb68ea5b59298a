import re

import pytest

from tests.factories import ACTIVE, EXPIRED, REVOKED, SUSPENDED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]


def names(html: str) -> list[str]:
    return re.findall(r'<h3 class="it-card-title[^"]*"><a href="[^"]+">([^<]+)</a>', html)


def option_count(html: str, field: str, code: str) -> int:
    select = re.search(rf'<select[^>]*name="{field}".*?</select>', html, re.S).group(0)
    match = re.search(rf'<option value="{re.escape(code)}"[^>]*>[^<]*\((\d+)\)</option>', select)
    return int(match.group(1))


@pytest.fixture
def sample(make_cooperative, test_terms):
    t = test_terms
    return {
        "alfa": make_cooperative(
            "Alfa Pulizie", sectors=[t["sector"]], areas=[t["north"]], legal_form="lavoro"
        ),
        "beta": make_cooperative(
            "Beta Servizi",
            sectors=[t["sector"], t["other_sector"]],
            areas=[t["south"]],
            legal_form="sociale-b",
        ),
        "gamma": make_cooperative(
            "Gamma Sospesa", sectors=[t["sector"]], areas=[t["north"]], history=SUSPENDED
        ),
        "delta": make_cooperative(
            "Delta Revocata", sectors=[t["sector"]], areas=[t["north"]], history=REVOKED
        ),
        "epsilon": make_cooperative(
            "Epsilon Scaduta", sectors=[t["sector"]], areas=[t["north"]], history=EXPIRED
        ),
        "zeta": make_cooperative(
            "Zeta Bozza", sectors=[t["sector"]], areas=[t["north"]], publish=False
        ),
        "eta": make_cooperative(
            "Eta In Attesa", sectors=[t["sector"]], areas=[t["north"]], history=[]
        ),
        "theta": make_cooperative(
            "Theta Provincia", sectors=[t["other_sector"]], areas=[t["province"]], history=ACTIVE
        ),
    }


def test_default_listing_shows_only_active_published_cooperatives(client, sample):
    html = client.get("/it/registro/?sector=prova").content.decode()
    assert names(html) == ["Alfa Pulizie", "Beta Servizi"]
    assert "2 cooperative trovate" in html


def test_suspended_on_request_and_never_revoked_expired_drafts_or_pending(client, sample):
    suspended = client.get("/it/registro/?sector=prova&status=suspended").content.decode()
    assert names(suspended) == ["Gamma Sospesa"]
    both = client.get("/it/registro/?sector=prova&status=any").content.decode()
    assert names(both) == ["Alfa Pulizie", "Beta Servizi", "Gamma Sospesa"]
    for hidden in ("Delta Revocata", "Epsilon Scaduta", "Zeta Bozza", "Eta In Attesa"):
        assert hidden not in both
        assert (
            client.get("/it/registro/?q=" + hidden.split()[0]).content.decode().count(hidden) == 0
        )


def test_filters_combine(client, sample):
    assert names(client.get("/it/registro/?sector=prova&form=sociale-b").content.decode()) == [
        "Beta Servizi"
    ]
    assert names(client.get("/it/registro/?sector=prova&area=zz-nord").content.decode()) == [
        "Alfa Pulizie"
    ]
    assert names(client.get("/it/registro/?sector=prova-2&area=zz-sud").content.decode()) == [
        "Beta Servizi"
    ]


def test_a_province_includes_its_zones(client, sample):
    html = client.get("/it/registro/?area=zz").content.decode()
    assert names(html) == ["Alfa Pulizie", "Beta Servizi", "Theta Provincia"]
    # A zone does not include what serves the whole province only.
    assert names(client.get("/it/registro/?area=zz-sud").content.decode()) == ["Beta Servizi"]


def test_facet_counts_apply_the_other_filters(client, sample):
    html = client.get("/it/registro/?area=zz").content.decode()
    assert option_count(html, "sector", "prova") == 2
    assert option_count(html, "sector", "prova-2") == 2
    assert option_count(html, "area", "zz") == 3
    assert option_count(html, "area", "zz-nord") == 1
    assert option_count(html, "status", "suspended") == 1
    assert option_count(html, "status", "any") == 4
    assert option_count(html, "form", "sociale-b") == 1

    narrowed = client.get("/it/registro/?area=zz&sector=prova-2").content.decode()
    assert option_count(narrowed, "area", "zz-sud") == 1
    assert option_count(narrowed, "area", "zz-nord") == 0
    assert option_count(narrowed, "sector", "prova") == 2  # the sector filter itself is left out


def test_full_text_search_combines_with_filters(client, sample):
    assert names(client.get("/it/registro/?q=Alfa").content.decode()) == ["Alfa Pulizie"]
    assert names(client.get("/it/registro/?q=Alfa&form=sociale-b").content.decode()) == []
    assert (
        "Nessuna cooperativa certificata"
        in client.get("/it/registro/?q=Alfa&form=sociale-b").content.decode()
    )


def test_same_results_in_both_languages(client, sample):
    for query in ("?area=zz", "?sector=prova&status=any", "?q=Beta"):
        italian = names(client.get("/it/registro/" + query).content.decode())
        english = names(client.get("/en/register/" + query).content.decode())
        assert italian == english, query
        assert italian


def test_sort_by_latest_certification(client, make_cooperative, test_terms):
    make_cooperative("Uno Vecchia", sectors=[test_terms["sector"]], history=[("issued", -300, 500)])
    make_cooperative("Due Nuova", sectors=[test_terms["sector"]], history=[("issued", -3, 700)])
    by_name = names(client.get("/it/registro/?sector=prova").content.decode())
    recent = names(client.get("/it/registro/?sector=prova&sort=recent").content.decode())
    assert by_name == ["Due Nuova", "Uno Vecchia"]
    assert recent == ["Due Nuova", "Uno Vecchia"]


def test_pagination_keeps_filters_and_bad_pages_do_not_fail(client, make_cooperative, test_terms):
    for number in range(23):
        make_cooperative(f"Coop {number:02d}", sectors=[test_terms["other_sector"]])
    first = client.get("/it/registro/?sector=prova-2").content.decode()
    assert len(names(first)) == 20
    assert 'href="?sector=prova-2&amp;page=2#results"' in first
    second = client.get("/it/registro/?sector=prova-2&page=2").content.decode()
    assert names(second) == ["Coop 20", "Coop 21", "Coop 22"]
    for page in ("999", "abc", "-1"):
        assert client.get(f"/it/registro/?sector=prova-2&page={page}").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "?sector=does-not-exist",
        "?area=%3Cscript%3E",
        "?status=revoked",
        "?sort=price",
        "?form=spa",
        "?q=" + "x" * 10_000,
        "?q=%27%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "?q=%E4%BD%A0%E5%A5%BD",
        "?q=%22%29%3B+DROP+TABLE",
        "?q=!!!",
    ],
)
def test_bad_input_gets_a_message_never_an_error(client, sample, query):
    response = client.get("/it/registro/" + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    if "sector=" in query or "status=" in query or "sort=" in query or "form=" in query:
        assert "non è una delle opzioni" in html
    if "x" * 300 in query:
        assert "Usa al massimo 200 caratteri" in html


def test_listing_queries_are_bounded(
    client, make_cooperative, test_terms, django_assert_max_num_queries
):
    for number in range(5):
        make_cooperative(f"Poche {number}", sectors=[test_terms["sector"]])
    with django_assert_max_num_queries(40) as few:
        client.get("/it/registro/?sector=prova")
    for number in range(25):
        make_cooperative(f"Molte {number}", sectors=[test_terms["sector"]])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/it/registro/?sector=prova")
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        client.get("/en/register/?sector=prova")


def test_register_in_numbers_has_charts_with_data_tables(client, sample):
    html = client.get("/it/registro/").content.decode()
    assert "Il registro in numeri" in html
    assert re.search(r"<th scope=\"row\"[^>]*>Settore di prova<span class=\"bar bar-\d+\"", html)
