"""The import of yearly figures: a good file is written whole; a file with one bad line is
refused whole, each problem with its line and column, in the reader's language."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from impact.importing import plan_import
from impact.models import YearlyFigures

pytestmark = pytest.mark.django_db

HEADER = (
    "vat_number,year,value_of_production,employees,permanent_employees,members,"
    "disadvantaged_workers,disabled_workers,other_disadvantaged_workers,placed_art14,"
    "placed_art5,training_hours,source,declared_on\n"
)


@pytest.fixture
def two(make_cooperative):
    return make_cooperative("Alfa Import"), make_cooperative("Beta Import")


def line(cooperative, year: int | str = 2024, **changes) -> str:
    values = {
        "vat_number": cooperative.vat_number,
        "year": str(year),
        "value_of_production": "1250000.50",
        "employees": "40",
        "permanent_employees": "30",
        "members": "20",
        "disadvantaged_workers": "14",
        "disabled_workers": "6",
        "other_disadvantaged_workers": "8",
        "placed_art14": "2",
        "placed_art5": "",
        "training_hours": "300",
        "source": f"bilancio sociale {year}",
        "declared_on": f"{int(year) + 1}-05-20",
    }
    values.update(changes)
    return ",".join(values.values()) + "\n"


def test_a_good_file_is_written_whole(two):
    alfa, beta = two
    data = (HEADER + line(alfa, 2023) + line(alfa) + line(beta, declared_on="20/05/2025")).encode()
    plan = plan_import(data, "dati.csv")
    assert plan.is_valid, plan.formatted_problems()
    assert plan.write() == 3
    assert YearlyFigures.objects.filter(cooperative=alfa).count() == 2
    row = YearlyFigures.objects.get(cooperative=beta)
    assert row.placed_art5 is None and str(row.declared_on) == "2025-05-20"


def test_a_year_already_recorded_is_replaced(two, figures):
    alfa, _beta = two
    figures(alfa, 2024, employees=10, permanent_employees=5)
    plan_import((HEADER + line(alfa)).encode(), "dati.csv").write()
    assert YearlyFigures.objects.get(cooperative=alfa, year=2024).employees == 40


def test_one_bad_line_refuses_the_whole_file_with_line_level_errors(two):
    alfa, beta = two
    data = (
        HEADER
        + line(alfa)
        + line(beta, permanent_employees="41")
        + line(beta, 2023, other_disadvantaged_workers="9")
        + line(alfa, employees="tanti")
        + line(alfa)
        + line(alfa, 2022, vat_number="00000000000")
    ).encode()
    with translation.override("en"):
        plan = plan_import(data, "dati.csv")
    assert not plan.is_valid and plan.rows == []
    problems = plan.formatted_problems()
    assert "dati.csv:3:permanent_employees:It cannot exceed the people employed (40)." in problems
    assert any(p.startswith("dati.csv:4:other_disadvantaged_workers:") for p in problems)
    assert any(p.startswith("dati.csv:5:employees:") for p in problems)
    assert (
        "dati.csv:6:year:This cooperative's figures for this year are already on line 2."
        in problems
    )
    assert any(p.startswith("dati.csv:7:vat_number:No cooperative") for p in problems)
    assert not YearlyFigures.objects.exists()


def test_the_problems_are_in_italian_for_an_italian_reader(two):
    alfa, _beta = two
    with translation.override("it"):
        plan = plan_import((HEADER + line(alfa, permanent_employees="41")).encode(), "dati.csv")
    assert plan.formatted_problems() == [
        "dati.csv:2:permanent_employees:Non può superare gli occupati (40)."
    ]


def test_a_wrong_header_is_refused(two):
    with translation.override("en"):
        plan = plan_import(b"vat_number,anno,source\n1,2,3\n", "dati.csv")
    problems = plan.formatted_problems()
    assert any("dati.csv:1:anno:Unknown column" in p for p in problems)
    assert any("dati.csv:1:year:Required column missing" in p for p in problems)


def test_an_xlsx_file_is_read_too(two):
    alfa, _beta = two
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["vat_number", "year", "employees", "source", "declared_on"])
    sheet.append([alfa.vat_number, 2024, 12, "bilancio 2024", "2025-04-01"])
    data = io.BytesIO()
    workbook.save(data)
    plan = plan_import(data.getvalue(), "dati.xlsx")
    assert plan.is_valid, plan.formatted_problems()
    plan.write()
    assert YearlyFigures.objects.get(cooperative=alfa).employees == 12


def test_the_command_writes_nothing_of_a_bad_file(two, tmp_path):
    alfa, _beta = two
    bad = tmp_path / "dati.csv"
    bad.write_text(HEADER + line(alfa) + line(alfa, employees="-3"))
    with pytest.raises(CommandError) as error:
        call_command("import_yearly_figures", str(bad))
    assert "dati.csv:3:employees:" in str(error.value)
    assert not YearlyFigures.objects.exists()
    good = tmp_path / "buoni.csv"
    good.write_text(HEADER + line(alfa))
    call_command("import_yearly_figures", str(good), stdout=io.StringIO())
    assert YearlyFigures.objects.count() == 1


def upload(client, text: str, name: str = "dati.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/admin/yearly-figures/import/",
        {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")},
    )


def test_a_manager_imports_a_file_in_the_admin(client, manager, two):
    alfa, beta = two
    client.force_login(manager)
    assert client.get("/admin/yearly-figures/import/").status_code == 200
    response = upload(client, HEADER + line(alfa) + line(beta))
    assert response.status_code == 302
    assert YearlyFigures.objects.count() == 2


def test_a_bad_file_shows_its_problems_in_italian_and_writes_nothing(client, manager, two):
    alfa, _beta = two
    client.force_login(manager)
    response = upload(client, HEADER + line(alfa) + line(alfa, permanent_employees="41"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Non può superare gli occupati (40)." in html
    assert "<td>3</td>" in html and "<code>permanent_employees</code>" in html
    assert not YearlyFigures.objects.exists()


def test_an_editor_may_not_import(client, editor, two):
    alfa, _beta = two
    client.force_login(editor)
    # Wagtail's admin answers a refusal with a redirect to the dashboard and a message.
    assert upload(client, HEADER + line(alfa)).status_code in (302, 403)
    assert not YearlyFigures.objects.exists()
