from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChromeConfig(AppConfig):
    """What every page wears: navigation, footer, language switcher, SEO tags, sitemaps."""

    name = "chrome"
    verbose_name = _("Site chrome")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
