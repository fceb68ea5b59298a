import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from infrastructure.localization import publish_translation
from news.models import NewsPage
from tests.factories import ImageFactory, NewsCategoryFactory, NewsPageFactory, PressContactFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]
ATOM = "{http://www.w3.org/2005/Atom}"

# A newsroom like the demo's: (date, category, Italian title and slug, English ones).
NEWSROOM = [
    ((2022, 11, 19), "comunicati", "Nasce il registro Impact", "nasce-il-registro-impact",
     "The Impact register is launched", "the-impact-register-is-launched"),
    ((2022, 12, 1), "eventi", "Un convegno sul lavoro", "convegno-lavoro",
     "A conference on work", "conference-on-work"),
    ((2023, 2, 1), "eventi", "Porte aperte a febbraio", "porte-aperte-febbraio",
     "Open doors in February", "open-doors-february"),
    ((2023, 5, 1), "registro", "Dieci nuove cooperative", "dieci-nuove",
     "Ten new cooperatives", "ten-new"),
    ((2023, 9, 20), "comunicati", "Rinnovato il Patto di responsabilità per il lavoro di qualità",
     "patto-rinnovato-2023", "The Pact is renewed", "pact-renewed-2023"),
    ((2023, 11, 10), "eventi", "Una giornata di formazione", "giornata-formazione",
     "A training day", "training-day"),
    ((2025, 3, 1), "comunicati", "Il registro in numeri", "registro-in-numeri",
     "The register in figures", "register-in-figures"),
    ((2026, 5, 1), "eventi", "Le cooperative aprono le porte", "cooperative-aprono",
     "Cooperatives open their doors", "cooperatives-open"),
]  # fmt: skip


def build_newsroom(news_index, items=NEWSROOM, *, english: bool) -> list[NewsPage]:
    """The NEWSROOM `items` in their categories, each with the share image and the press
    contact, the first (the oldest) featured, as in the demo; in English too if `english`
    (a translated news item costs about ten times an untranslated one)."""
    for code, name, category_english in [
        ("comunicati", "Comunicati stampa", "Press releases"),
        ("eventi", "Eventi", "Events"),
        ("registro", "Aggiornamenti del registro", "Register updates"),
    ]:
        NewsCategoryFactory(code=code, name=name, english=category_english if english else None)
    image = ImageFactory(title="Impact news")
    contact = PressContactFactory(
        english="Confcooperative Bergamo press office" if english else None
    )
    return [
        NewsPageFactory(
            parent=news_index,
            date=datetime.date(*date),
            categories=[category],
            title=title,
            slug=slug,
            featured=number == 0,
            share_image=image,
            press_contact=contact,
            english={
                title: english_title,
                slug: english_slug,
                f"Sommario di {title}.": f"Summary of {english_title}.",
                f"Testo di {title}.": f"Text of {english_title}.",
            }
            if english
            else None,
        )
        for number, (date, category, title, slug, english_title, english_slug) in enumerate(items)
    ]


@pytest.fixture
def newsroom(news_index) -> list[NewsPage]:
    return build_newsroom(news_index, english=False)


@pytest.fixture
def translated_newsroom(news_index) -> list[NewsPage]:
    """The oldest, a middle and the newest item, each in both languages."""
    return build_newsroom(news_index, NEWSROOM[::4] + NEWSROOM[-1:], english=True)


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="it-card-title[^"]*"><a href="[^"]+">([^<]+)</a>', html)


def option_count(html: str, name: str, value: str) -> int:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S).group(0)
    return int(re.search(rf'<option value="{value}"[^>]*>[^<]*\((\d+)\)</option>', select).group(1))


def test_listing_is_newest_first_with_the_featured_item_and_ten_a_page(client, newsroom, make_news):
    for number in range(5):
        make_news(f"Notizia Extra {number}", date=datetime.date(2026, 10, 1 + number))
    first = titles(client.get("/it/notizie/").content.decode())
    second = titles(client.get("/it/notizie/?page=2").content.decode())
    news = NewsPage.objects.live().filter(locale__language_code="it").order_by("-date")
    featured = news.get(featured=True)
    assert first[0] == featured.title  # the featured item stands above the list
    assert len(first) == 11 and len(second) == news.count() - 11
    assert first[1:] + second == [page.title for page in news.exclude(pk=featured.pk)]
    assert first[1] == "Notizia Extra 4"


def test_year_and_category_filters_with_counts(client, newsroom):
    html = client.get("/it/notizie/?year=2023").content.decode()
    assert len(titles(html)) == 4
    assert option_count(html, "year", "2023") == 4
    assert option_count(html, "category", "comunicati") == 1  # within 2023
    both = client.get("/it/notizie/?year=2023&category=comunicati").content.decode()
    assert titles(both) == ["Rinnovato il Patto di responsabilità per il lavoro di qualità"]
    categories = client.get("/it/notizie/?category=comunicati").content.decode()
    assert len(titles(categories)) == 3
    assert option_count(categories, "year", "2022") == 1


@pytest.mark.parametrize("query", ["?year=1999", "?year=abc", "?category=<script>", "?page=999"])
def test_bad_filters_are_ignored_with_a_message(client, newsroom, query):
    response = client.get("/it/notizie/" + query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<body")[1].replace(
        '<script type="application/ld+json">', ""
    )


def test_news_page_has_metadata_pager_and_related(client, newsroom):
    page = NewsPage.objects.get(slug="patto-rinnovato-2023")
    html = client.get(page.url).content.decode()
    assert '<meta property="og:title" content="Rinnovato il Patto' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/[^"]+\.jpg"', html)
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '"@type": "NewsArticle"' in html
    assert 'type="application/atom+xml"' in html and 'href="/it/notizie/feed/"' in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert "Notizie correlate" in html
    assert "Ufficio stampa Confcooperative Bergamo" in html


def test_english_news_page_is_in_english(client, translated_newsroom):
    page = NewsPage.objects.get(slug="the-impact-register-is-launched")
    html = client.get(page.url).content.decode()
    assert '<html lang="en"' in html
    assert "Press releases" in html  # the category, in English
    assert "Comunicati stampa" not in html


def feed_entries(client, url: str) -> tuple[ET.Element, list[ET.Element]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def test_feeds_are_valid_atom_per_language(client, translated_newsroom):
    root, italian = feed_entries(client, "/it/notizie/feed/")
    _root, english = feed_entries(client, "/en/news/feed/")
    assert root.find(f"{ATOM}id").text == "http://testserver/it/notizie/feed/"
    assert (
        len(italian)
        == len(english)
        == NewsPage.objects.filter(locale__language_code="it").live().count()
    )
    first = italian[0]
    assert first.find(f"{ATOM}link").get("href").startswith("http://testserver/it/notizie/")
    assert first.find(f"{ATOM}updated").text
    assert english[0].find(f"{ATOM}link").get("href").startswith("http://testserver/en/news/")
    assert "Italian" not in english[0].find(f"{ATOM}title").text


def test_drafts_scheduled_and_private_news_stay_hidden(client, newsroom, make_news, news_index):
    from wagtail.models import PageViewRestriction

    make_news("Bozza Riservata", publish=False)
    scheduled = make_news("Notizia Programmata", publish=False)
    scheduled.go_live_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)
    scheduled.save_revision().publish()
    private = make_news("Notizia Privata")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    scheduled.refresh_from_db()
    assert not scheduled.live
    listing = (
        client.get("/it/notizie/").content.decode()
        + client.get("/it/notizie/?page=2").content.decode()
    )
    feed = client.get("/it/notizie/feed/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    search = (
        client.get("/it/cerca/", {"q": "Notizia"}).content.decode()
        + client.get("/it/cerca/", {"q": "Bozza"}).content.decode()
    )
    for title, slug in [
        ("Bozza Riservata", "bozza-riservata"),
        ("Notizia Programmata", "notizia-programmata"),
        ("Notizia Privata", "notizia-privata"),
    ]:
        assert title not in listing
        assert title not in feed
        assert slug not in sitemap
        assert title not in search
    assert client.get("/it/notizie/bozza-riservata/").status_code == 404
    assert client.get("/it/notizie/notizia-programmata/").status_code == 404
    assert client.get("/it/notizie/notizia-privata/").status_code == 302  # to the login


def test_scheduled_news_goes_live_by_itself(client, make_news):
    from django.core.management import call_command

    page = make_news("Uscita Futura", publish=False)
    page.go_live_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live
    # An hour later the scheduler (`manage.py publish_scheduled`, every minute) runs.
    # Move the clock: the scheduled time, in the revision and its approval, is now past.
    revision.refresh_from_db()
    past = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert "Uscita Futura" in client.get("/it/notizie/").content.decode()


def test_untranslated_news_is_left_out_of_english(
    client, make_news, django_capture_on_commit_callbacks
):
    page = make_news("Solo Italiana", date=datetime.date(2026, 11, 1))
    english = client.get("/en/news/").content.decode()
    assert "Solo Italiana" not in english
    assert "Solo Italiana" not in client.get("/en/news/feed/").content.decode()
    html = client.get(page.url).content.decode()
    # The switcher leads to the English newsroom, and no hreflang claims a translation.
    assert re.search(r'<a [^>]*href="/en/news/"[^>]*hreflang="en"', html)
    assert 'hreflang="en" href' not in html

    with django_capture_on_commit_callbacks(execute=True):
        publish_translation(
            page,
            "en",
            {
                "Solo Italiana": "Italian Only No More",
                "solo-italiana": "italian-only-no-more",
                "Sommario di Solo Italiana.": "Summary in English.",
                "Testo di Solo Italiana.": "Text in English.",
                "Bergamo": "Bergamo",
            },
        )
    assert "Italian Only No More" in client.get("/en/news/").content.decode()


def test_home_page_shows_the_register_search_then_the_latest_news(client, translated_newsroom):
    html = client.get("/it/").content.decode()
    register = html.index('id="home-register-title"')
    news = html.index('id="home-news-title"')
    assert register < news
    assert "Le cooperative aprono le porte" in html  # the newest item
    english = client.get("/en/").content.decode()
    assert "Cooperatives open their doors" in english
    assert 'href="/en/news/"' in english


def test_related_cooperatives_link_to_their_public_pages(
    client, make_news, make_cooperative, django_assert_max_num_queries
):
    from news.models import NewsPageCooperative
    from tests.factories import REVOKED

    active = make_cooperative("Citata Attiva")
    revoked = make_cooperative("Citata Revocata", history=REVOKED)
    page = make_news("Con Cooperative")
    page.cooperative_links = [
        NewsPageCooperative(cooperative=active),
        NewsPageCooperative(cooperative=revoked),
    ]
    page.save_revision().publish()
    with django_assert_max_num_queries(60) as two:
        html = client.get(page.url).content.decode()
    assert '<a href="/it/registro/citata-attiva/">Citata Attiva</a>' in html
    assert "<span>Citata Revocata</span>" in html  # no public page to link to
    more = [make_cooperative(f"Citata {number}") for number in range(5)]
    page.cooperative_links = [NewsPageCooperative(cooperative=c) for c in [active, revoked, *more]]
    page.save_revision().publish()
    with django_assert_max_num_queries(len(two.captured_queries)):
        client.get(page.url)
