"""A year's figures are refused when they cannot be true, in the admin's words."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from impact import rules
from impact.models import YearlyFigures

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def good(**changes) -> dict:
    values = {
        "year": 2024,
        "declared_on": datetime.date(2025, 5, 1),
        "value_of_production": 1000,
        "employees": 40,
        "permanent_employees": 30,
        "disadvantaged_workers": 14,
        "disabled_workers": 6,
        "other_disadvantaged_workers": 8,
    }
    return {**values, **changes}


def test_consistent_figures_pass():
    assert rules.problems(good(), TODAY) == {}


def test_figures_left_empty_are_not_declared_and_pass():
    values = dict.fromkeys(rules.FIGURES)
    assert rules.problems({**values, "year": 2024}, TODAY) == {}


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"employees": -1}, "employees"),
        ({"value_of_production": -5}, "value_of_production"),
        ({"permanent_employees": 41}, "permanent_employees"),
        ({"disadvantaged_workers": 41, "other_disadvantaged_workers": 35}, "disadvantaged_workers"),
        ({"other_disadvantaged_workers": 9}, "other_disadvantaged_workers"),  # 6 + 9 ≠ 14
        ({"other_disadvantaged_workers": None, "disabled_workers": 15}, "disabled_workers"),
        ({"year": 2027}, "year"),
        ({"year": 1989}, "year"),
        ({"declared_on": datetime.date(2026, 6, 2)}, "declared_on"),
        ({"declared_on": datetime.date(2023, 12, 31)}, "declared_on"),
    ],
)
def test_each_impossible_figure_is_blamed_on_its_field(changes, field):
    assert field in rules.problems(good(**changes), TODAY)


def test_one_category_alone_may_be_less_than_the_total():
    assert rules.problems(good(other_disadvantaged_workers=None, disabled_workers=5), TODAY) == {}


def test_the_message_is_in_the_admins_language():
    with translation.override("it"):
        italian = rules.problems(good(permanent_employees=41), TODAY)["permanent_employees"]
    with translation.override("en"):
        english = rules.problems(good(permanent_employees=41), TODAY)["permanent_employees"]
    assert english == "It cannot exceed the people employed (40)."
    assert italian != english and "40" in italian


def test_the_model_refuses_them_and_the_english_record(make_cooperative, figures):
    cooperative = make_cooperative("Cooperativa Numeri", english="We count.")
    row = YearlyFigures(
        cooperative=cooperative,
        year=2024,
        employees=10,
        permanent_employees=11,
        source="x",
        declared_on=datetime.date(2025, 1, 10),
    )
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "permanent_employees" in error.value.message_dict
    english = type(cooperative).objects.get(
        translation_key=cooperative.translation_key, locale__language_code="en"
    )
    row = YearlyFigures(
        cooperative=english, year=2024, source="x", declared_on=datetime.date(2025, 1, 10)
    )
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "cooperative" in error.value.message_dict


def test_one_row_per_cooperative_and_year(make_cooperative, figures):
    cooperative = make_cooperative("Cooperativa Unica")
    figures(cooperative, 2024)
    with pytest.raises(IntegrityError), transaction.atomic():
        figures(cooperative, 2024)


def test_the_database_holds_permanent_within_employees(make_cooperative, figures):
    cooperative = make_cooperative("Cooperativa Vincolata")
    with pytest.raises(IntegrityError), transaction.atomic():
        figures(cooperative, 2024, employees=10, permanent_employees=11)
