"""What a cooperative's profile misses, as its representative reads it on the admin's
dashboard and in the monthly reminder: each item a short label, in the reader's language."""

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.models import Locale

from register.models import Cooperative


def _english(cooperative: Cooperative) -> Cooperative | None:
    locale = Locale.objects.filter(language_code="en").first()
    if locale is None:
        return None
    return Cooperative.objects.filter(
        translation_key=cooperative.translation_key, locale=locale, live=True
    ).first()


def missing(cooperative: Cooperative) -> list[str]:
    """What the live profile lacks (the published record is what visitors see)."""
    items = []
    if not strip_tags(cooperative.description or "").strip():
        items.append(_("a description"))
    if not strip_tags(cooperative.services or "").strip():
        items.append(_("the services offered"))
    if not cooperative.website:
        items.append(_("the website"))
    if not (cooperative.email or cooperative.phone):
        items.append(_("an e-mail address or phone number"))
    if cooperative.logo_id is None:
        items.append(_("the logo"))
    if not cooperative.operating_sites.exists():
        items.append(_("the operating sites"))
    if cooperative.workers is None or cooperative.members is None:
        items.append(_("the workforce figures"))
    english = _english(cooperative)
    if english is None or not strip_tags(english.description or "").strip():
        items.append(_("the English texts"))
    return items
