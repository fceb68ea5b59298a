"""Demo yearly figures (impact): 2022, 2023 and 2024 for every demo cooperative, loaded through
the figures' import. `data/yearly_figures.csv` is invented but plausible: its totals for 2023
are in the order of the aggregate Confcooperative Bergamo published (about €51M value of
production, 1,600 people employed, 451 disadvantaged workers), €45.3M in 2022 and +6.3% in 2024.
Safe to run again: a year a cooperative has already (the demo's, or a manager's) is left as it
is."""

from pathlib import Path

from impact.importing import plan_import
from impact.models import YearlyFigures

FIGURES_FILE = Path(__file__).resolve().parent / "data" / "yearly_figures.csv"


def load() -> None:
    plan = plan_import(FIGURES_FILE.read_bytes(), FIGURES_FILE.name)
    if not plan.is_valid:
        raise ValueError("\n".join(plan.formatted_problems()))
    recorded = set(YearlyFigures.objects.values_list("cooperative_id", "year"))
    plan.rows = [row for row in plan.rows if (row.cooperative_id, row.year) not in recorded]
    if plan.rows:
        plan.write()
