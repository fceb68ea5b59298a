"""The site with a keyboard alone: visible focus, a logical order, no trap."""

import re

from playwright.sync_api import Page, expect

from .conftest import PHONE, watched

FOCUSED = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const box = element.getBoundingClientRect();
    return {
        tag: element.tagName.toLowerCase(),
        name: (element.innerText || element.value || element.id || "").trim().slice(0, 60),
        href: element.getAttribute("href"),
        id: element.id,
        box: {x: box.x, y: box.y, width: box.width, height: box.height},
    };
}"""
# Whether `earlier` comes before the focused element in the document.
FOLLOWS = """(earlier) => Boolean(
    earlier.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING
)"""


def tab(page: Page, shift: bool = False) -> dict | None:
    page.keyboard.press("Shift+Tab" if shift else "Tab")
    return page.evaluate(FOCUSED)


def tab_to(page: Page, matches, limit: int = 40) -> dict:
    for _ in range(limit):
        focused = tab(page)
        if focused and matches(focused):
            return focused
    raise AssertionError(f"Tab never reached the element wanted in {limit} presses")


def focus_ring_shows(page: Page, focused: dict) -> bool:
    """Whether the focused element looks different from the same element unfocused."""
    box = focused["box"]
    clip = {
        "x": max(box["x"] - 4, 0),
        "y": max(box["y"] - 4, 0),
        "width": box["width"] + 8,
        "height": box["height"] + 8,
    }
    with_focus = page.screenshot(clip=clip)
    # Blurring keeps the sequential focus starting point: the next Tab goes on from here.
    page.evaluate("document.activeElement.blur()")
    return with_focus != page.screenshot(clip=clip)


def test_every_control_is_reached_in_order_with_visible_focus_and_no_trap(new_context):
    # Reduced motion: focus styles appear at once instead of after a transition.
    page = watched(new_context(reduced_motion="reduce").new_page())
    page.goto("/it/registro/")

    visited = []
    previous = None
    for _ in range(300):
        focused = tab(page)
        if focused is None:  # focus left the page for the browser's own controls: no trap
            break
        where = f"{focused['tag']} {focused['name']!r} ({focused['href'] or focused['id']})"
        if previous is not None:
            assert page.evaluate(FOLLOWS, previous), f"focus jumped back to {where}"
        assert focused["box"]["width"] > 0 and focused["box"]["height"] > 0, f"{where} is hidden"
        previous = page.evaluate_handle("document.activeElement")
        assert focus_ring_shows(page, focused), f"no visible focus on {where}"
        visited.append(focused)
    else:
        raise AssertionError("focus never left the page after 300 presses of Tab")

    hrefs = [item["href"] for item in visited]
    # Skip links first (past the filters to the results too), then the header, the filters,
    # the results and the footer.
    assert hrefs[:3] == ["#main-content", "#results", "#footer"]
    assert hrefs.index("/en/register/") < hrefs.index("/it/marchio-impact/")
    ids = [item["id"] for item in visited]
    assert ids.index("verify-q") < ids.index("id_q") < ids.index("id_sector") < ids.index("id_sort")
    assert "/admin/" in hrefs[-3:]  # the footer's last links close the tour
    assert page.script_errors == []


def test_skip_link_takes_keyboard_users_to_the_content(new_context):
    page = new_context().new_page()
    page.goto("/it/registro/")
    skip = tab(page)
    assert skip["href"] == "#main-content"
    expect(page.get_by_role("link", name="Vai al contenuto")).to_be_visible()

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main-content$"))
    first_in_content = tab(page)
    assert first_in_content["id"] == "verify-q"


def test_register_filters_work_with_the_keyboard(new_context):
    page = new_context().new_page()
    page.goto("/it/registro/")
    tab_to(page, lambda focused: focused["id"] == "id_sector")
    page.keyboard.press("ArrowDown")  # the first sector after "Tutti"
    expect(page.get_by_label("Settore", exact=True)).to_have_value("pulizie")
    tab_to(page, lambda focused: focused["name"] == "Mostra i risultati")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"sector=pulizie"))
    expect(page.locator("#results")).to_contain_text("trovat")
    for card in page.locator(".cooperative-card").all():
        expect(card.locator(".cooperative-sectors")).to_contain_text("Pulizie")


def test_language_switcher_works_with_the_keyboard(new_context):
    page = new_context().new_page()
    page.goto("/it/marchio-impact/")
    tab_to(page, lambda focused: focused["href"] == "/en/impact-mark/", limit=6)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/impact-mark/$"))
    expect(page.locator("h1")).to_have_text("The Impact mark")


def test_phone_menu_works_with_the_keyboard_and_lets_focus_go(new_context):
    page = watched(new_context(viewport=PHONE, reduced_motion="reduce").new_page())
    page.goto("/it/")
    toggle = page.get_by_role("button", name="Mostra o nascondi il menu")
    menu = page.locator("#main-menu")
    tab_to(page, lambda focused: focused["href"] == "#main-menu", limit=10)

    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    close = page.get_by_role("button", name="Chiudi il menu")
    expect(close).to_be_focused()
    # Tab goes round the open menu (it covers the page) and never behind it.
    links = menu.get_by_role("link").count()
    for _ in range(links + 1):
        page.keyboard.press("Tab")
        assert menu.evaluate("menu => menu.contains(document.activeElement)")
    expect(close).to_be_focused()

    page.keyboard.press("Escape")  # the way out
    expect(menu.get_by_role("link", name="Notizie")).not_to_be_visible()
    expect(toggle).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("Space")  # a button opens with the space bar too
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(close).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert page.script_errors == []
