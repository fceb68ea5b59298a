"""Adding to and removing from the shortlist (shortlist/selection.py, views.py): from the
register's cards and cooperative pages, without JavaScript, back where the visitor was, in
both languages, capped, and with the state each visitor sees."""

import pytest
from django.test import RequestFactory

from infrastructure import ratelimit
from shortlist import selection

from .conftest import add, key

pytestmark = [pytest.mark.django_db]


def test_a_buyer_adds_from_the_listing_and_lands_back_on_the_card(client, three):
    alfa = three[0]
    listing = client.get("/it/registro/?status=any")
    assert listing.status_code == 200
    page = listing.content.decode()
    # Every card has its button, a plain form to the add address, without a CSRF token.
    assert page.count('action="/it/selezione/aggiungi/"') == 3
    assert f'value="{key(alfa)}"' in page
    assert "Aggiungi alla selezione" in page

    response = add(client, alfa, next_url="/it/registro/?status=any")
    assert response.status_code == 303
    assert response["Location"] == f"/it/registro/?status=any#shortlist-{key(alfa)}"
    # Back on the listing: that card says so and offers to remove it; the header counts it.
    page = client.get("/it/registro/?status=any").content.decode()
    assert page.count("Nella tua selezione") == 1
    assert page.count('action="/it/selezione/togli/"') == 1
    assert page.count('action="/it/selezione/aggiungi/"') == 2
    assert 'class="shortlist-count"' in page


def test_the_cooperative_page_has_the_button_and_the_list_shows_the_status(client, three):
    beta = three[1]
    page = client.get(f"/it/registro/{beta.slug}/").content.decode()
    assert 'id="shortlist-title"' in page
    add(client, beta, next_url=f"/it/registro/{beta.slug}/")
    page = client.get("/it/selezione/").content.decode()
    assert "Beta Pulizie" in page
    assert "Sospeso" in page  # the status today, from the register's rule
    assert f"/it/registro/{beta.slug}/" in page
    assert 'name="robots" content="noindex"' in page


def test_the_list_is_the_same_in_english(client, three):
    add(client, three[0])
    add(client, three[2], language="en", next_url="/en/register/")
    page = client.get("/en/shortlist/").content.decode()
    assert "Your shortlist" in page
    assert "Alfa Servizi" in page and "Gamma Logistica" in page
    assert page.index("Alfa Servizi") < page.index("Gamma Logistica")  # the order of adding
    assert 'href="/it/selezione/" hreflang="it"' in page  # the language switcher
    page = client.get("/it/selezione/").content.decode()
    assert "2 cooperative" in page


def test_adding_twice_keeps_one_and_removing_takes_it_away(client, three):
    alfa = three[0]
    add(client, alfa)
    add(client, alfa)
    assert client.session[selection.SESSION_KEY] == [key(alfa)]
    response = client.post("/it/selezione/togli/", {"key": key(alfa), "next": "/it/registro/"})
    assert response.status_code == 303
    assert response["Location"] == f"/it/registro/#shortlist-{key(alfa)}"
    assert selection.SESSION_KEY not in client.session
    assert "La tua selezione è vuota" in client.get("/it/selezione/").content.decode()


def test_the_remove_buttons_and_clearing_all(client, three):
    for cooperative in three:
        add(client, cooperative)
    page = client.get("/it/selezione/").content.decode()
    assert page.count('form="remove-form"') == 3
    response = client.post("/it/selezione/togli/", {"key": key(three[1])})
    assert response["Location"] == "/it/selezione/?done=removed"
    assert "Tolta dalla tua selezione" in client.get(response["Location"]).content.decode()
    response = client.post("/it/selezione/svuota/")
    assert response.status_code == 303
    assert "Ora la tua selezione è vuota" in client.get(response["Location"]).content.decode()
    assert selection.SESSION_KEY not in client.session


def test_remove_and_clear_need_the_csrf_token(three):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    add(client, three[0])  # "add" has none on purpose (shortlist/views.py)
    assert client.session[selection.SESSION_KEY] == [key(three[0])]
    assert client.post("/it/selezione/togli/", {"key": key(three[0])}).status_code == 403
    assert client.post("/it/selezione/svuota/").status_code == 403
    assert client.session[selection.SESSION_KEY] == [key(three[0])]


def test_an_add_from_another_site_is_refused(client, three):
    response = client.post(
        "/it/selezione/aggiungi/",
        {"key": key(three[0]), "next": "/it/registro/"},
        headers={"origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert selection.SESSION_KEY not in client.session
    response = client.post(
        "/it/selezione/aggiungi/",
        {"key": key(three[0])},
        headers={"origin": "http://testserver"},
    )
    assert response.status_code == 303


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "relative/path",
        "/" + "x" * 3000,
    ],
)
def test_next_must_be_a_path_of_this_site(client, three, next_url):
    response = add(client, three[0], next_url=next_url)
    assert response.status_code == 303
    assert response["Location"] == "/it/selezione/?done=added"


def test_unknown_draft_or_garbled_keys_add_nothing(client, site, make_cooperative):
    draft = make_cooperative("Bozza", publish=False)
    for value in [key(draft), "00000000-0000-0000-0000-000000000000", "nonsense", "", "x" * 500]:
        response = client.post("/it/selezione/aggiungi/", {"key": value, "next": "/it/"})
        assert response.status_code == 303
        assert response["Location"] == "/it/selezione/?problem=unknown"
    page = client.get("/it/selezione/?problem=unknown").content.decode()
    assert "Quella cooperativa non è nel registro" in page
    assert selection.SESSION_KEY not in client.session


def test_the_cap_is_said_clearly_and_the_way_back_kept(client, three, monkeypatch):
    monkeypatch.setattr(selection, "CAP", 2)
    add(client, three[0])
    add(client, three[1])
    response = add(client, three[2], next_url="/it/registro/?page=2")
    assert response.status_code == 303
    assert response["Location"] == "/it/selezione/?problem=full&next=%2Fit%2Fregistro%2F%3Fpage%3D2"
    page = client.get(response["Location"]).content.decode()
    assert "La tua selezione è piena: contiene al massimo 2 cooperative" in page
    assert 'href="/it/registro/?page=2"' in page
    assert len(client.session[selection.SESSION_KEY]) == 2


def test_only_posts_change_it(client, three):
    assert client.get("/it/selezione/aggiungi/").status_code == 405
    assert client.get("/it/selezione/svuota/").status_code == 405


def test_names_are_escaped(client, site, make_cooperative):
    odd = make_cooperative('Coop <script>alert("x")</script>', slug="coop-script")
    add(client, odd)
    page = client.get("/it/selezione/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    listing = client.get("/it/registro/").content.decode()
    assert "<script>alert" not in listing


def test_the_robots_and_rate_limit_rules_name_its_addresses(client, site):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /it/selezione/" in robots
    assert "Disallow: /en/shortlist/" in robots

    def rules(method: str, path: str) -> set[str]:
        request = RequestFactory().generic(method, path)
        return {rule.name for rule in ratelimit.configured_rules() if rule.matches(request)}

    # The buttons: the shortlist's own rule, not the forms' (a buyer clicks dozens).
    for path in ["/it/selezione/aggiungi/", "/en/shortlist/remove/", "/it/selezione/svuota/"]:
        assert rules("POST", path) == {"shortlist"}
    assert rules("POST", "/it/selezione/condivisa/abc.def/aggiungi/") == {"shortlist"}
    assert rules("POST", "/it/chiedi-del-marchio/") == {"forms"}  # other forms as before
    # The files: the spreadsheets as exports, the PDF as the attestations.
    assert rules("GET", "/it/selezione/selezione.csv") == {"exports"}
    assert rules("GET", "/en/shortlist/shared/abc.def/shortlist.xlsx") == {"exports"}
    assert rules("GET", "/en/shortlist/shortlist.pdf") == {"attestations"}
    assert rules("GET", "/it/selezione/") == set()


def test_too_many_clicks_are_refused_with_a_429(client, three, settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_STORAGE = "database"
    settings.RATELIMITS = {"forms": (1, 600), "shortlist": (3, 600)}
    codes = [add(client, three[0]).status_code for _ in range(4)]
    assert codes == [303, 303, 303, 429]
