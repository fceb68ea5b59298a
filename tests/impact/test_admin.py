"""Register managers keep the yearly figures in the admin; nobody else may."""

import pytest
from django.urls import reverse

from impact.models import YearlyFigures

pytestmark = pytest.mark.django_db

INDEX = "wagtailsnippets_impact_yearlyfigures:list"
ADD = "wagtailsnippets_impact_yearlyfigures:add"


def form(cooperative, **changes) -> dict:
    data = {
        "cooperative": cooperative.pk,
        "year": "2024",
        "value_of_production": "1250000.50",
        "employees": "40",
        "permanent_employees": "31",
        "members": "22",
        "disadvantaged_workers": "14",
        "disabled_workers": "6",
        "other_disadvantaged_workers": "8",
        "placed_art14": "2",
        "placed_art5": "",
        "training_hours": "300",
        "source": "bilancio sociale 2024",
        "declared_on": "2025-05-20",
    }
    return {**data, **changes}


def test_a_manager_enters_a_year_of_figures(client, manager, make_cooperative):
    cooperative = make_cooperative("Cooperativa Contata")
    client.force_login(manager)
    response = client.post(reverse(ADD), form(cooperative))
    assert response.status_code == 302
    row = YearlyFigures.objects.get(cooperative=cooperative, year=2024)
    assert row.employees == 40 and row.placed_art5 is None
    assert str(row.value_of_production) == "1250000.50"


def test_inconsistent_figures_are_refused_in_italian_and_nothing_stored(
    client, manager, make_cooperative
):
    cooperative = make_cooperative("Cooperativa Sbagliata")
    client.force_login(manager)
    response = client.post(reverse(ADD), form(cooperative, other_disadvantaged_workers="9"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "devono sommarsi" in html
    assert not YearlyFigures.objects.exists()


def test_a_second_row_for_the_same_year_is_refused(client, manager, make_cooperative, figures):
    cooperative = make_cooperative("Cooperativa Doppia")
    figures(cooperative, 2024)
    client.force_login(manager)
    response = client.post(reverse(ADD), form(cooperative))
    assert response.status_code == 200
    assert YearlyFigures.objects.count() == 1


def test_the_list_filters_by_year_and_cooperative(client, manager, make_cooperative, figures):
    alfa, beta = make_cooperative("Alfa Conti"), make_cooperative("Beta Conti")
    figures(alfa, 2023)
    figures(alfa, 2024)
    figures(beta, 2024)
    client.force_login(manager)
    html = client.get(reverse(INDEX), {"year": "2023"}).content.decode()
    listed = html.split('<table class="listing', 1)[1]
    assert "Alfa Conti" in listed and "Beta Conti" not in listed
    html = client.get(reverse(INDEX), {"cooperative": beta.pk}).content.decode()
    listed = html.split('<table class="listing', 1)[1]
    assert "Beta Conti" in listed and "Alfa Conti" not in listed


def test_an_editor_cannot_open_them(client, editor):
    client.force_login(editor)
    assert client.get(reverse(INDEX)).status_code != 200
    assert client.get(reverse(ADD)).status_code != 200
