"""Anonymous visitors never see what is not published and public: drafts, private pages,
unpublished cooperatives or changes, scheduled news. Each hidden thing is looked for on every
public surface where it could leak (its own address, listings, search, feeds, exports, API,
sitemap), by a word that appears nowhere else. Searches ask for a second word that the hidden
thing shares with a public control, which the same searches do find."""

import datetime
import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale, Page, PageViewRestriction

from home.models import EditorialPage, HomePage
from news.models import NewsIndexPage, NewsPage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

SURFACES = [
    "/it/",
    "/it/registro/?status=any",
    "/it/registro/?q=Cardamomo&status=any",
    "/it/registro/export.csv?status=any",
    "/it/registro/export.json?status=any",
    "/it/registro/feed/",
    "/it/registro/verifica/?q={vat}",
    "/api/v1/cooperatives/?status=any&page_size=100",
    "/api/v1/cooperatives/?q=Cardamomo&status=any",
    "/api/v1/verify?q={vat}",
    "/it/notizie/",
    "/it/notizie/feed/",
    "/it/cerca/?q=Cardamomo",
    "/sitemap.xml",
]


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def assert_hidden(word: str, url: str, vat: str = "00000000000") -> None:
    visitor = Client()
    own = visitor.get(url)
    # Not found, or sent to log in; a password-protected page shows its password form.
    assert own.status_code in (302, 404) or 'name="password"' in body(own), url
    assert word not in body(own)  # its address may be echoed (lower case), never its title
    for surface in SURFACES:
        address = surface.format(vat=vat)
        response = visitor.get(address)
        assert response.status_code < 500, address
        assert word.lower() not in body(response).lower(), address


def italian_home() -> HomePage:
    return HomePage.objects.get(locale__language_code="it")


def add_page(title: str, *, publish: bool) -> EditorialPage:
    page = EditorialPage(title=title, slug=title.split()[0].lower(), live=False)
    page.introduction = f"Testo di {title}."
    italian_home().add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def page_url(page: Page) -> str:
    return f"/it/{page.slug}/"


def draft_page() -> tuple[str, str]:
    add_page("Zafferanobozza Cardamomo", publish=False)
    return "Zafferanobozza", "/it/zafferanobozza/"


def private_page_for_logged_in_users() -> tuple[str, str]:
    page = add_page("Zafferanoriservato Cardamomo", publish=True)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return "Zafferanoriservato", page_url(page)


def private_page_with_password() -> tuple[str, str]:
    page = add_page("Zafferanoparola Cardamomo", publish=True)
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="segreto"
    )
    return "Zafferanoparola", page_url(page)


def page_under_a_private_section() -> tuple[str, str]:
    section = add_page("Sezioneriservata", publish=True)
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    child = EditorialPage(title="Zafferanofiglio Cardamomo", slug="zafferanofiglio", live=False)
    section.add_child(instance=child)
    child.save_revision().publish()
    return "Zafferanofiglio", "/it/sezioneriservata/zafferanofiglio/"


def unpublished_change_to_a_live_page() -> tuple[str, str]:
    page = add_page("Paginapubblica", publish=True)
    page.introduction = "Zafferanomodifica Cardamomo non ancora approvata."
    page.save_revision()  # a draft: the live page keeps its published text
    return "Zafferanomodifica", "/it/non-esiste/"


def news(title: str, **fields) -> NewsPage:
    index = NewsIndexPage.objects.get(locale__language_code="it")
    page = NewsPage(
        title=title,
        slug=title.split()[0].lower(),
        standfirst=f"Sommario di {title}.",
        date=datetime.date(2026, 1, 1),
        body=[("paragraph", f"<p>Testo di {title}.</p>")],
        locale=Locale.objects.get(language_code="it"),
        live=False,
        **fields,
    )
    index.add_child(instance=page)
    return page


def scheduled_news() -> tuple[str, str]:
    page = news("Zafferanoprogrammata Cardamomo")
    page.go_live_at = timezone.now() + datetime.timedelta(days=2)
    page.save_revision().publish()  # scheduled, as a moderator's approval with a go-live date
    page.refresh_from_db()
    assert not page.live
    return "Zafferanoprogrammata", "/it/notizie/zafferanoprogrammata/"


def draft_news() -> tuple[str, str]:
    news("Zafferanonotizia Cardamomo").save_revision()
    return "Zafferanonotizia", "/it/notizie/zafferanonotizia/"


PAGE_CASES: dict[str, Callable[[], tuple[str, str]]] = {
    "draft page": draft_page,
    "private page (login)": private_page_for_logged_in_users,
    "private page (password)": private_page_with_password,
    "page in a private section": page_under_a_private_section,
    "unpublished change of a live page": unpublished_change_to_a_live_page,
    "scheduled news": scheduled_news,
    "draft news": draft_news,
}


@pytest.mark.parametrize("make", PAGE_CASES.values(), ids=PAGE_CASES.keys())
def test_pages_that_are_not_public_stay_hidden(make):
    word, url = make()
    assert_hidden(word, url)


def test_a_private_page_asks_for_a_login_or_its_password():
    _word, url = private_page_for_logged_in_users()
    response = Client().get(url)
    assert response.status_code == 302
    assert "/_util/login/" in response["Location"]
    _word, url = private_page_with_password()
    response = Client().get(url)
    assert 'name="password"' in response.content.decode()


def test_an_unpublished_cooperative_stays_hidden(make_cooperative):
    cooperative = make_cooperative("Zafferanocoop Cardamomo", publish=False)
    assert_hidden(
        "Zafferanocoop", "/it/registro/zafferanocoop-cardamomo/", vat=cooperative.vat_number
    )
    assert_hidden(
        "Zafferanocoop",
        f"/api/v1/cooperatives/{cooperative.vat_number}",
        vat=cooperative.vat_number,
    )


def test_unpublished_changes_to_a_cooperative_stay_hidden(make_cooperative):
    cooperative = make_cooperative("Cooperativa Pubblicata")
    cooperative.description = "<p>Zafferanorevisione Cardamomo in attesa.</p>"
    cooperative.save_revision()  # a draft in the admin
    public = Client().get("/it/registro/cooperativa-pubblicata/")
    assert public.status_code == 200
    assert "Descrizione di Cooperativa Pubblicata" in public.content.decode()
    assert_hidden("Zafferanorevisione", "/it/registro/non-esiste/", cooperative.vat_number)


def test_the_api_answers_404_for_an_unpublished_cooperative(make_cooperative):
    cooperative = make_cooperative("Zafferanoapi", publish=False)
    response = Client().get(f"/api/v1/cooperatives/{cooperative.vat_number}")
    assert response.status_code == 404
    assert "Zafferanoapi" not in json.dumps(response.json())


def test_the_same_searches_find_what_is_public(make_cooperative):
    """The control: were the hidden things public, the surfaces above would show them."""
    add_page("Zafferanovisibile Cardamomo", publish=True)
    cooperative = make_cooperative("Cooperativa Cardamomo")
    visitor = Client()
    assert "Zafferanovisibile" in body(visitor.get("/it/cerca/?q=Cardamomo"))
    assert "/it/zafferanovisibile/" in body(visitor.get("/sitemap.xml"))
    for address in (
        "/it/registro/?q=Cardamomo&status=any",
        "/api/v1/cooperatives/?q=Cardamomo&status=any",
        "/it/registro/export.csv?status=any",
        f"/it/registro/verifica/?q={cooperative.vat_number}",
        f"/api/v1/verify?q={cooperative.vat_number}",
    ):
        assert "Cooperativa Cardamomo" in body(visitor.get(address)), address
