"""The cooperative's page shows its latest figures and their trend, chart and table, in both
languages; a cooperative without figures shows no such section."""

from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def ponte(site, make_cooperative, figures):
    cooperative = make_cooperative("Il Ponte Numeri", english="We build bridges.")
    figures(cooperative, 2022, value_of_production=Decimal("1000000"), employees=38)
    figures(cooperative, 2023, value_of_production=Decimal("1200000"), employees=40)
    figures(
        cooperative,
        2024,
        value_of_production=Decimal("1275600.00"),
        employees=44,
        permanent_employees=35,
        disadvantaged_workers=16,
        disabled_workers=7,
        other_disadvantaged_workers=9,
        source="bilancio sociale <b>2024</b>",
    )
    return cooperative


def section(html: str) -> str:
    start = html.index('class="cooperative-section impact-figures"')
    return html[start : html.index("</section>", start)]


def test_the_page_shows_the_latest_year_and_the_trend_in_italian(client, ponte):
    html = client.get(f"/it/registro/{ponte.slug}/").content.decode()
    figures = section(html)
    assert "Dati annuali" in figures
    assert "Nel 2024" in figures
    assert "€ 1.275.600" in figures
    assert "+6,3%" in figures  # on 2023
    assert "35 con contratto a tempo indeterminato" in figures
    assert "7 con disabilità, legge 68/1999" in figures
    # the source is the manager's text, escaped
    assert "bilancio sociale &lt;b&gt;2024&lt;/b&gt;" in figures
    assert "<b>2024</b>" not in figures
    # the chart, with its caption, and the table that says the same
    assert (
        '<svg viewBox="0 0 480 ' in figures and 'aria-labelledby="impact-chart-caption"' in figures
    )
    assert figures.count("<rect") == 6  # two bars a year
    rows = figures.split("<tbody>")[1]
    assert [year in rows for year in ("2022", "2023", "2024")] == [True, True, True]
    assert "<script" not in figures


def test_the_english_page_shows_the_same_figures(client, ponte):
    html = client.get(f"/en/register/{ponte.slug}/").content.decode()
    figures = section(html)
    assert "Yearly figures" in figures and "In 2024" in figures
    assert "€ 1,275,600" in figures and "+6.3%" in figures
    assert "Figures per year, as declared by the cooperative" in figures


def test_no_section_without_figures(client, site, make_cooperative):
    cooperative = make_cooperative("Senza Numeri")
    html = client.get(f"/it/registro/{cooperative.slug}/").content.decode()
    assert "impact-figures" not in html


def test_one_year_gives_the_table_without_chart_or_change(client, site, make_cooperative, figures):
    cooperative = make_cooperative("Un Anno Solo")
    figures(cooperative, 2024)
    figures_html = section(client.get(f"/it/registro/{cooperative.slug}/").content.decode())
    assert "<svg" not in figures_html and "%" not in figures_html
    assert "<table" in figures_html


def test_the_section_costs_one_query(client, ponte, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/it/registro/{ponte.slug}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert sum("impact_yearlyfigures" in query["sql"] for query in queries) == 1


def test_a_change_of_figures_is_a_change_of_content(ponte, figures):
    from infrastructure import invalidation

    before = invalidation.version()
    figures(ponte, 2021, employees=30, permanent_employees=20)
    assert invalidation.version() != before
