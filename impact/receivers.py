"""Visitors see the yearly figures on the cooperatives' pages: a change is a change of content
(the page cache and the CDN forget those pages)."""

from infrastructure.invalidation import watch


def connect() -> None:
    from .models import YearlyFigures

    watch(YearlyFigures)
