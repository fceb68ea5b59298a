"""The suite's database, in two kinds of test.

- Most tests start from the migrated database (locales, groups, Wagtail's default Site) and
  build what they need with the factories of `tests/factories.py`; the `site` fixture gives
  the demo's page tree without its content.
- Tests marked `demo` (`pytestmark = [pytest.mark.django_db, pytest.mark.demo]`) run on the
  whole demo site, as a new user sees it after `make run`: the tests about the demo, the
  query budgets, accessibility, and the modules not yet moved to factories. The demo is
  loaded once per session, only when the first of them runs; they run after the other
  database tests (and before the transactional ones, which empty the database).

`pytest -m "not demo"` is the fast inner loop; tests/README.md says more.
"""

import io
import os
import secrets
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest.mock import patch

import pytest
import redis
from aiosmtpd.controller import Controller
from django.contrib.contenttypes.models import ContentType
from django.core import management
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from pytest_django.plugin import blocking_manager_key, validate_django_db
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from home.models import HomePage
from news.models import NewsIndexPage
from register.models import RegisterPage
from tests.factories import CooperativeFactory, SiteSkeleton, build_site, locale
from tests.mail import Inbox, free_port
from tests.snapshots import Snapshot, demo_fingerprint, migrations_fingerprint, snapshots_supported

# The database, restored from snapshots ----------------------------------------------------


def fresh_only(request: pytest.FixtureRequest) -> bool:
    """--create-db (CI): snapshots of earlier runs are not used, this run makes its own."""
    return bool(request.config.getvalue("create_db"))


@pytest.fixture(scope="session")
def _migrated_snapshot(request: pytest.FixtureRequest) -> Iterator[None]:
    """Migrating the test database restores the migrated snapshot instead, made by the
    first process of this run or by an earlier run with the same migrations
    (tests/snapshots.py)."""
    migrate = management.call_command

    def call_command(name: str, *args, **options):
        if name != "migrate" or not snapshots_supported():
            return migrate(name, *args, **options)
        snapshot = Snapshot("migrated", migrations_fingerprint, fresh_only=fresh_only(request))
        snapshot.restore_or_make(lambda: migrate(name, *args, **options))
        return None

    # Django's test database creation imports call_command when it runs, so this is seen.
    with patch.object(management, "call_command", call_command):
        yield


# Asks for _migrated_snapshot first: it must be in place before pytest-django's set-up runs.
@pytest.fixture(scope="session")
def django_db_setup(_migrated_snapshot, django_db_setup) -> None:
    """pytest-django's set-up, with the migrations restored from their snapshot."""


# Two kinds of test: on factories, or on the demo site ----------------------------------------


def is_demo_test(item: pytest.Item) -> bool:
    return item.get_closest_marker("demo") is not None


# tryfirst: this runs before pytest-django's own ordering (database tests, then transactional
# ones, then the rest), which keeps this order within each of its groups.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Demo tests after the others, so that the demo is loaded at most once and never seen by
    a test that builds its own records; each demo test asks for the loaded demo first."""
    items.sort(key=is_demo_test)
    for item in items:
        if is_demo_test(item) and "demo_site" not in item.fixturenames:
            # First, before the test's own transaction opens: the demo is committed.
            item.fixturenames.insert(0, "demo_site")


class SharedSkeleton:
    """The page skeleton, built once per session inside an outer transaction that every test's
    own transaction nests in (as a savepoint), so it costs one build, not one per test; it is
    never committed, and is rolled back before the demo is loaded or a transactional test
    runs, so those see the database as the migrations left it."""

    def __init__(self) -> None:
        self.atomic: transaction.Atomic | None = None
        self.pages: dict[str, int] = {}

    def build(self) -> None:
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        skeleton = build_site()
        self.pages = {name: page.pk for name, page in vars(skeleton).items()}

    def discard(self) -> None:
        if self.atomic is not None:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
            self.atomic = None

    def fetch(self) -> SiteSkeleton:
        """Fresh objects for each test: one test's changes never reach the next in memory."""
        return SiteSkeleton(
            **{name: Page.objects.get(pk=pk).specific for name, pk in self.pages.items()}
        )


SHARED_SKELETON = SharedSkeleton()


def is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional, reset_sequences, *_ = validate_django_db(marker) if marker else (False, False)
    return (
        transactional
        or reset_sequences
        or bool({"transactional_db", "live_server"} & set(item.fixturenames))
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before a transactional test's own fixtures: it commits, then empties the database."""
    if is_transactional(item):
        with item.config.stash[blocking_manager_key].unblock():
            SHARED_SKELETON.discard()


@pytest.fixture(scope="session")
def _shared_skeleton(django_db_setup, django_db_blocker) -> Iterator[SharedSkeleton]:
    with django_db_blocker.unblock():
        if not DEMO_LOADED:
            SHARED_SKELETON.build()
    yield SHARED_SKELETON
    with django_db_blocker.unblock():
        SHARED_SKELETON.discard()


DEMO_LOADED = []


@pytest.fixture(scope="session")
def demo_site(request, django_db_setup, django_db_blocker) -> None:
    """The demo content, loaded once into the session's database (tests marked `demo`), or
    restored from the demo snapshot that another process or an earlier run made."""
    with django_db_blocker.unblock():
        SHARED_SKELETON.discard()
        snapshot = Snapshot(
            "demo", demo_fingerprint, fresh_only=fresh_only(request), media=demo_files
        )
        snapshot.restore_or_make(lambda: call_command("load_demo_content", stdout=io.StringIO()))
        ContentType.objects.clear_cache()
    DEMO_LOADED.append(True)


def demo_files() -> list[str]:
    """The demo's images and documents, files in MEDIA_ROOT that its snapshot carries along."""
    return [
        name
        for model in (get_image_model(), get_document_model())
        for name in model.objects.values_list("file", flat=True)
    ]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: nothing cached from data that an earlier test
    created and rolled back (the chrome, vocabularies and figures are cached between requests).
    The version tokens go too: data memoized in this process is then built afresh."""
    for alias in caches:
        caches[alias].clear()


# Mail: a real SMTP server on loopback ---------------------------------------------------


@pytest.fixture
def smtp_server(settings):
    """The site's mail path as configured (queued, delivered by the task), to an SMTP server
    of the test's own; pytest-django's locmem backend is set aside for the test."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "infrastructure.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def site(request, _shared_skeleton, db) -> SiteSkeleton:
    """The page tree: the demo's in a `demo` test, else the same pages built by factories."""
    if is_demo_test(request.node):

        def pages(model, language: str) -> Page:
            return model.objects.get(locale__language_code=language)

        return SiteSkeleton(
            *(
                pages(model, language)
                for model in (HomePage, RegisterPage, NewsIndexPage)
                for language in ("it", "en")
            )
        )
    return _shared_skeleton.fetch()


@pytest.fixture
def italian(db) -> Locale:
    return locale("it")


@pytest.fixture
def english(db) -> Locale:
    return locale("en")


@pytest.fixture
def home_it(site) -> Page:
    return site.home_it


@pytest.fixture
def home_en(site) -> Page:
    return site.home_en


@pytest.fixture
def make_cooperative(db):
    """`make_cooperative(name, sectors=…, areas=…, history=…, publish=…, english=…, **fields)`:
    a cooperative of the register (tests.factories.CooperativeFactory), for any app's tests."""

    def make(name: str, **fields):
        return CooperativeFactory(name=name, **fields)

    return make


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A real Redis for the tests that need one: TEST_REDIS_URL, by default database 15 of a
    local server; those tests are skipped, saying so, when no Redis answers there."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {url} ({error}); start redis-server or set TEST_REDIS_URL")
    return url


# The full-page cache in a real Redis, and a CDN that records its purges ------------------


@pytest.fixture
def page_cache(settings, redis_url):
    """PAGE_CACHE=on with the pages in Redis, as in production with REDIS_URL."""
    prefix = f"test-pages-{secrets.token_hex(6)}"
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        },
    }
    settings.WAGTAIL_CACHE = True
    server = redis.Redis.from_url(redis_url)
    yield server, prefix
    if keys := list(server.scan_iter(f"{prefix}:*")):
        server.delete(*keys)


class _PurgeRecorder(BaseHTTPRequestHandler):
    def do_PURGE(self) -> None:
        self.server.purged.append(f"http://{self.headers['Host']}{self.path}")
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def cdn(settings):
    """A CDN purge endpoint (like Varnish's) on a free local port; `.purged` lists the URLs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PurgeRecorder)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield server
    server.shutdown()
    server.server_close()
