from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site and editorial pages")

    def ready(self) -> None:
        from django.core import checks
        from django.db.models.signals import post_migrate

        from . import admin_names, cache_signals, pagecache, site_address

        admin_names.connect()
        cache_signals.connect()
        pagecache.connect_signals()
        post_migrate.connect(site_address.sync_default_site, sender=self)
        checks.register(site_address.check_default_site, checks.Tags.urls, deploy=True)
