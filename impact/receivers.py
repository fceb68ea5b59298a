"""Visitors see the yearly figures on the cooperatives' pages and in the open data: a change
is a change of content (infrastructure.invalidation), and with a CDN it purges the register's
pages and the cooperative's own (register.receivers.register_urls). The import writes its
rows in one bulk change."""

from infrastructure.invalidation import watch


def connect() -> None:
    from register.receivers import register_urls

    from .models import YearlyFigures

    watch(YearlyFigures, urls=lambda row: list(register_urls(row.cooperative)))
