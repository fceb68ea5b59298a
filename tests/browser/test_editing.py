"""Editors at work: a news item written in the admin reaches the public site."""

import re

from playwright.sync_api import BrowserContext, Page, expect

from .people import ADMIN, ADMIN_PASSWORD, EDITOR, MODERATOR, PASSWORD


def log_in(context: BrowserContext, username: str, password: str, then: str) -> Page:
    page = context.new_page()
    page.goto(f"/admin/login/?next={then}")
    page.get_by_label("Nome utente").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Accedi").click()
    expect(page).to_have_url(re.compile(re.escape(then) + "$"))
    return page


def write_news_item(page: Page, title: str) -> None:
    """From the newsroom on the site, through Wagtail's user bar, into a new news item."""
    page.locator("wagtail-userbar #wagtail-userbar-trigger").click()
    page.locator("wagtail-userbar a[href$='/add_subpage/']").click()
    expect(page.locator("#id_title")).to_be_visible()
    page.locator("#id_title").fill(title)
    page.locator("#id_standfirst").fill(f"Sommario di «{title}».")
    page.get_by_role("button", name="Inserisci un blocco").first.click()
    page.get_by_role("option", name="Paragrafo").click()
    paragraph = page.locator("[data-contentpath='body'] [contenteditable='true']").first
    paragraph.click()
    page.keyboard.type("Il testo della notizia, scritto nel browser.")
    # Draftail stores what was typed in the form's hidden field a moment later.
    expect(page.locator("input[name='body-0-value']")).to_have_value(
        re.compile("scritto nel browser")
    )
    page.get_by_role("button", name="Altre azioni").click()


def expect_on_the_site(visitor: Page, title: str) -> None:
    visitor.goto("/it/notizie/")
    visitor.get_by_role("link", name=title).click()
    expect(visitor.locator("h1")).to_have_text(title)
    expect(visitor.locator(".news-text")).to_contain_text("scritto nel browser")


def test_administrator_publishes_a_news_item_that_appears_on_the_site(new_context):
    title = "Nuove cooperative nel registro: la notizia dal browser"
    visitor = new_context().new_page()
    visitor.goto("/it/notizie/")
    expect(visitor.get_by_role("link", name=title)).to_have_count(0)

    # The development administrator is a superuser: "Publish" skips the moderation workflow.
    editor = log_in(new_context(), ADMIN, ADMIN_PASSWORD, then="/it/notizie/")
    write_news_item(editor, title)
    editor.get_by_role("button", name="Pubblica").click()
    expect(editor.locator(".messages")).to_contain_text("creata e pubblicata")

    expect_on_the_site(visitor, title)


def test_editor_submits_a_news_item_and_a_moderator_publishes_it(new_context):
    title = "Un comunicato passato dalla revisione"
    editor = log_in(new_context(), EDITOR, PASSWORD, then="/it/notizie/")
    write_news_item(editor, title)
    # Editors cannot publish: their way to the site is the moderators' review.
    expect(editor.get_by_role("button", name="Pubblica")).to_have_count(0)
    editor.get_by_role("button", name="Invia al flusso «Approvazione dei moderatori»").click()
    expect(editor.locator(".messages")).to_contain_text("inviata per moderazione")

    visitor = new_context().new_page()
    visitor.goto("/it/notizie/")
    expect(visitor.get_by_role("link", name=title)).to_have_count(0)

    moderator = log_in(new_context(), MODERATOR, PASSWORD, then="/admin/")
    review = moderator.locator("#awaiting-review-section tr", has_text=title)
    review.locator("[data-w-dropdown-target='toggle']").click()
    review.get_by_role("button", name="Approva", exact=True).click()
    expect(review).to_have_count(0)  # off the moderator's review list

    expect_on_the_site(visitor, title)


def test_an_editor_starts_a_news_item_from_the_dashboard(new_context):
    editor = log_in(new_context(), EDITOR, PASSWORD, then="/admin/")
    editor.locator("#new-news-item-content").get_by_role("link", name="Nuova notizia").click()
    expect(editor).to_have_url(re.compile(r"/admin/pages/add/news/newspage/\d+/$"))
    expect(editor.locator("#id_title")).to_be_visible()


def test_the_translation_editor_speaks_italian(new_context):
    """wagtail-localize's editor writes its heading and menu label without gettext; in the
    Italian admin they read in Italian all the same."""
    admin = log_in(new_context(), ADMIN, ADMIN_PASSWORD, then="/admin/pages/")
    admin.goto("/en/impact-mark/")  # the English page, then its editor from the user bar
    admin.locator("wagtail-userbar #wagtail-userbar-trigger").click()
    admin.locator("wagtail-userbar a[href$='/edit/']").click()
    editor = admin.locator(".js-translation-editor")
    expect(editor.get_by_role("heading", name="Traduzione: Italiano → Inglese")).to_be_visible()
    expect(editor.get_by_text("Altre azioni")).to_have_count(1)
    expect(admin.get_by_text(re.compile("to .* translation"))).to_have_count(0)
    expect(admin.get_by_text("More actions")).to_have_count(0)
