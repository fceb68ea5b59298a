"""Rate limits: a client over the limit gets 429 with Retry-After; others and later are served."""

import logging
import uuid

import pytest
from django.core.cache import cache
from django.http import HttpResponse

from infrastructure import ratelimit
from infrastructure.middleware.ratelimit import RateLimitMiddleware
from register.models import Cooperative

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

SEARCH = "/it/cerca/?q=pulizie"
START = 1_800_000_000.0  # the first second of a window of 60 (and of 600)


@pytest.fixture
def clock(monkeypatch):
    """The rate limiter's clock, set to the start of a window so no test straddles two."""

    class Clock:
        moment = START

        def advance(self, seconds: float) -> None:
            self.moment += seconds

    clock = Clock()
    monkeypatch.setattr(ratelimit, "now", lambda: clock.moment)
    return clock


@pytest.fixture(params=["database", "cache"])
def limits(request, settings, clock):
    """Rate limiting on, with small limits, counted in the database (the default without
    Redis) or in the test settings' local-memory cache."""
    settings.RATELIMIT_STORAGE = request.param
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {"search": (3, 60), "api": (2, 60), "forms": (2, 600)}
    settings.RATELIMIT_TRUSTED_PROXIES = []
    cache.clear()
    return settings


def get(client, url, address="192.0.2.10", **extra):
    return client.get(url, REMOTE_ADDR=address, **extra)


def test_search_over_the_limit_gets_429_with_retry_after(client, limits, clock):
    for _ in range(3):
        assert get(client, SEARCH).status_code == 200
    clock.advance(15)
    response = get(client, SEARCH)
    assert response.status_code == 429
    assert response["Retry-After"] == "45"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    # The page's language first, the other one after it, both readable without the database.
    assert html.index('<html lang="it"') < html.index('<section lang="it"')
    assert html.index('<section lang="it"') < html.index('<section lang="en"')
    assert "Please wait 45 seconds and try again." in html
    assert 'href="/en/"' in html


def test_english_pages_answer_in_english_first(client, limits):
    for _ in range(3):
        get(client, "/en/search/?q=cleaning")
    html = get(client, "/en/search/?q=cleaning").content.decode()
    assert '<html lang="en"' in html
    assert html.index('<section lang="en"') < html.index('<section lang="it"')


def test_the_window_ends_and_the_client_is_served_again(client, limits, clock):
    for _ in range(4):
        get(client, SEARCH)
    assert get(client, SEARCH).status_code == 429
    clock.advance(60)
    assert get(client, SEARCH).status_code == 200


def test_each_client_has_its_own_allowance(client, limits):
    for _ in range(4):
        get(client, SEARCH, address="192.0.2.20")
    assert get(client, SEARCH, address="192.0.2.20").status_code == 429
    assert get(client, SEARCH, address="192.0.2.21").status_code == 200
    assert get(client, SEARCH, address="2001:db8::1").status_code == 200


def test_other_pages_are_not_counted(client, limits):
    for _ in range(5):
        assert get(client, "/it/").status_code == 200
    assert get(client, SEARCH).status_code == 200


def test_api_answers_json_in_the_language_asked_for(client, limits, clock):
    for _ in range(2):
        assert get(client, "/api/v1/cooperatives/").status_code != 429
    clock.advance(50)
    response = get(client, "/api/v1/cooperatives/?lang=en")
    assert response.status_code == 429
    assert response["Retry-After"] == "10"
    assert response.json() == {"detail": "Too many requests. Try again in 10 seconds."}
    # Italian by default, like the API's other answers.
    response = get(client, "/api/v1/cooperatives/")
    assert response.json() == {"detail": "Troppe richieste. Riprova tra 10 secondi."}


def test_form_posts_are_limited_but_reading_the_page_is_not(client, limits):
    for _ in range(2):
        assert client.post("/it/", REMOTE_ADDR="192.0.2.30").status_code != 429
    assert client.post("/it/", REMOTE_ADDR="192.0.2.30").status_code == 429
    assert get(client, "/it/", address="192.0.2.30").status_code == 200


def test_forwarded_for_is_ignored_from_strangers(client, limits):
    """Anyone may write X-Forwarded-For: from a stranger it must not buy a fresh allowance."""
    for number in range(4):
        get(client, SEARCH, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    assert get(client, SEARCH, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_forwarded_for_is_believed_from_trusted_proxies(client, limits):
    limits.RATELIMIT_TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = "10.0.0.5"
    for _ in range(3):
        get(client, SEARCH, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.9")
    # The same visitor behind two of our proxies is over; another visitor is not.
    over = get(client, SEARCH, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert over.status_code == 429
    other = get(client, SEARCH, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 200
    # A spoofed address written before the real one does not help: the nearest one counts.
    spoofed = get(client, SEARCH, address=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert spoofed.status_code == 429


def test_switched_off_it_never_answers_429(client, limits):
    limits.RATELIMIT_ENABLED = False
    for _ in range(6):
        assert get(client, SEARCH).status_code == 200


@pytest.fixture
def redis_cache(settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            # A prefix of its own: runs and engineers sharing the server do not meet.
            "KEY_PREFIX": f"test-ratelimit-{uuid.uuid4().hex}",
        }
    }
    return settings


def test_counts_in_redis(client, limits, redis_cache, clock):
    limits.RATELIMIT_STORAGE = "cache"
    for _ in range(3):
        assert get(client, SEARCH).status_code == 200
    clock.advance(30)
    response = get(client, SEARCH)
    assert response.status_code == 429
    assert response["Retry-After"] == "30"


def test_a_cache_that_is_down_lets_requests_through(rf, limits, settings, caplog):
    """The limiter fails open. (Wagtail's own pages need the cache too: the fault tests
    cover what a visitor sees then; here the view behind the limiter needs none.)"""
    settings.RATELIMIT_STORAGE = "cache"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    middleware = RateLimitMiddleware(lambda request: HttpResponse("served"))
    with caplog.at_level(logging.WARNING, logger="infrastructure.ratelimit"):
        for _ in range(5):
            response = middleware(rf.get(SEARCH, REMOTE_ADDR="192.0.2.40"))
            assert response.status_code == 200
            assert response.content == b"served"
    assert "Rate limit search not applied: the cache is unavailable" in caplog.text


@pytest.mark.parametrize("peer", ["", "unix:/run/gunicorn.sock", "not an address"])
def test_a_request_without_a_valid_peer_address_has_none(rf, peer):
    """Such requests share one allowance; the sign-in records store no address rather than
    text a PostgreSQL inet column refuses."""
    request = rf.get(SEARCH, REMOTE_ADDR=peer)
    assert ratelimit.client_address(request) is None


def test_a_person_using_the_site_normally_never_meets_a_limit(client, settings, clock):
    """The configured limits, counted as in production without Redis, all in one window: a
    buyer downloads three formats of two listings (twice, as people do), pages and filters
    the register, verifies a few suppliers, searches and sends the enquiry form twice."""
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_STORAGE = "database"
    vat_numbers = list(
        Cooperative.objects.filter(live=True, locale__language_code="it").values_list(
            "vat_number", flat=True
        )[:5]
    )
    visits = [
        *[f"/it/registro/?page={page}" for page in (1, 2)],
        *[f"/it/registro/?sector={code}" for code in ("pulizie", "logistica", "ristorazione")],
        "/it/registro/?area=bg&sort=recent",
        "/it/registro/?q=pulizie&area=bg-valle-seriana",
        *[
            f"/it/registro/export.{kind}{query}"
            for _twice in range(2)
            for query in ("", "?sector=pulizie")
            for kind in ("csv", "xlsx", "json")
        ],
        *[f"/it/registro/verifica/?q={vat}" for vat in vat_numbers],
        *[f"/it/registro/verifica/?q={vat}&format=json" for vat in vat_numbers],
        *[f"/it/cerca/?q={words}" for words in ("pulizie", "marchio", "bergamo", "verde")],
        "/it/registro/dati-aperti/",
        "/it/registro/feed/?sector=pulizie",
    ]
    for url in visits:
        response = get(client, url)
        assert response.status_code != 429, url
        if response.streaming:
            b"".join(response.streaming_content)
    for _ in range(2):
        assert client.post("/it/chiedi-del-marchio/", REMOTE_ADDR="192.0.2.10").status_code != 429
