from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfrastructureConfig(AppConfig):
    """The request pipeline and operations: middleware, rate limits, security headers, caches
    and their invalidation, health, backups, background work, plain answers."""

    name = "infrastructure"
    verbose_name = _("Infrastructure")

    def ready(self) -> None:
        from django.core import checks
        from django.db.models.signals import post_migrate

        from . import admin_names, receivers, site_address

        admin_names.connect()
        receivers.connect()
        post_migrate.connect(site_address.sync_default_site, sender=self)
        checks.register(site_address.check_default_site, checks.Tags.urls, deploy=True)
