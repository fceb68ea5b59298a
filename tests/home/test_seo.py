"""What search engines and social networks read: sitemap, robots.txt, head metadata, JSON-LD."""

import datetime
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image
from wagtail.models import Page, PageViewRestriction

from chrome.models import SiteSettings
from home.models import EditorialPage
from infrastructure.localization import publish_translation
from news.models import NewsPage
from register.models import Cooperative, RegisterPage, Status
from tests.factories import EXPIRED, REVOKED, SUSPENDED

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


# Sitemap ------------------------------------------------------------------------------------


def path(url: str) -> str:
    """The sitemap's URLs use the Wagtail site's own host; the tests compare paths."""
    return urlsplit(url).path


def read_sitemap(client) -> dict[str, dict]:
    """Each URL's path, with its lastmod and its alternates (hreflang → path)."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    entries = {}
    for url in ET.fromstring(response.content).iter(f"{SITEMAP}url"):
        location = path(url.findtext(f"{SITEMAP}loc"))
        assert location not in entries, f"{location} is listed twice"
        entries[location] = {
            "lastmod": url.findtext(f"{SITEMAP}lastmod"),
            "alternates": {
                link.get("hreflang"): path(link.get("href"))
                for link in url.iter(f"{XHTML}link")
                if link.get("rel") == "alternate"
            },
        }
    return entries


def news_pair() -> tuple[NewsPage, NewsPage]:
    news = NewsPage.objects.get(slug="patto-rinnovato-2023")
    return news, NewsPage.objects.get(
        translation_key=news.translation_key, locale__language_code="en"
    )


def public_cooperatives():
    return Cooperative.objects.public().in_status(Status.ACTIVE, Status.SUSPENDED)


def expected_cooperative_urls() -> set[str]:
    slugs = public_cooperatives().values_list("slug", flat=True)
    return {f"{prefix}{slug}/" for slug in slugs for prefix in ("/it/registro/", "/en/register/")}


def test_sitemap_lists_every_live_public_page_and_cooperative_in_both_languages(client):
    entries = read_sitemap(client)
    pages = {page.url for page in Page.objects.filter(depth__gt=1).live().public()}
    assert {"/it/", "/en/", "/it/marchio-impact/", "/en/impact-mark/"} <= pages
    news = NewsPage.objects.live()
    assert news.filter(locale__language_code="it").count() == 11
    assert {page.url for page in news} <= pages  # every news item, in both languages
    assert public_cooperatives().count() > 0
    assert set(entries) == pages | expected_cooperative_urls()
    for location, entry in entries.items():
        assert entry["lastmod"], location
        datetime.date.fromisoformat(entry["lastmod"])


def test_sitemap_alternates_pair_the_translated_urls(client):
    entries = read_sitemap(client)
    pair = {
        "it": "/it/marchio-impact/",
        "en": "/en/impact-mark/",
        "x-default": "/it/marchio-impact/",
    }
    assert entries["/it/marchio-impact/"]["alternates"] == pair
    assert entries["/en/impact-mark/"]["alternates"] == pair
    # Every page translated and live in both languages names its translation.
    for page in Page.objects.filter(depth__gt=1, locale__language_code="it").live().public():
        english = page.get_translations().live().first()
        assert english is not None, page.url
        assert entries[page.url]["alternates"] == {
            "it": page.url,
            "en": english.url,
            "x-default": page.url,
        }
        assert entries[english.url]["alternates"] == entries[page.url]["alternates"]
    news, english_news = news_pair()
    assert entries[news.url]["alternates"] == {
        "it": news.url,
        "en": english_news.url,
        "x-default": news.url,
    }


def test_sitemap_alternates_of_a_cooperative(client):
    entries = read_sitemap(client)
    slug = public_cooperatives().order_by("name").values_list("slug", flat=True).first()
    italian, english = f"/it/registro/{slug}/", f"/en/register/{slug}/"
    expected = {"it": italian, "en": english, "x-default": italian}
    assert entries[italian]["alternates"] == expected
    assert entries[english]["alternates"] == expected


def test_untranslated_and_draft_translated_pages_have_no_alternates(client, home_it, english):
    alone = EditorialPage(title="Solo in italiano", slug="solo-in-italiano")
    home_it.add_child(instance=alone)
    alone.save_revision().publish()
    drafted = EditorialPage(title="Tradotta in bozza", slug="tradotta-in-bozza")
    home_it.add_child(instance=drafted)
    drafted.save_revision().publish()
    draft_translation = drafted.copy_for_translation(english)  # exists, but not published
    assert not draft_translation.live

    entries = read_sitemap(client)
    assert entries["/it/solo-in-italiano/"]["alternates"] == {}
    assert entries["/it/tradotta-in-bozza/"]["alternates"] == {}
    assert not any(location.startswith("/en/tradotta") for location in entries)


def test_drafts_private_and_scheduled_pages_never_appear(client, home_it, home_en):
    draft = EditorialPage(title="Bozza", slug="bozza", live=False)
    home_it.add_child(instance=draft)
    draft.save_revision()

    scheduled = EditorialPage(title="Programmata", slug="programmata", live=False)
    home_it.add_child(instance=scheduled)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=3)
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live  # waiting for its date

    private = EditorialPage(title="Riservata", slug="riservata")
    home_it.add_child(instance=private)
    private.save_revision().publish()
    below = EditorialPage(title="Sotto la riservata", slug="sotto")
    private.add_child(instance=below)
    below.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    # A private English page whose Italian original is public: the Italian one is listed alone.
    about_en = Page.objects.get(url_path="/home-1/about/")
    PageViewRestriction.objects.create(page=about_en, restriction_type="password", password="x")

    entries = read_sitemap(client)
    for hidden in ("/it/bozza/", "/it/programmata/", "/it/riservata/", "/it/riservata/sotto/"):
        assert hidden not in entries
    assert "/en/about/" not in entries
    assert entries["/it/chi-siamo/"]["alternates"] == {}


def test_only_active_and_suspended_published_cooperatives_appear(client, make_cooperative):
    make_cooperative("Coop Attiva SEO")
    make_cooperative("Coop Sospesa SEO", history=SUSPENDED)
    make_cooperative("Coop Revocata SEO", history=REVOKED)
    make_cooperative("Coop Scaduta SEO", history=EXPIRED)
    make_cooperative("Coop Bozza SEO", publish=False)
    make_cooperative("Coop Mai Certificata SEO", history=[])

    entries = read_sitemap(client)
    for slug in ("coop-attiva-seo", "coop-sospesa-seo"):
        assert f"/it/registro/{slug}/" in entries
        assert f"/en/register/{slug}/" in entries
    for slug in ("coop-revocata-seo", "coop-scaduta-seo", "coop-bozza-seo"):
        assert f"/it/registro/{slug}/" not in entries
        assert f"/en/register/{slug}/" not in entries
    assert not any("mai-certificata" in location for location in entries)
    # The demo's revoked and expired records are not there either.
    hidden = Cooperative.objects.public().in_status(Status.REVOKED, Status.EXPIRED)
    assert hidden.exists()
    for slug in hidden.values_list("slug", flat=True):
        assert f"/it/registro/{slug}/" not in entries


def test_cooperatives_follow_the_register_page_languages(client):
    english_register = RegisterPage.objects.get(locale__language_code="en")
    english_register.unpublish()
    entries = read_sitemap(client)
    assert not any(location.startswith("/en/register/") for location in entries)
    slug = public_cooperatives().values_list("slug", flat=True).first()
    assert entries[f"/it/registro/{slug}/"]["alternates"] == {}


def sitemap_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap.xml").status_code == 200
    return len(queries)


def test_sitemap_queries_are_few_and_do_not_grow_with_the_register(
    client, make_cooperative, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.get("/sitemap.xml")  # caches warmed (site root paths, content types)
    with django_assert_max_num_queries(20):
        client.get("/sitemap.xml")
    before = sitemap_queries(client)
    cooperatives = public_cooperatives().count()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(8):
            make_cooperative(f"Coop Extra {number}", english=f"English text {number}")
    assert Cooperative.objects.filter(name="Coop Extra 7", live=True).count() == 2
    assert public_cooperatives().count() == cooperatives + 8
    # Any change replaces the one content token: the first request after it refills the cached
    # chrome (two queries more), as the warming request above did; compare warm with warm.
    client.get("/sitemap.xml")
    after = sitemap_queries(client)
    assert after == before
    assert len(read_sitemap(client)) > 100


def test_sitemap_lastmod_follows_the_latest_change(
    client, make_cooperative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cooperative = make_cooperative("Coop Data SEO", english="Translated later")
    entries = read_sitemap(client)
    today = timezone.localdate().isoformat()
    assert entries["/it/registro/coop-data-seo/"]["lastmod"] == today
    assert entries["/en/register/coop-data-seo/"]["lastmod"] == today

    # The record changed long ago, its English texts last week: each page says its own date.
    records = Cooperative.objects.filter(translation_key=cooperative.translation_key)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    last_week = timezone.now() - datetime.timedelta(days=7)
    records.update(updated_at=long_ago, last_published_at=long_ago)
    records.filter(locale__language_code="en").update(last_published_at=last_week)
    entries = read_sitemap(client)
    assert (
        entries["/it/registro/coop-data-seo/"]["lastmod"]
        == timezone.localdate(long_ago).isoformat()
    )
    assert (
        entries["/en/register/coop-data-seo/"]["lastmod"]
        == timezone.localdate(last_week).isoformat()
    )


# robots.txt --------------------------------------------------------------------------------


def test_robots_txt_keeps_crawlers_out_of_queries_and_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = {line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow")}
    assert disallowed == {
        "/admin/",
        "/documents/",
        "/it/cerca/",
        "/en/search/",
        "/it/registro/verifica/",
        "/en/register/verify/",
        "/it/registro/verifica-elenco/",
        "/en/register/verify-list/",
        # Each export, not a prefix that would also hide a cooperative named "Export…".
        "/it/registro/export.csv",
        "/it/registro/export.json",
        "/it/registro/export.xlsx",
        "/en/register/export.csv",
        "/en/register/export.json",
        "/en/register/export.xlsx",
        # The live badges' files, not the pages beside them.
        "/it/registro/bollino/*.svg",
        "/en/register/badge/*.svg",
        # The attestation PDFs, made on request.
        "/it/registro/attestato/",
        "/en/register/attestation/",
        # The alerts' forms and personal pages (alerts/wagtail_hooks.py).
        "/it/avvisi/",
        "/en/alerts/",
        "/alerts/unsubscribe/",
        # The request for quotes form and its private pages (quotes/wagtail_hooks.py).
        "/it/richiesta-preventivo/",
        "/en/request-a-quote/",
        # The shortlist, its comparison, share links and files (shortlist/wagtail_hooks.py).
        "/it/selezione/",
        "/en/shortlist/",
        # A representative's invitation (representatives/wagtail_hooks.py).
        "/it/invito/",
        "/en/invitation/",
    }
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /\n" not in response.content.decode()


# Head metadata ---------------------------------------------------------------------------------


class Head(HTMLParser):
    """The metadata of a page: title, meta tags (all values by name), links, JSON-LD blocks."""

    def __init__(self, html: str):
        super().__init__()
        self.title = ""
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.json_ld: list[dict] = []
        self._in = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in = "title"
        elif tag == "meta" and (key := attrs.get("property") or attrs.get("name")):
            self.meta.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.links.setdefault("canonical", []).append(attrs["href"])
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in = "json"

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "json":
            self.json_ld.append(json.loads(data))

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    def of_type(self, kind: str) -> list[dict]:
        found = []
        for block in self.json_ld:
            for item in block.get("@graph", [block]):
                if item.get("@type") == kind:
                    found.append(item)
        return found


def first_cooperative_slug() -> str:
    return public_cooperatives().order_by("name").values_list("slug", flat=True).first()


def page_urls() -> list[tuple[str, str, str]]:
    """(kind, language, URL) of one page of every type, in both languages."""
    news, english_news = news_pair()
    slug = first_cooperative_slug()
    return [
        ("home", "it", "/it/"),
        ("home", "en", "/en/"),
        ("editorial", "it", "/it/marchio-impact/"),
        ("editorial", "en", "/en/impact-mark/"),
        ("register", "it", "/it/registro/"),
        ("register", "en", "/en/register/"),
        ("cooperative", "it", f"/it/registro/{slug}/"),
        ("cooperative", "en", f"/en/register/{slug}/"),
        ("verification", "it", "/it/registro/verifica/"),
        ("verification", "en", "/en/register/verify/"),
        ("bulk verification", "it", "/it/registro/verifica-elenco/"),
        ("bulk verification", "en", "/en/register/verify-list/"),
        ("news index", "it", "/it/notizie/"),
        ("news index", "en", "/en/news/"),
        ("news", "it", news.url),
        ("news", "en", english_news.url),
    ]


def test_every_page_type_has_title_description_canonical_and_share_tags(client):
    for kind, language, url in page_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        head = Head(response.content.decode().split("</head>")[0])
        context = f"{kind} ({language}): {url}"
        assert head.title.strip(), context
        description = head.one("description")
        assert description.strip() and "<" not in description, context
        assert head.links["canonical"] == [f"http://testserver{url}"], context
        assert head.one("og:url") == head.links["canonical"][0], context
        assert head.one("og:type") == ("article" if kind == "news" else "website"), context
        assert head.one("og:title").strip(), context
        assert head.one("og:description").strip(), context
        assert head.one("og:site_name") == (
            "Registro Impact" if language == "it" else "Impact register"
        )
        assert head.one("og:locale") == {"it": "it_IT", "en": "en_GB"}[language], context
        assert head.one("og:locale:alternate") == {"it": "en_GB", "en": "it_IT"}[language], context
        assert head.one("og:image").startswith("http://testserver/"), context
        assert head.one("twitter:card") == "summary_large_image", context
        assert head.one("twitter:title") == head.one("og:title"), context
        assert head.one("twitter:description") == head.one("og:description"), context
        assert head.one("twitter:image") == head.one("og:image"), context
        if kind != "news":
            assert head.one("og:image").endswith("/static/images/share-default.png"), context
            assert head.one("og:image:width") == "1200" and head.one("og:image:height") == "630"
            # The share tags repeat the page's own title and description.
            assert head.title.strip().startswith(head.one("og:title")), context
            assert head.one("og:description") == description, context


def test_titles_and_descriptions_come_from_the_seo_fields_with_fallbacks(client):
    mark = Head(client.get("/it/marchio-impact/").content.decode())
    assert mark.title == "Il marchio Impact – Effetto cooperativo · Registro Impact"  # seo_title
    assert mark.one("og:title") == "Il marchio Impact – Effetto cooperativo"
    page = EditorialPage.objects.get(url_path="/home/marchio-impact/")
    assert mark.one("description") == page.search_description

    about = EditorialPage.objects.get(url_path="/home/chi-siamo/")
    assert not about.search_description and about.introduction
    html = Head(client.get("/it/chi-siamo/").content.decode())
    assert html.title == f"{about.title} · Registro Impact"
    assert about.introduction.startswith(html.one("description").removesuffix("…"))
    assert len(html.one("description")) <= 160

    # Rich text introductions lose their tags; the home page its duplicated site name.
    news_index = Head(client.get("/it/notizie/").content.decode())
    assert news_index.one("description").startswith("Comunicati stampa, eventi")
    home = Head(client.get("/en/").content.decode())
    assert home.title == "Impact register"
    assert home.one("description").startswith("The public register of worker and social")


def test_long_fallback_description_is_cut_at_a_word(client, home_it):
    page = EditorialPage(title="Lunga", slug="lunga", introduction="parola " * 60)
    home_it.add_child(instance=page)
    page.save_revision().publish()
    description = Head(client.get("/it/lunga/").content.decode()).one("description")
    assert len(description) <= 160 and description.endswith("parola…")


def test_news_page_share_tags_are_its_own_and_not_repeated(client):
    news, _english = news_pair()
    head = Head(client.get(news.url).content.decode())
    assert head.one("og:type") == "article"
    assert head.one("og:title") == news.title
    assert head.one("og:description") == news.standfirst
    assert head.one("og:image").endswith(".jpg")  # the news item's own share image
    assert len(head.of_type("NewsArticle")) == 1


def test_news_page_without_image_shares_the_default_one(client):
    index = NewsPage.objects.get(slug="patto-rinnovato-2023").get_parent()
    page = NewsPage(
        title="Senza immagine SEO",
        slug="senza-immagine-seo",
        standfirst="Una notizia senza immagine.",
        body=[("paragraph", "<p>Testo.</p>")],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    head = Head(client.get(page.url).content.decode())
    assert head.one("og:image").endswith("/static/images/share-default.png")
    assert head.one("twitter:image") == head.one("og:image")


def test_default_share_image_is_1200_by_630():
    # The front-end build copies static/src/images/ to static/dist/images/.
    source = Path(settings.BASE_DIR) / "static" / "src" / "images" / "share-default.png"
    with Image.open(source) as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)


# Structured data -----------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "search"), [("it", "/it/cerca/"), ("en", "/en/search/")])
def test_home_page_describes_the_organisation_and_the_site_search(client, language, search):
    head = Head(client.get(f"/{language}/").content.decode())
    site_settings = SiteSettings.objects.get()
    (organisation,) = head.of_type("Organization")
    assert organisation["name"] == "Confcooperative Bergamo"
    assert organisation["url"].startswith("https://")
    assert organisation["logo"].startswith("http://testserver/static/")
    assert organisation["contactPoint"]["email"] == site_settings.email
    assert organisation["contactPoint"]["telephone"] == site_settings.phone
    (website,) = head.of_type("WebSite")
    assert website["url"] == f"http://testserver/{language}/"
    assert website["publisher"] == {"@id": organisation["@id"]}
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"http://testserver{search}?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert client.get(f"{search}?q=pulizie").status_code == 200
    assert not head.of_type("BreadcrumbList")  # the home page is the top of every trail


def test_other_pages_do_not_repeat_the_organisation(client):
    head = Head(client.get("/it/marchio-impact/").content.decode())
    assert not head.of_type("Organization") and not head.of_type("WebSite")


class Breadcrumb(HTMLParser):
    """The visible breadcrumb: (name, href or None for the current item)."""

    def __init__(self, html: str):
        super().__init__()
        self.items: list[list] = []
        self._depth = 0
        self.feed(html.split('class="breadcrumb"', 1)[1].split("</ol>", 1)[0])

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.items.append(["", None])
        elif tag == "a" and self.items:
            self.items[-1][1] = dict(attrs)["href"]
        elif tag == "span":
            self._depth += 1

    def handle_endtag(self, tag):
        if tag == "span":
            self._depth -= 1

    def handle_data(self, data):
        if self.items and not self._depth:
            self.items[-1][0] += data.strip()


def assert_breadcrumb_matches(html: str, current_url: str) -> list[dict]:
    visible = Breadcrumb(html).items
    (trail,) = Head(html).of_type("BreadcrumbList")
    items = trail["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(visible) + 1))
    assert [item["name"] for item in items] == [name for name, _href in visible]
    for item, (_name, href) in zip(items, visible, strict=True):
        assert item["item"] == f"http://testserver{href or current_url}"
    assert visible[-1][1] is None  # the current item is not a link
    return items


def test_cooperative_page_breadcrumb_json_ld_matches_the_visible_one(client):
    slug = first_cooperative_slug()
    name = Cooperative.objects.get(slug=slug, locale__language_code="it").name
    for url, home, register in [
        (f"/it/registro/{slug}/", "/it/", "/it/registro/"),
        (f"/en/register/{slug}/", "/en/", "/en/register/"),
    ]:
        items = assert_breadcrumb_matches(client.get(url).content.decode(), url)
        assert [item["item"] for item in items] == [
            f"http://testserver{home}",
            f"http://testserver{register}",
            f"http://testserver{url}",
        ]
        assert items[-1]["name"] == name


def test_news_page_breadcrumb_json_ld_matches_the_visible_one(client):
    news, _english = news_pair()
    items = assert_breadcrumb_matches(client.get(news.url).content.decode(), news.url)
    assert [item["name"] for item in items] == ["Home", "Notizie", news.title]
    assert items[1]["item"] == "http://testserver/it/notizie/"


@pytest.mark.parametrize(
    "url", ["/it/marchio-impact/", "/en/register/", "/it/registro/verifica/", "/en/news/"]
)
def test_breadcrumb_json_ld_on_the_other_page_types(client, url):
    assert_breadcrumb_matches(client.get(url).content.decode(), url)


def test_json_ld_cannot_be_closed_by_page_text(client, home_it):
    page = EditorialPage(title="</script><script>alert(1)</script>", slug="chiusura")
    home_it.add_child(instance=page)
    page.save_revision().publish()
    html = client.get("/it/chiusura/").content.decode()
    assert "<script>alert(1)" not in html
    (trail,) = Head(html).of_type("BreadcrumbList")
    assert trail["itemListElement"][-1]["name"] == page.title


def test_english_translation_published_later_is_listed_with_alternates(
    client, home_it, django_capture_on_commit_callbacks
):
    page = EditorialPage(title="Nuova pagina", slug="nuova-pagina", introduction="Testo.")
    home_it.add_child(instance=page)
    page.save_revision().publish()
    assert read_sitemap(client)["/it/nuova-pagina/"]["alternates"] == {}
    strings = {"Nuova pagina": "New page", "nuova-pagina": "new-page", "Testo.": "Text."}
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes then
        english = publish_translation(page, "en", strings)
    entries = read_sitemap(client)
    assert english.url == "/en/new-page/"
    assert entries["/it/nuova-pagina/"]["alternates"]["en"] == "/en/new-page/"
    assert entries["/en/new-page/"]["alternates"]["x-default"] == "/it/nuova-pagina/"
