"""The shortlisted cooperatives as the register shows them today, in the visitor's language:
one query for the records (with their sectors, areas and latest public note), one for their
translated texts; the status and its words come from the register's one rule."""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.utils import translation

from register.models import Cooperative, RegisterPage
from register.presentation import CooperativeView, present_cooperatives
from register.status_explanation import StatusExplanation, explain, with_latest_note
from register.term_ids import with_term_ids
from register.vocabulary import Vocabulary


@dataclass
class Entry:
    """One shortlisted cooperative: what the register's templates show of it, its status
    today explained (with the latest public note), and its key."""

    view: CooperativeView

    @property
    def key(self) -> str:
        return str(self.view.record.translation_key)

    @property
    def record(self) -> Cooperative:
        return self.view.record

    @cached_property
    def explanation(self) -> StatusExplanation:
        return explain(self.view.record)


def register_page(language: str | None = None) -> RegisterPage | None:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return RegisterPage.objects.live().filter(locale__language_code=language).first()


def entries(keys: list[str], page: RegisterPage | None = None) -> list[Entry]:
    """The public cooperatives among `keys`, in the shortlist's order; keys of records that
    are no longer public (withdrawn, unpublished) are left out."""
    if not keys:
        return []
    page = page or register_page()
    if page is None:
        return []
    records = with_term_ids(
        with_latest_note(Cooperative.objects.public().filter(translation_key__in=keys))
    ).select_related("locale")
    by_key = {str(record.translation_key): record for record in records}
    ordered = [by_key[key] for key in keys if key in by_key]
    return [Entry(view) for view in present_cooperatives(ordered, Vocabulary(), page)]


def public_keys(keys: list[str]) -> set[str]:
    """Which of `keys` belong to a public cooperative (one query)."""
    if not keys:
        return set()
    found = Cooperative.objects.public().filter(translation_key__in=keys)
    return {str(key) for key in found.values_list("translation_key", flat=True)}
