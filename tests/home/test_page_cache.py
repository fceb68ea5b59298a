"""The full-page cache (infrastructure.middleware.pagecache): anonymous visitors get stored
pages, nobody gets a stale, personal or private one. Real Redis; invalidation runs when
transactions commit."""

import datetime
import zoneinfo

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.models import EditorialPage
from infrastructure.middleware.pagecache import seconds_until_midnight, storage_seconds

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

STATUS = "X-Wagtail-Cache"  # wagtail-cache's answer: hit, miss or skip

MARK_PAGE = "/it/marchio-impact/"


def test_anonymous_visitors_get_the_stored_page(client, page_cache):
    first = client.get(MARK_PAGE)
    second = client.get(MARK_PAGE)
    assert (first.status_code, first[STATUS]) == (200, "miss")
    assert (second.status_code, second[STATUS]) == (200, "hit")
    assert second.content == first.content
    # Browsers always ask again: only the server keeps the page.
    assert second["Cache-Control"] == "max-age=0"
    assert "Expires" not in second
    assert client.get("/en/impact-mark/")[STATUS] == "miss"  # each language on its own


def test_editors_bypass_the_cache_and_never_fill_it(client, admin_client, page_cache):
    editor_view = admin_client.get(MARK_PAGE)
    assert editor_view[STATUS] == "skip"
    assert "wagtail-userbar" in editor_view.content.decode()
    visitor_view = client.get(MARK_PAGE)
    assert visitor_view[STATUS] == "miss"  # the editor's visit stored nothing
    assert "wagtail-userbar" not in visitor_view.content.decode()
    assert admin_client.get(MARK_PAGE)[STATUS] == "skip"  # nor does the stored page reach them


def test_posts_errors_and_pages_with_a_csrf_token_are_never_stored(client, page_cache):
    assert client.post(MARK_PAGE)[STATUS] != "hit"
    assert client.post(MARK_PAGE)[STATUS] != "hit"
    for _ in range(2):
        missing = client.get("/it/pagina-che-non-esiste/")
        assert (missing.status_code, missing[STATUS]) == (404, "skip")
    for _ in range(2):
        login = Client().get("/admin/login/")
        assert 'name="csrfmiddlewaretoken"' in login.content.decode()
        assert login[STATUS] == "skip"
        assert "private" in login["Cache-Control"] or "no-cache" in login["Cache-Control"]


def test_alert_pages_are_never_stored(client, page_cache):
    """Forms with a CSRF token and personal pages behind a link (alerts/views.py)."""
    for url in ("/it/avvisi/", "/it/avvisi/fornitori/", "/en/alerts/listing/?sector=pulizie"):
        for _ in range(2):
            response = client.get(url)
            assert (response.status_code, response[STATUS]) == (200, "skip"), url
            assert "no-store" in response["Cache-Control"]


def test_a_page_made_private_is_no_longer_served_from_the_cache(
    client,
    page_cache,
    django_capture_on_commit_callbacks,
):
    page = EditorialPage.objects.get(url_path__endswith="/marchio-impact/")
    assert client.get(MARK_PAGE)[STATUS] == "miss"
    assert client.get(MARK_PAGE)[STATUS] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="segreto"
        )
    for _ in range(2):
        response = client.get(MARK_PAGE)
        html = response.content.decode()
        assert 'name="password"' in html
        assert 'class="requirement"' not in html
        assert response[STATUS] == "skip"  # the password form carries a CSRF token

    # A visitor who knows the password sees the page; it is theirs alone.
    form = client.get(MARK_PAGE)
    action = form.content.decode().split('action="')[1].split('"')[0]
    client.post(action, {"password": "segreto", "return_url": MARK_PAGE})
    unlocked = client.get(MARK_PAGE)
    assert 'class="requirement"' in unlocked.content.decode()
    assert unlocked[STATUS] == "skip"
    assert Client().get(MARK_PAGE)[STATUS] == "skip"  # someone else gets the form again


def test_a_draft_stays_unseen_until_published_then_shows_at_once(
    client,
    page_cache,
    django_capture_on_commit_callbacks,
):
    page = EditorialPage.objects.get(url_path__endswith="/marchio-impact/")
    assert client.get(MARK_PAGE)[STATUS] == "miss"
    page.title = "Il marchio Impact, in bozza"
    with django_capture_on_commit_callbacks(execute=True):
        revision = page.save_revision()
    draft_time = client.get(MARK_PAGE)
    assert draft_time[STATUS] == "hit"
    assert "in bozza" not in draft_time.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    published = client.get(MARK_PAGE)
    assert published[STATUS] == "miss"
    assert "Il marchio Impact, in bozza" in published.content.decode()


def test_unpublished_moved_and_deleted_pages_disappear_at_once(
    client,
    page_cache,
    django_capture_on_commit_callbacks,
):
    page = EditorialPage.objects.get(url_path__endswith="/marchio-impact/")
    pact = EditorialPage.objects.get(url_path__endswith="/patto-di-responsabilita/")
    assert client.get(MARK_PAGE)[STATUS] == "miss"
    assert client.get(MARK_PAGE)[STATUS] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert client.get(MARK_PAGE).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish()
    assert client.get(MARK_PAGE)[STATUS] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        page.move(pact, pos="last-child")
    moved = client.get(MARK_PAGE)  # Wagtail leaves a redirect behind
    assert (moved.status_code, moved["Location"]) == (301, f"{pact.url}marchio-impact/")
    assert client.get(f"{pact.url}marchio-impact/").status_code == 200

    pact_url = pact.url
    assert client.get(pact_url)[STATUS] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        pact.delete()
    assert client.get(pact_url).status_code == 404


def test_a_live_page_added_without_publishing_shows_in_the_menu_at_once(
    client, page_cache, home_it, django_capture_on_commit_callbacks
):
    assert client.get(MARK_PAGE)[STATUS] == "miss"
    assert client.get(MARK_PAGE)[STATUS] == "hit"
    page = EditorialPage(
        title="Aggiunta dal codice", slug="aggiunta-dal-codice", show_in_menus=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        home_it.add_child(instance=page)  # live, saved, never "published"
    fresh = client.get(MARK_PAGE)
    assert fresh[STATUS] == "miss"
    assert "Aggiunta dal codice" in fresh.content.decode()


def test_no_entry_outlives_midnight(client, page_cache, settings):
    rome = zoneinfo.ZoneInfo("Europe/Rome")
    late = datetime.datetime(2026, 3, 28, 23, 59, 30, tzinfo=rome)
    assert seconds_until_midnight(late) == 30
    assert storage_seconds(late) == 30
    # The night the clocks go forward still ends at local midnight.
    assert seconds_until_midnight(datetime.datetime(2026, 3, 28, 12, tzinfo=rome)) == 12 * 3600
    assert storage_seconds(datetime.datetime(2026, 3, 28, 12, tzinfo=rome)) == 3600

    server, prefix = page_cache
    client.get(MARK_PAGE)
    stored = [key for key in server.scan_iter(f"{prefix}:*") if b"cache_page" in key]
    assert stored
    limit = min(settings.PAGE_CACHE_SECONDS, seconds_until_midnight(timezone.now()))
    assert all(0 < server.ttl(key) <= limit for key in stored)


def test_the_site_answers_when_the_page_cache_is_down(client, page_cache, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        },
    }
    response = client.get(MARK_PAGE)
    assert response.status_code == 200
    assert "Il marchio Impact" in response.content.decode()


def test_a_cdn_may_keep_pages_without_a_query_and_is_purged_on_publish(
    client,
    page_cache,
    cdn,
    django_capture_on_commit_callbacks,
):
    page = EditorialPage.objects.get(url_path__endswith="/marchio-impact/")
    response = client.get(MARK_PAGE)
    assert response["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    assert 0 < int(response["Cache-Control"].rsplit("=", 1)[1]) <= 300
    assert client.get(MARK_PAGE + "?page=2")["Cache-Control"] == "max-age=0"

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert page.get_full_url() in cdn.purged


# Conditional GET: feed readers and crawlers revalidate all day, from the cache too. ---------

REVALIDATED = [
    "/it/registro/feed/",
    "/en/news/feed/",
    "/sitemap.xml",
    "/it/registro/feed/?sector=pulizie",
    MARK_PAGE,
    "/it/registro/",
]


@pytest.mark.parametrize("url", REVALIDATED)
def test_a_current_copy_gets_304_whether_the_answer_is_stored_or_not(client, page_cache, url):
    first = client.get(url)
    assert (first.status_code, first[STATUS]) == (200, "miss")
    etag = first["ETag"]
    stored = client.get(url)
    assert (stored.status_code, stored[STATUS], stored["ETag"]) == (200, "hit", etag)

    from_cache = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert from_cache.status_code == 304
    assert from_cache.content == b""
    assert from_cache["ETag"] == etag
    assert client.head(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # An old copy gets the whole answer.
    assert client.get(url, HTTP_IF_NONE_MATCH='"old"').status_code == 200


@pytest.mark.parametrize("url", REVALIDATED)
def test_a_current_copy_gets_304_without_the_page_cache(client, url):
    first = client.get(url)
    assert first.status_code == 200 and first.has_header("ETag")
    revalidated = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (revalidated.status_code, revalidated.content) == (304, b"")


def test_the_feed_is_revalidated_by_date_from_the_cache_too(client, page_cache):
    first = client.get("/it/registro/feed/")
    assert client.get("/it/registro/feed/")[STATUS] == "hit"
    since = client.get("/it/registro/feed/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
