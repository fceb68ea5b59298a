"""Sectors and areas of the register with names in one language, cached between requests."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation

from infrastructure.invalidation import cached

from .models.taxonomies import Area, Sector


@dataclass
class Term:
    id: int  # of the source-language row, which cooperatives point at
    code: str
    name: str
    sort_order: int
    parent_id: int | None = None
    children: list["Term"] = field(default_factory=list)


def _terms(model, language: str) -> list[Term]:
    rows = model.objects.filter(
        locale__language_code__in={settings.LANGUAGE_CODE, language}
    ).select_related("locale")
    translated = {
        row.translation_key: row.name for row in rows if row.locale.language_code == language
    }
    terms = [
        Term(
            id=row.id,
            code=row.code,
            name=translated.get(row.translation_key, row.name),
            sort_order=row.sort_order,
            parent_id=getattr(row, "parent_id", None),
        )
        for row in rows
        if row.locale.language_code == settings.LANGUAGE_CODE
    ]
    return sorted(terms, key=lambda term: (term.sort_order, term.name))


def _load(language: str) -> tuple[list[Term], list[Term]]:
    """The sectors, and the areas with each province's zones as its children."""
    areas = _terms(Area, language)
    by_id = {area.id: area for area in areas}
    for area in areas:
        if area.parent_id in by_id:
            by_id[area.parent_id].children.append(area)
    return _terms(Sector, language), areas


class Vocabulary:
    """The sectors and the provinces with their zones, named in the active language.
    Cached between requests until a sector, an area or a cooperative changes."""

    def __init__(self, language: str | None = None) -> None:
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        self.sectors, areas = cached("vocabulary", (language,), lambda: _load(language))
        self.areas_by_id = {area.id: area for area in areas}
        self.provinces = [area for area in areas if area.parent_id is None]
        self.sectors_by_code = {sector.code: sector for sector in self.sectors}
        self.sectors_by_id = {sector.id: sector for sector in self.sectors}
        self.areas_by_code = {area.code: area for area in areas}

    def sectors_among(self, ids) -> list[Term]:
        """The sectors with these ids, in the vocabulary's order."""
        wanted = set(ids)
        return [sector for sector in self.sectors if sector.id in wanted]

    def areas_among(self, ids) -> list[Term]:
        """The areas with these ids, in the vocabulary's order."""
        wanted = set(ids)
        return [area for area in self.areas_by_id.values() if area.id in wanted]

    def area_ids_within(self, code: str) -> list[int]:
        """The area with this code and, for a province, all of its zones."""
        area = self.areas_by_code[code]
        return [area.id, *(zone.id for zone in area.children)]
