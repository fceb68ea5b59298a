"""Security headers on every kind of answer the site gives, and the admin's own policy."""

import re

import pytest
from django.contrib.auth.models import User
from wagtail.models import Page

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.fixture
def cooperative_url(make_cooperative):
    make_cooperative("Cooperativa Intestazioni")
    return "/it/registro/cooperativa-intestazioni/"


@pytest.fixture
def news_page_url(db):
    from news.models import NewsPage

    return NewsPage.objects.live().public().filter(locale__language_code="en").first().url


PAGES = {
    "home": "/it/",
    "editorial": "/en/impact-mark/",
    "register listing": "/it/registro/?sector=pulizie",
    "verification": "/en/register/verify/?q=00000000000",
    "news index": "/it/notizie/",
    "search": "/it/cerca/?q=cooperativa",
    "enquiry form": "/en/ask-about-the-mark/",
    "not found": "/it/pagina-che-non-esiste/",
    "news feed": "/en/news/feed/",
    "register feed": "/it/registro/feed/",
    "export csv": "/it/registro/export.csv",
    "export json": "/en/register/export.json",
    "sitemap": "/sitemap.xml",
    "robots": "/robots.txt",
    "health": "/health/",
    "api": "/api/v1/cooperatives/",
    "api not found": "/api/v1/nothing-here/",
}


def assert_site_headers(response) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    policy = directives(response)
    if response.get("Content-Disposition", "").startswith("attachment"):
        # A download: nothing in it may run or load, even if a browser rendered it.
        assert policy == {"default-src": ["'none'"], "sandbox": [], "frame-ancestors": ["'none'"]}
        return
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    # Scripts only from the site itself: no inline script, no other origin.
    assert "'unsafe-inline'" not in policy["script-src"]
    assert all(
        source == "'self'" or source.startswith("'nonce-") for source in policy["script-src"]
    )
    for values in policy.values():
        assert not any(value.startswith(("http:", "https:", "*")) for value in values)


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_every_public_answer_has_the_security_headers(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404), url
    assert_site_headers(response)


def test_cooperative_and_news_pages_have_the_security_headers(
    client, cooperative_url, news_page_url
):
    for url in (cooperative_url, news_page_url):
        response = client.get(url)
        assert response.status_code == 200
        assert_site_headers(response)


def test_the_site_pages_have_no_inline_script_to_block(client, cooperative_url, news_page_url):
    """Every <script> is either the site's own file or a JSON-LD data block, which the browser
    does not run: the policy without 'unsafe-inline' breaks nothing."""
    urls = [*PAGES.values(), cooperative_url, news_page_url]
    for url in urls:
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert 'src="/static/' in tag or 'type="application/ld+json"' in tag, (url, tag)
        assert not re.search(r"\son[a-z]+\s*=", html.split("<body", 1)[-1]), url
        assert "javascript:" not in html, url


def test_a_rate_limited_answer_has_the_headers_too(client, settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {"search": (0, 60)}
    response = client.get("/it/cerca/?q=x", REMOTE_ADDR="192.0.2.99")
    assert response.status_code == 429
    assert_site_headers(response)


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("csp-admin", "csp@example.com", "a long password 1")
    client.force_login(user)
    return client


def test_the_admin_loads_with_its_own_policy(admin_client):
    editorial = Page.objects.get(locale__language_code="it", slug="marchio-impact")
    pages = {
        "/admin/": "Dashboard",
        f"/admin/pages/{editorial.pk}/edit/": editorial.title,
        f"/admin/pages/{editorial.pk}/": editorial.title,
    }
    for url, text in pages.items():
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url
        policy = directives(response)
        # The admin's inline scripts run; nothing outside the site loads; only the site
        # itself may frame it (page previews).
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"], url
        assert policy["frame-ancestors"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        for values in policy.values():
            assert not any(value.startswith(("http:", "https:", "*")) for value in values)
        assert response["X-Content-Type-Options"] == "nosniff"
    # The edit page does have inline scripts: the reason the admin has its own policy.
    edit_page = admin_client.get(f"/admin/pages/{editorial.pk}/edit/").content.decode()
    assert "<script>" in edit_page


def test_page_previews_may_be_framed_by_the_admin_only(rf, admin_client):
    """Wagtail renders a preview by sending a request for the page's own address through the
    middleware again, then shows it in a frame of the edit page: that answer must let the admin
    frame it, and keep the site's script policy."""
    editorial = Page.objects.get(locale__language_code="it", slug="marchio-impact").specific
    request = rf.get(f"/admin/pages/{editorial.pk}/edit/preview/")
    request.user = User.objects.get(username="csp-admin")
    response = editorial.make_preview_request(request, editorial.default_preview_mode)
    assert response.status_code == 200
    assert editorial.title in response.content.decode()
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]


def test_public_pages_for_a_logged_in_editor_keep_the_site_policy(admin_client):
    """The Wagtail user bar on public pages loads its scripts from the site: no looser policy."""
    response = admin_client.get("/it/")
    assert response.status_code == 200
    assert "wagtail-userbar" in response.content.decode()
    assert_site_headers(response)


def test_exports_are_sandboxed_downloads(client):
    response = client.get("/it/registro/export.csv")
    assert response["Content-Disposition"].startswith("attachment")
    assert directives(response) == {
        "default-src": ["'none'"],
        "sandbox": [],
        "frame-ancestors": ["'none'"],
    }
