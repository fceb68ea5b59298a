"""Real-browser tests: Debian's Chromium driven by Playwright against the demo site.

The site is built in a subprocess as soon as pytest knows browser tests will run, and these
tests run last, so the build overlaps the rest of the suite. One server and one browser serve
the whole package (package scope: Playwright's sync API runs an event loop that would trip
Django's async-unsafe check in any in-process test after it); each test gets fresh browser
contexts, so no cookie or state leaks between tests.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from .chromium import CHROMIUM, CHROMIUM_ARGS
from .server import BASE_DIR, LiveSite, SiteBuild

SCREENSHOTS = BASE_DIR / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


BROWSER_TESTS = Path(__file__).parent
SITE_BUILD = SiteBuild()


def is_browser_test(item: pytest.Item) -> bool:
    return BROWSER_TESTS in item.path.parents


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last, so the site they need builds while the other tests run."""
    items.sort(key=is_browser_test)


def pytest_collection_finish(session: pytest.Session) -> None:
    if any(is_browser_test(item) for item in session.items):
        SITE_BUILD.start()


def pytest_unconfigure() -> None:
    SITE_BUILD.cancel()


@pytest.fixture(scope="package")
def live_site(tmp_path_factory) -> Iterator[LiveSite]:
    with LiveSite(SITE_BUILD, tmp_path_factory.mktemp("browser-site")) as site:
        yield site


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: `make test` installs it (as root), "
            "or run `apt-get install chromium`."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_site) -> Iterator[Callable[..., BrowserContext]]:
    """Open browser contexts on the site (Italian visitor, desktop width unless told)."""
    contexts: list[BrowserContext] = []

    def open_context(**options) -> BrowserContext:
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "it-IT")
        context = browser.new_context(base_url=live_site.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context) -> Page:
    return watched(new_context().new_page())


def watched(page: Page) -> Page:
    """Collect the page's uncaught script errors in `page.script_errors`."""
    page.script_errors = []
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    return page


def save_screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.jpeg"  # JPEG: several times faster to encode than PNG
    page.screenshot(path=path, full_page=True, type="jpeg", quality=80)
    return path
