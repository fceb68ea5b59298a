"""The default Wagtail Site's address follows the public address in the settings.

Wagtail's first migration makes the default Site ``localhost:80``, and every absolute address
Wagtail writes comes from it: the sitemap, ``get_full_url`` and so the CDN purges. Canonical
links come from the request and so use the real host. The Site is set from
``WAGTAILADMIN_BASE_URL`` (in production ``https://`` + the first of ``ALLOWED_HOSTS`` unless
set) every time ``migrate`` runs, and ``check --deploy`` fails while it points elsewhere.
Wagtail has no scheme field: port 443 means https, any other port http."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

# Hosts no visitor reaches a production site by.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}
DEFAULT_PORTS = {"https": 443, "http": 80}


def public_address() -> tuple[str, int]:
    """Host name and port of ``WAGTAILADMIN_BASE_URL``."""
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return parts.hostname or "", parts.port or DEFAULT_PORTS.get(parts.scheme, 80)


def sync_default_site(using: str = "default", **kwargs) -> None:
    """post_migrate: give the default Site the public host name and port."""
    from wagtail.models import Site

    hostname, port = public_address()
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if not hostname or site is None or (site.hostname, site.port) == (hostname, port):
        return
    site.hostname, site.port = hostname, port
    site.save(using=using, update_fields=["hostname", "port"])


def check_default_site(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Deploy check: the addresses Wagtail writes must be the public ones."""
    from wagtail.models import Site

    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:
        return [
            checks.Error(
                "The default Wagtail Site could not be read.",
                hint="Run `manage.py migrate` first: it also sets the Site's address.",
                id="infrastructure.E001",
            )
        ]
    hostname, port = public_address()
    if site is None:
        return [checks.Error("There is no default Wagtail Site.", id="infrastructure.E002")]
    if site.hostname in LOCAL_HOSTS or (site.hostname, site.port) != (hostname, port):
        return [
            checks.Error(
                f"The default Wagtail Site is {site.root_url}, not the public address "
                f"{settings.WAGTAILADMIN_BASE_URL}: the sitemap and the CDN purges would use "
                "the wrong host.",
                hint="Set WAGTAILADMIN_BASE_URL (or ALLOWED_HOSTS) and run `manage.py migrate`, "
                "which sets the Site from it.",
                id="infrastructure.E003",
            )
        ]
    return []
