"""The Content-Security-Policy blocks nothing the site or the Wagtail admin needs: Chromium
reports every violation in the console, and none may appear."""

import re

from playwright.sync_api import ConsoleMessage, Page, expect

from .people import ADMIN, ADMIN_PASSWORD
from .test_editing import log_in

PUBLIC = [
    "/it/",
    "/en/impact-mark/",
    "/it/registro/",
    "/it/registro/?sector=pulizie",
    "/it/registro/verifica/?q=IT00000000000",
    "/en/register/verify-list/",
    "/it/notizie/",
    "/it/cerca/?q=cooperativa",
    "/it/chiedi-del-marchio/",
    "/it/registro/dati-aperti/",
    "/api/v1/docs",
]


def record_violations(page: Page) -> list[str]:
    violations: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    return violations


def test_no_public_page_breaks_the_policy(page):
    violations = record_violations(page)
    for url in PUBLIC:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    # A cooperative's page and a news item, reached as a visitor would.
    page.goto("/it/registro/")
    page.locator(".cooperative-card a").first.click()
    page.goto("/it/notizie/")
    page.locator("main article a, main .card a").first.click()
    page.wait_for_load_state("networkidle")
    assert violations == []
    assert page.script_errors == []


def test_the_admin_works_under_its_own_policy(new_context):
    admin = log_in(new_context(), ADMIN, ADMIN_PASSWORD, then="/admin/")
    violations = record_violations(admin)
    for url in ("/admin/", "/admin/pages/", "/admin/images/", "/admin/documents/", "/admin/forms/"):
        admin.goto(url)
        admin.wait_for_load_state("networkidle")
    # A page's editor with its live preview, which the admin shows in a frame.
    admin.goto("/admin/pages/")
    admin.get_by_role("link", name=re.compile("Registro Impact")).first.click()
    expect(admin).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    admin.locator("button[data-side-panel-toggle='preview']").click()
    preview = admin.frame_locator("iframe[data-w-preview-target='iframe']").last.locator("body")
    expect(preview).to_be_visible(timeout=15_000)
    admin.wait_for_load_state("networkidle")
    assert violations == []
