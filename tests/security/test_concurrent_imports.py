"""Two imports at the same time, in two threads with their own database connections (a real,
committed database: this is a transactional test, which pytest-django runs after the others
and which empties the database when it ends). Each import is written whole or refused with
a clear message; neither leaves a mixture of the two files."""

import threading
from pathlib import Path

import pytest
from django.db import connection
from wagtail.models import Revision

from register import importing, writing
from register.models import Cooperative
from tests.register.test_import import row, vat, write_csv

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.demo]


def run_together(plans: list[importing.ImportPlan]) -> list[str]:
    """Apply the plans at the same moment; each thread reports how its import ended."""
    start = threading.Barrier(len(plans))
    outcomes = [""] * len(plans)

    def apply(index: int, plan: importing.ImportPlan) -> None:
        try:
            start.wait()
            importing.apply_plan(plan)
            outcomes[index] = "written"
        except importing.ImportApplyError as error:
            outcomes[index] = f"refused: {error}"
        except Exception as error:  # anything else is a failure of the import
            outcomes[index] = f"crashed: {error!r}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=apply, args=(index, plan)) for index, plan in enumerate(plans)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def plan(path: Path) -> importing.ImportPlan:
    result = importing.plan_import(path.read_bytes(), path.name)
    assert result.is_valid, result.formatted_problems()
    return result


def italian(vat_number: str) -> Cooperative | None:
    return Cooperative.objects.filter(vat_number=vat_number, locale__language_code="it").first()


def test_two_imports_at_the_same_time_do_not_corrupt_each_other(tmp_path, monkeypatch):
    # One test, as the database is emptied after a transactional test.
    monkeypatch.setattr(writing, "BATCH_SIZE", 5)  # longer transactions, more overlap
    two_files_changing_the_same_cooperative(tmp_path)
    two_files_creating_the_same_cooperative(tmp_path)


def crashes(outcomes: list[str]) -> list[str]:
    return [outcome for outcome in outcomes if outcome.startswith("crashed")]


def two_files_changing_the_same_cooperative(tmp_path: Path) -> None:
    shared = Cooperative.objects.filter(live=True, locale__language_code="it").first()
    files = {
        "A": (range(1, 31), "pulizie", "bg-isola"),
        "B": (range(101, 131), "logistica", "bg-citta"),
    }
    plans = []
    for name, (numbers, sector, area) in files.items():
        # The shared record first: its sectors are replaced in the first batch, and the rest
        # of the file keeps that transaction open while the other import reaches it.
        rows = [
            row(
                0,
                name=f"Cooperativa condivisa dal file {name}",
                vat_number=f"IT{shared.vat_number}",
                sectors=sector,
                areas=area,
            ),
            *(row(number) for number in numbers),
        ]
        plans.append(plan(write_csv(tmp_path / f"{name}.csv", rows)))

    outcomes = run_together(plans)

    assert not crashes(outcomes), outcomes
    written = [name for name, outcome in zip(files, outcomes, strict=True) if outcome == "written"]
    assert len(written) >= 1, outcomes
    for (name, (numbers, _sector, _area)), outcome in zip(files.items(), outcomes, strict=True):
        present = [italian(vat(number)) is not None for number in numbers]
        assert all(present) if outcome == "written" else not any(present), (name, outcome)
        if outcome != "written":
            # The threads speak the site's default language (Italian) unless one is activated.
            assert "non è stato scritto nulla" in outcome or "nothing was written" in outcome
    # The cooperative both files change holds one file's values, whole, as its live revision.
    shared.refresh_from_db()
    winner = shared.name.removeprefix("Cooperativa condivisa dal file ")
    assert winner in written
    _numbers, sector, area = files[winner]
    assert list(shared.sectors.values_list("code", flat=True)) == [sector]
    assert list(shared.areas.values_list("code", flat=True)) == [area]
    assert shared.live_revision_id == shared.latest_revision_id
    assert shared.live_revision.content["name"] == shared.name
    for numbers, _sector, _area in files.values():
        for number in numbers:
            assert Cooperative.objects.filter(vat_number=vat(number)).count() <= 1


def two_files_creating_the_same_cooperative(tmp_path: Path) -> None:
    plans = [
        plan(write_csv(tmp_path / f"new-{name}.csv", [row(500, name=f"Nuova dal file {name}")]))
        for name in ("A", "B")
    ]

    outcomes = run_together(plans)

    assert not crashes(outcomes), outcomes
    assert sorted(outcome.split(":")[0] for outcome in outcomes) == ["refused", "written"]
    [cooperative] = Cooperative.objects.filter(vat_number=vat(500))
    assert Revision.objects.filter(object_id=str(cooperative.pk)).count() == 1
