from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo content and synthetic data generators; no other app imports this one."""

    name = "demo"
    verbose_name = _("Demo content")
