from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site and editorial pages")

    def ready(self) -> None:
        from django.core import checks
        from django.db.models.signals import post_migrate

        from . import admin_names, receivers, site_address

        admin_names.connect()
        receivers.connect()
        post_migrate.connect(site_address.sync_default_site, sender=self)
        checks.register(site_address.check_default_site, checks.Tags.urls, deploy=True)
