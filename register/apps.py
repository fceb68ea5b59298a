from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    name = "register"
    verbose_name = _("Register")

    def ready(self) -> None:
        # page_cache connects the full-page cache's invalidation when imported.
        from . import cache_signals, page_cache  # noqa: F401

        cache_signals.connect()
