"""Navigation, language switching and site-wide snippets for the base template."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils import translation
from wagtail.models import Locale, Page, Site

from home.models import FooterText

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    is_translation: bool  # False when the link falls back to that language's home page


def locale_home(request: HttpRequest, language_code: str | None = None) -> Page | None:
    """The home page in the given (default: active) language, or None before any content."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    code = language_code or translation.get_language()
    root = site.root_page
    return root.get_translation_or_none(Locale.objects.filter(language_code=code).first()) or (
        root if root.locale.language_code == code else None
    )


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """Every language with the URL of the same content in it, or of its home page."""
    request = context["request"]
    current = translation.get_language()
    page = context.get("page")
    urls: dict[str, str] = dict(context.get("alternate_urls") or {})
    if not urls and isinstance(page, Page) and page.pk:
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            urls[translated.locale.language_code] = translated.get_url(request)
    links = []
    for code, _name in settings.LANGUAGES:
        url = urls.get(code)
        is_translation = url is not None
        if url is None:
            home = locale_home(request, code)
            url = home.get_url(request) if home else f"/{code}/"
        with translation.override(code):
            name = translation.get_language_info(code)["name_local"].capitalize()
        links.append(LanguageLink(code, name, url, code == current, is_translation))
    return links


@register.simple_tag(takes_context=True)
def menu_pages(context) -> list[Page]:
    """The top-level pages of the active language that editors put in the menu."""
    home = locale_home(context["request"])
    if home is None:
        return []
    return list(home.get_children().live().public().in_menu())


@register.simple_tag(takes_context=True)
def home_page(context) -> Page | None:
    return locale_home(context["request"])


@register.simple_tag
def footer_text() -> FooterText | None:
    """The footer text in the active language, falling back to Italian."""
    texts = FooterText.objects.filter(live=True).select_related("locale")
    active = Locale.get_active()
    return texts.filter(locale=active).first() or texts.filter(locale__language_code="it").first()


@register.filter
def localized(page: Page | None) -> Page | None:
    """The page in the active language where it is translated, else the page itself."""
    return page.localized if page else None


@register.simple_tag
def static_sprite(name: str) -> str:
    """The URL of one icon of Bootstrap Italia's sprite."""
    return f"{static('svg/sprites.svg')}#{name}"


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    return context["request"].build_absolute_uri(url)
