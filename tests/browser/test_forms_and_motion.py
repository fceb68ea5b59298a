"""Error messages belong to their fields, and motion follows the visitor's preference."""

import re

import pytest
from playwright.sync_api import expect

from . import axe
from .conftest import PHONE

LONG = "x" * 300

# (address with a mistake, the field's label, words of the message tied to the field)
MISTAKES = [
    ("/it/registro/?sector=nessuno", "Settore", "non è una delle opzioni"),
    (f"/en/register/?q={LONG}", "Keywords", "at most 200 characters"),
    ("/it/registro/verifica/?q=IT12345670166", "Partita IVA o numero di certificato", "controllo"),
    (f"/en/search/?q={LONG}", "What are you looking for?", "at most 200 characters"),
    ("/it/notizie/?year=1999", "Anno", "non era valido"),
    ("/en/news/?category=nothing", "Category", "was not valid"),
]


@pytest.mark.parametrize(("path", "label", "message"), MISTAKES)
def test_error_message_is_tied_to_its_field(new_context, path, label, message):
    page = new_context().new_page()
    page.goto(path)
    field = page.get_by_label(label, exact=True)
    expect(field).to_have_attribute("aria-invalid", "true")
    # What a screen reader announces with the field: the message itself.
    expect(field).to_have_accessible_description(re.compile(re.escape(message), re.IGNORECASE))
    found = axe.violations(page)
    assert not found, axe.report(found, path)


def test_enquiry_form_errors_are_announced_and_tied_to_their_fields(new_context):
    page = new_context().new_page()
    page.goto("/en/ask-about-the-mark/")
    page.get_by_label("E-mail", exact=True).fill("not an address")
    page.get_by_role("button", name="Send the request").click()

    expect(page.get_by_role("alert")).to_contain_text("The request was not sent")
    expect(page).to_have_title(re.compile("^Error: "))
    for label in ["Full name", "E-mail", "Your question"]:
        field = page.get_by_label(label, exact=True)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile(r"\w"))
    consent = page.get_by_label(re.compile("^I have read the privacy notice"))
    expect(consent).to_have_accessible_description(re.compile("confirm", re.IGNORECASE))
    found = axe.violations(page)
    assert not found, axe.report(found, "the enquiry form with errors")


def transition_seconds(page, selector: str) -> float:
    duration = page.locator(selector).first.evaluate("e => getComputedStyle(e).transitionDuration")
    return max(float(part.removesuffix("s")) for part in duration.split(","))


def test_motion_follows_the_reduced_motion_preference(new_context):
    moving = new_context(reduced_motion="no-preference", viewport=PHONE).new_page()
    moving.goto("/it/registro/")
    still = new_context(reduced_motion="reduce", viewport=PHONE).new_page()
    still.goto("/it/registro/")
    for selector in [
        ".btn",
        ".form-select",
        "#main-menu .menu-wrapper",
    ]:  # the phone menu slides in
        assert transition_seconds(moving, selector) >= 0.1, selector
        assert transition_seconds(still, selector) < 0.001, selector
    assert moving.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "smooth"
    assert still.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
