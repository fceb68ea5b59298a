import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from impact.models import YearlyFigures


@pytest.fixture
def figures():
    """`figures(cooperative, year, **values)`: a stored year of plausible figures."""

    def make(cooperative, year: int, **values) -> YearlyFigures:
        defaults = {
            "value_of_production": Decimal("1200000.00"),
            "employees": 40,
            "permanent_employees": 30,
            "members": 25,
            "disadvantaged_workers": 14,
            "disabled_workers": 6,
            "other_disadvantaged_workers": 8,
            "placed_art14": 2,
            "placed_art5": 1,
            "training_hours": 480,
            "source": f"bilancio sociale {year}",
            "declared_on": datetime.date(year + 1, 5, 15),
        }
        return YearlyFigures.objects.create(
            cooperative=cooperative, year=year, **{**defaults, **values}
        )

    return make


@pytest.fixture
def manager(django_user_model):
    user = django_user_model.objects.create_user("gestore", "gestore@example.org", "pw")
    user.groups.add(Group.objects.get(name="Register managers"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("redattore", "redattore@example.org", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user
