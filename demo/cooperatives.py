"""Fictional cooperatives of the province of Bergamo for the demo, loaded through the import.

`data/cooperatives.csv` is a file in the import format (register/IMPORT.md), with the
English texts; `data/events.csv` holds the rest of each history (renewals, suspensions,
reinstatements, revocations, a withdrawal, a new issue), which the import never records: they are recorded
one by one, as in the admin. Every name, number, address, phone and web address is invented
(web addresses use the reserved example.org domain); only the comuni and their postcodes are
real.

The files are dated as on `DATA_AS_OF`; the loader moves every date forward by the days since,
so the mix of statuses stays the same whenever the demo is loaded: most active, three
suspended, one revoked, one withdrawn at its own request, two expired and one still pending.
"""

import csv
import datetime
import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from register.importing import COLUMNS, import_file
from register.models import CertificationEvent, Cooperative
from register.writing import record_event

DATA = Path(__file__).resolve().parent / "data"
COOPERATIVES_FILE = DATA / "cooperatives.csv"
EVENTS_FILE = DATA / "events.csv"
DATA_AS_OF = datetime.date(2026, 12, 3)
DATE_COLUMNS = {name for name, kind in COLUMNS.items() if kind.endswith("date")} | {
    "date",
    "valid_until",
}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _moved(rows: list[dict[str, str]], today: datetime.date) -> list[dict[str, str]]:
    """The rows with every date moved forward by the days since the files were written."""
    shift = today - DATA_AS_OF
    return [
        {
            name: (datetime.date.fromisoformat(value) + shift).isoformat()
            if name in DATE_COLUMNS and value
            else value
            for name, value in row.items()
        }
        for row in rows
    ]


def _csv(rows: list[dict[str, str]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def load_cooperatives() -> None:
    """Import the cooperatives that are missing (one that exists, by VAT number, is left as it
    is), then complete their histories."""
    today = timezone.localdate()
    rows = _moved(_read(COOPERATIVES_FILE), today)
    known = set(
        Cooperative.objects.filter(vat_number__in=[row["vat_number"] for row in rows])
        .values_list("vat_number", flat=True)
        .distinct()
    )
    missing = [row for row in rows if row["vat_number"] not in known]
    if missing:
        plan = import_file(_csv(missing, list(COLUMNS)), COOPERATIVES_FILE.name)
        if not plan.is_valid:
            raise ValueError("\n".join(plan.formatted_problems()))
    _complete_histories(_moved(_read(EVENTS_FILE), today))


def _complete_histories(rows: list[dict[str, str]]) -> None:
    """Record the events of the file that a cooperative's history does not have yet: its
    history in the register is the imported issue followed by the file's events, in order."""
    by_vat: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_vat.setdefault(row["vat_number"], []).append(row)
    cooperatives = Cooperative.objects.filter(vat_number__in=by_vat, locale__language_code="it")
    for cooperative in cooperatives:
        recorded = CertificationEvent.objects.filter(cooperative=cooperative).count()
        with transaction.atomic():
            for row in by_vat[cooperative.vat_number][max(recorded - 1, 0) :]:
                event = CertificationEvent(
                    cooperative=cooperative,
                    kind=row["kind"],
                    date=datetime.date.fromisoformat(row["date"]),
                    valid_until=(
                        datetime.date.fromisoformat(row["valid_until"])
                        if row["valid_until"]
                        else None
                    ),
                    public_note=row["public_note"],
                )
                try:
                    record_event(event)
                except ValidationError as error:
                    raise ValueError(f"{EVENTS_FILE.name}: {row}: {error}") from error
