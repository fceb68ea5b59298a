"""The newsroom's content in the caches (infrastructure.invalidation): news pages are pages,
watched with every page; categories and press contacts are shown on them too."""

from infrastructure.invalidation import watch

from .models import NewsCategory, PressContact


def connect() -> None:
    watch(NewsCategory, PressContact)
