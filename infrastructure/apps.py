from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfrastructureConfig(AppConfig):
    """The request pipeline and operations: middleware, rate limits, security headers, caches
    and their invalidation, health, backups, background work, plain answers."""

    name = "infrastructure"
    verbose_name = _("Infrastructure")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
