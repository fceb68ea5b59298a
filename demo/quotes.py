"""Demo content of the Pact's results (/it/risultati-del-patto/): the anonymous traces that
approved requests for quotes leave behind (quotes.models.RequestFigures), so that the page,
its chart and its open data show figures on a new site. Invented, and few: the register's
own requests replace them on a real site. Safe to run again: loaded once."""

from quotes.models import Outcome, RequestFigures

# (year, sector codes of demo/register.py, cooperatives reached, interested answers, outcome)
TRACES = [
    (2025, ["pulizie"], 6, 3, Outcome.ORDER),
    (2025, ["pulizie", "servizi-integrati"], 8, 4, Outcome.ORDER),
    (2025, ["logistica"], 4, 2, Outcome.CONVENTION),
    (2025, ["manutenzione-verde"], 5, 1, Outcome.NONE),
    (2025, ["ristorazione"], 3, 2, Outcome.ORDER),
    (2025, ["data-entry"], 2, 1, Outcome.CONVENTION),
    (2026, ["pulizie"], 7, 4, Outcome.ORDER),
    (2026, ["logistica", "conto-terzi"], 6, 3, Outcome.CONVENTION),
    (2026, ["conto-terzi"], 4, 2, Outcome.ORDER),
    (2026, ["manutenzione-verde"], 5, 3, Outcome.ORDER),
    (2026, ["accoglienza"], 3, 1, Outcome.NONE),
    (2026, ["servizi-integrati"], 6, 2, ""),  # answers still coming in
]


def load() -> None:
    if RequestFigures.objects.exists():
        return
    RequestFigures.objects.bulk_create(
        RequestFigures(
            year=year, sectors=sectors, reached=reached, interested=interested, outcome=outcome
        )
        for year, sectors, reached, interested, outcome in TRACES
    )
