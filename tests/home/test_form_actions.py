"""Every form of the site names where it is sent: an empty `action` is invalid HTML (the Nu
checker's only error on the site) and leaves the address to whatever page the form sits on."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import Page

from tests.home.test_query_budget import public_urls

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

# The site's own templates (the installed packages' are not ours to fix).
TEMPLATE_ROOTS = [settings.BASE_DIR / "templates", *sorted(settings.BASE_DIR.glob("*/templates"))]
FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE | re.DOTALL)


class FormCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form":
            self.forms.append(dict(attrs))


def forms_of(html: str) -> list[dict[str, str | None]]:
    collector = FormCollector()
    collector.feed(html)
    return collector.forms


def page_addresses() -> list[str]:
    """Every live page of every language, the register's and search's routes, and an error."""
    pages = [page.url for page in Page.objects.live().filter(depth__gt=1).specific()]
    return [*pages, *public_urls(), "/it/cerca/", "/en/search/", "/it/no-such-page/"]


def test_no_template_has_a_form_with_an_empty_action():
    templates = [
        path for root in TEMPLATE_ROOTS for path in Path(root).rglob("*.html") if path.is_file()
    ]
    assert templates
    offending = []
    for path in templates:
        for tag in FORM_TAG.findall(path.read_text()):
            action = re.search(r"""\baction\s*=\s*(["'])(.*?)\1""", tag, re.DOTALL)
            if action is None or not action.group(2).strip():
                offending.append(f"{path.relative_to(settings.BASE_DIR)}: {tag}")
    assert not offending, "\n".join(offending)


def test_every_form_on_every_page_has_a_real_action(client):
    checked = 0
    for url in page_addresses():
        response = client.get(url)
        if response.streaming or "html" not in response.get("Content-Type", ""):
            continue
        for form in forms_of(response.content.decode()):
            action = (form.get("action") or "").strip()
            assert action, f"{url}: a form without an action: {form}"
            assert not action.startswith(("?", "#")), f"{url}: action {action!r} is relative"
            checked += 1
    assert checked > 20  # the register, search, verification, news and enquiry forms
