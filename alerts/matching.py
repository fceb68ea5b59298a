"""What followed items stand for in the register today: the cooperative of each number, the
cooperatives a listing holds, and the words that name a listing."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from register.filters import RegisterFilters
from register.models import Cooperative, LegalForm
from register.numbers import CERTIFICATE, VAT
from register.vocabulary import Vocabulary

FIELD_OF = {VAT: "vat_number", CERTIFICATE: "certificate_number"}


# Numbers looked up per query: well inside every database's limit of query parameters.
BATCH = 500


def cooperatives_by_number(
    numbers: Iterable[tuple[str, str]],
) -> dict[tuple[str, str], Cooperative]:
    """(kind, number) → the register's cooperative with it (published and certified at some
    point: the records verification finds), for the numbers that have one."""
    pairs = set(numbers)
    found = {}
    for kind, field in FIELD_OF.items():
        values = sorted(number for number_kind, number in pairs if number_kind == kind)
        for start in range(0, len(values), BATCH):
            batch = values[start : start + BATCH]
            records = Cooperative.objects.public().filter(**{f"{field}__in": batch})
            for cooperative in records.select_related("locale"):
                found[(kind, getattr(cooperative, field))] = cooperative
    return found


def listing_is_valid(filters: dict[str, str], vocabulary: Vocabulary) -> bool:
    """Whether every code still names an option (a sector or area may have been removed:
    the listing would then ignore it and hold far more than was followed)."""
    form = RegisterFilters(filters, vocabulary).form
    if not form.is_valid():
        return False
    return all(form.cleaned_data.get(name) == value for name, value in filters.items())


def listing_ids(filters: dict[str, str], vocabulary: Vocabulary) -> set[int]:
    """The active cooperatives the listing with these filters shows today."""
    selection = RegisterFilters(filters, vocabulary).narrowed(without={"sort"})
    return set(selection.values_list("pk", flat=True))


def describe_listing(filters: dict[str, str], vocabulary: Vocabulary) -> str:
    """'Sector: Cleaning · Area: Bergamo' in the active language; every filter left out is
    'any'."""
    parts = []
    if code := filters.get("sector"):
        sector = vocabulary.sectors_by_code.get(code)
        parts.append(_("Sector: %(name)s") % {"name": sector.name if sector else code})
    if code := filters.get("area"):
        area = vocabulary.areas_by_code.get(code)
        parts.append(_("Area: %(name)s") % {"name": area.name if area else code})
    if code := filters.get("form"):
        label = dict(LegalForm.choices).get(code, code)
        parts.append(_("Legal form: %(name)s") % {"name": label})
    return " · ".join(parts) if parts else _("Every certified cooperative")
