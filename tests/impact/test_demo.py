"""The demo shows three years of figures for every demo cooperative, in the order of the real
published totals, and loading it again changes nothing."""

from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from demo import figures as demo_figures
from impact.models import YearlyFigures
from register.models import Cooperative

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_every_demo_cooperative_has_2022_to_2024():
    cooperatives = Cooperative.objects.canonical()
    assert cooperatives.count() == 40
    years = YearlyFigures.objects.values("cooperative").annotate(years=Count("year"))
    assert {row["years"] for row in years} == {3}
    assert len(years) == 40
    assert set(YearlyFigures.objects.values_list("year", flat=True)) == {2022, 2023, 2024}


def test_the_2023_totals_are_those_of_the_published_report():
    totals = YearlyFigures.objects.filter(year=2023).aggregate(
        production=Sum("value_of_production"),
        employees=Sum("employees"),
        disadvantaged=Sum("disadvantaged_workers"),
    )
    assert Decimal("50_500_000") < totals["production"] < Decimal("51_500_000")
    assert totals["employees"] == 1600
    assert totals["disadvantaged"] == 451


def test_every_demo_row_keeps_the_rules():
    for row in YearlyFigures.objects.select_related("cooperative__locale"):
        row.full_clean()


def test_loading_again_changes_nothing():
    before = list(YearlyFigures.objects.order_by("pk").values())
    demo_figures.load()
    assert list(YearlyFigures.objects.order_by("pk").values()) == before


def test_a_demo_cooperative_page_shows_its_figures(client):
    cooperative = Cooperative.objects.public().order_by("name").first()
    html = client.get(f"/en/register/{cooperative.slug}/").content.decode()
    assert "In 2024" in html and "<svg viewBox" in html
