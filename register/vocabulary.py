"""Sectors and areas of the register, loaded once per request with names in one language."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation

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


class Vocabulary:
    """The sectors and the provinces with their zones, named in the active language."""

    def __init__(self, language: str | None = None) -> None:
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        self.sectors = _terms(Sector, language)
        areas = _terms(Area, language)
        self.areas_by_id = {area.id: area for area in areas}
        self.provinces = [area for area in areas if area.parent_id is None]
        for area in areas:
            if area.parent_id in self.areas_by_id:
                self.areas_by_id[area.parent_id].children.append(area)
        self.sectors_by_code = {sector.code: sector for sector in self.sectors}
        self.sectors_by_id = {sector.id: sector for sector in self.sectors}
        self.areas_by_code = {area.code: area for area in areas}

    def area_ids_within(self, code: str) -> list[int]:
        """The area with this code and, for a province, all of its zones."""
        area = self.areas_by_code[code]
        return [area.id, *(zone.id for zone in area.children)]
