"""A buyer on a phone: the results of a search come first, and a suspended mark is explained.

With and without JavaScript, applying a filter lands on the results heading (in view and
focused), the count comes before the filter panel, and a skip link leads past the filters.
The status box of a suspended cooperative is looked at in screenshots at 390 and 1280 px."""

import re

import pytest
from playwright.sync_api import Page, expect

from . import axe
from .conftest import DESKTOP, PHONE, SCREENSHOTS, save_screenshot

SUSPENDED_SLUG = "cooperativa-spazi-lindi"  # suspended in the demo register, with a reason
SUSPENDED_NOTE = "Sospeso in attesa della documentazione sull'applicazione del contratto"

IN_VIEW_AND_FOCUSED = """(id) => {
    const element = document.getElementById(id);
    const box = element.getBoundingClientRect();
    return {
        focused: document.activeElement === element,
        top: box.top,
        bottom: box.bottom,
        height: window.innerHeight,
        scrolled: window.scrollY,
    };
}"""


def assert_lands_on(page: Page, heading: str) -> None:
    expect(page.locator(f"#{heading}")).to_be_focused()
    # The site scrolls smoothly (unless reduced motion is asked for): give it time to arrive.
    # (Polled from here: wait_for_function needs the page's own scripts, off in no-JS tests.)
    for _ in range(50):
        where = page.evaluate(IN_VIEW_AND_FOCUSED, heading)
        if where["top"] >= 0 and where["bottom"] <= where["height"]:
            break
        page.wait_for_timeout(100)
    assert where["scrolled"] > 0, where  # the page moved past the header and the filters
    assert where["top"] >= 0 and where["bottom"] <= where["height"], where


def top_of(page: Page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_filter_on_a_phone_lands_on_the_results(new_context, javascript):
    page = new_context(viewport=PHONE, java_script_enabled=javascript).new_page()
    page.goto("/it/registro/")
    # The count and a way to the results come before the filter panel.
    jump = page.locator(".results-jump")
    expect(jump).to_be_visible()
    expect(jump).to_contain_text(re.compile(r"\d+ cooperative trovate"))
    assert top_of(page, ".results-jump") < top_of(page, ".register-filters")

    page.get_by_label("Settore", exact=True).select_option("pulizie")
    page.get_by_role("button", name="Mostra i risultati").click()

    expect(page).to_have_url(re.compile(r"sector=pulizie.*#results$"))
    assert_lands_on(page, "results")
    expect(page.locator("#results")).to_contain_text("trovat")
    save_screenshot(page, f"phone-results-{'js' if javascript else 'no-js'}")
    # Paging on keeps the visitor at the results too.
    next_page = page.locator(".pagination a[rel=next]")
    if next_page.count():
        next_page.click()
        assert_lands_on(page, "results")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_link_before_the_filters_leads_to_the_results(new_context, javascript):
    page = new_context(viewport=PHONE, java_script_enabled=javascript).new_page()
    page.goto("/it/registro/?sector=pulizie")
    page.locator(".results-jump-link").click()
    assert_lands_on(page, "results")


def test_the_skip_link_takes_the_keyboard_past_the_filters(new_context):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/it/registro/?sector=pulizie")
    presses = 0
    for _ in range(4):
        page.keyboard.press("Tab")
        presses += 1
        if page.evaluate("document.activeElement.getAttribute('href')") == "#results":
            break
    expect(page.locator(":focus")).to_have_text("Salta ai risultati")
    expect(page.locator(":focus")).to_be_visible()  # shown once focused
    page.keyboard.press("Enter")
    assert_lands_on(page, "results")
    # From the heading, the first cooperative is a few Tab presses away (it was the 27th).
    first_card = page.locator(".cooperative-card a").first.get_attribute("href")
    for _ in range(10):
        page.keyboard.press("Tab")
        presses += 1
        if page.evaluate("document.activeElement.getAttribute('href')") == first_card:
            break
    else:
        raise AssertionError("the first result is not reached after the skip link")
    assert presses <= 10


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_news_filter_lands_on_the_news_list(new_context, javascript):
    page = new_context(viewport=PHONE, java_script_enabled=javascript).new_page()
    page.goto("/it/notizie/")
    assert top_of(page, ".results-jump") < top_of(page, ".news-filters")
    year = page.get_by_label("Anno", exact=True)
    year.select_option(index=1)
    page.get_by_role("button", name="Mostra", exact=True).click()
    expect(page).to_have_url(re.compile(r"year=\d{4}.*#news-results$"))
    assert_lands_on(page, "news-results")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("language", ["it", "en"])
def test_what_a_buyer_sees_of_a_suspended_mark(new_context, size, language):
    page = new_context(viewport=size).new_page()
    prefix = "/it/registro/" if language == "it" else "/en/register/"
    page.goto(f"{prefix}{SUSPENDED_SLUG}/")
    panel = page.locator(".status-panel")
    badge = "Sospeso" if language == "it" else "Suspended"
    expect(panel.locator(".status-badge")).to_have_text(badge)
    meaning = panel.locator(".status-meaning")
    expect(meaning).to_have_text(
        "Il marchio è sospeso: non considerare certificata questa cooperativa finché il marchio "
        "non viene riattivato."
        if language == "it"
        else "The mark is suspended: do not treat this cooperative as certified until it is "
        "reinstated."
    )
    since = panel.locator("dt").first
    expect(since).to_have_text("Sospeso dal" if language == "it" else "Suspended since")
    expect(panel.locator(".status-note")).to_contain_text(SUSPENDED_NOTE)
    validity = panel.locator(".status-validity")
    expect(validity).to_contain_text(
        "Non vale finché il marchio è sospeso."
        if language == "it"
        else "It does not apply while the mark is suspended."
    )
    # Meaning, date and reason first; the end of validity after them, in smaller type.
    assert meaning.bounding_box()["y"] < since.bounding_box()["y"]
    assert panel.locator(".status-note").bounding_box()["y"] < validity.bounding_box()["y"]
    sizes = page.evaluate(
        """() => [".status-meaning", ".status-validity"].map((selector) =>
            parseFloat(getComputedStyle(document.querySelector(selector)).fontSize))"""
    )
    assert sizes[0] > sizes[1]
    panel.scroll_into_view_if_needed()
    save_screenshot(page, f"suspended-status-{language}-{size['width']}")
    panel.screenshot(path=SCREENSHOTS / f"suspended-box-{language}-{size['width']}.png")
    assert not axe.violations(page)


@pytest.mark.parametrize(
    ("path", "notice", "sent"),
    [
        ("/it/chiedi-del-marchio/", "La tua richiesta non è stata inviata", "Richiesta inviata"),
        ("/en/ask-about-the-mark/", "Your request was not sent", "Request sent"),
    ],
)
def test_an_enquiry_refused_for_its_old_token_comes_back_and_can_be_sent(
    new_context, path, notice, sent
):
    page = new_context(viewport=PHONE).new_page()
    page.goto(path)
    typed = {
        "nome_e_cognome": "Anna Rossi",
        "e_mail": "anna.rossi@example.org",
        "cooperativa": "Cooperativa Esempio",
        "la_tua_domanda": "Una domanda scritta con calma, mentre la pagina restava aperta.",
    }
    for name, value in typed.items():
        page.locator(f"[name={name}]").fill(value)
    page.locator("[name=argomento]").select_option(index=2)
    typed["argomento"] = page.locator("[name=argomento]").input_value()
    page.locator("label[for=id_privacy_consent]").click()
    # The page stayed open too long: its token is no longer the one the site expects.
    page.evaluate("document.querySelector('[name=csrfmiddlewaretoken]').value = 'x'.repeat(64)")
    page.locator(".contact-form [type=submit]").click()

    expect(page.get_by_role("alert")).to_contain_text(notice)
    for name, value in typed.items():
        expect(page.locator(f"[name={name}]")).to_have_value(value)
    expect(page.locator("[name=privacy_consent]")).not_to_be_checked()
    save_screenshot(page, f"csrf-refused-{path.split('/')[1]}-390")
    assert not axe.violations(page)

    page.locator("label[for=id_privacy_consent]").click()
    page.locator(".contact-form [type=submit]").click()
    expect(page.locator("h1")).to_have_text(sent)
