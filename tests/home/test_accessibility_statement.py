"""The accessibility statement follows AgID's model in both languages."""

import io
import re

import pytest
from django.core.management import call_command

from home.models import EditorialPage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

STATEMENTS = {
    "/it/accessibilita/": {
        "title": "Dichiarazione di accessibilità",
        "status": "parzialmente conforme",
        "sections": [
            "Stato di conformità",
            "Contenuti non accessibili",
            "Redazione della dichiarazione",
            "Segnalazioni e contatti",
            "Soggetto responsabile",
        ],
        "date": "24 novembre 2026",
    },
    "/en/accessibility/": {
        "title": "Accessibility statement",
        "status": "partially compliant",
        "sections": [
            "Compliance status",
            "Content that is not accessible",
            "How this statement was prepared",
            "Feedback and contact information",
            "Responsible body",
        ],
        "date": "24 November 2026",
    },
}


def headings(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", text).strip()
        for text in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html, re.S)
    ]


@pytest.mark.parametrize("url", STATEMENTS)
def test_statement_has_the_agid_sections_in_each_language(client, url):
    expected = STATEMENTS[url]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf"<h1[^>]*>\s*{expected['title']}\s*</h1>", html)
    found = headings(html)
    positions = [found.index(section) for section in expected["sections"]]
    assert positions == sorted(positions), found
    assert f"<b>{expected['status']}</b>" in html
    assert expected["date"] in html
    # The feedback channel, and AgID's enforcement procedure for unanswered feedback.
    assert 'href="mailto:registro.impact@example.org"' in html
    assert 'href="https://form.agid.gov.it/"' in html
    assert "Confcooperative Bergamo, Via Serassi 7, 24124 Bergamo" in html


def test_statement_is_linked_from_every_page_footer(client):
    for url, statement in [
        ("/it/registro/", "/it/accessibilita/"),
        ("/en/news/", "/en/accessibility/"),
    ]:
        html = client.get(url).content.decode()
        assert f'href="{statement}"' in html


def test_reloading_the_demo_keeps_one_statement_per_language(client):
    call_command("load_demo_content", stdout=io.StringIO())
    statements = EditorialPage.objects.filter(slug__in=["accessibilita", "accessibility"])
    assert sorted(page.locale.language_code for page in statements) == ["en", "it"]
