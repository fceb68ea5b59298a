"""A cooperative's sectors and areas are terms of its own locale.

Sectors and areas exist once per language (the English rows are translations of the Italian
ones, sharing their `translation_key`). An Italian cooperative pointing at an English term is
invisible to every page (they read the Italian vocabulary) and used to break the exports. The
model refuses it (`Cooperative.clean`); this module finds and repairs rows that were written
before that rule, or around it. It works on the models it is given, so the data migration
uses it with the historical models."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import F

TERM_FIELDS = ("sectors", "areas")


@dataclass(frozen=True)
class WrongLocaleLink:
    """One link from a cooperative to a term of another language."""

    field: str  # "sectors" or "areas"
    link_id: int
    cooperative_id: int
    cooperative_name: str
    cooperative_language: str
    term_id: int
    term_code: str
    term_language: str
    replacement_id: int | None  # the same term in the cooperative's language, if it exists

    def describe(self) -> str:
        remedy = (
            f"its own-language term is #{self.replacement_id}"
            if self.replacement_id
            else "no translation of it exists in the cooperative's language"
        )
        return (
            f"cooperative #{self.cooperative_id} “{self.cooperative_name}” "
            f"({self.cooperative_language}) has the {self.term_language} {self.field[:-1]} "
            f"#{self.term_id} “{self.term_code}”: {remedy}"
        )


def wrong_locale_terms(terms: Iterable[models.Model], locale_id: int | None) -> list:
    """The terms among `terms` that are not of the locale `locale_id`."""
    return [term for term in terms if term.locale_id != locale_id]


def find_wrong_locale_links(cooperative_model: type[models.Model]) -> list[WrongLocaleLink]:
    """Every sector and area link whose term is not in its cooperative's locale (a few queries
    per field, whatever the size of the register)."""
    found = []
    for name in TERM_FIELDS:
        field = cooperative_model._meta.get_field(name)
        through, term_model = field.remote_field.through, field.related_model
        owner, term = field.m2m_field_name(), field.m2m_reverse_field_name()
        rows = (
            through.objects.exclude(**{f"{term}__locale_id": F(f"{owner}__locale_id")})
            .values_list(
                "pk",
                f"{owner}_id",
                f"{owner}__name",
                f"{owner}__locale_id",
                f"{owner}__locale__language_code",
                f"{term}_id",
                f"{term}__code",
                f"{term}__translation_key",
                f"{term}__locale__language_code",
            )
            .order_by(f"{owner}_id", "pk")
        )
        rows = list(rows)
        translations = {
            (key, locale_id): pk
            for pk, key, locale_id in term_model.objects.filter(
                translation_key__in={row[7] for row in rows}
            ).values_list("pk", "translation_key", "locale_id")
        }
        found.extend(
            WrongLocaleLink(
                field=name,
                link_id=link_id,
                cooperative_id=cooperative_id,
                cooperative_name=cooperative_name,
                cooperative_language=cooperative_language,
                term_id=term_id,
                term_code=code,
                term_language=term_language,
                replacement_id=translations.get((key, locale_id)),
            )
            for (
                link_id,
                cooperative_id,
                cooperative_name,
                locale_id,
                cooperative_language,
                term_id,
                code,
                key,
                term_language,
            ) in rows
        )
    return found


def repair_wrong_locale_links(
    cooperative_model: type[models.Model], links: list[WrongLocaleLink]
) -> list[WrongLocaleLink]:
    """Point each link at the same term in its cooperative's language (dropping it when the
    cooperative already has that term). Returns the links that could not be repaired, left as
    they are for a person to decide."""
    unrepaired = []
    with transaction.atomic():
        for link in links:
            if link.replacement_id is None:
                unrepaired.append(link)
                continue
            field = cooperative_model._meta.get_field(link.field)
            through = field.remote_field.through
            owner, term = field.m2m_field_name(), field.m2m_reverse_field_name()
            duplicate = through.objects.filter(
                **{f"{owner}_id": link.cooperative_id, f"{term}_id": link.replacement_id}
            ).exists()
            rows = through.objects.filter(pk=link.link_id)
            if duplicate:
                rows.delete()
            else:
                rows.update(**{f"{term}_id": link.replacement_id})
    return unrepaired
