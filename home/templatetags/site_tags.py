"""Navigation, language switching and site-wide snippets for the base template."""

import json
from dataclasses import dataclass
from html import unescape

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

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
    """The home page in the given (default: active) language, or None before any content.

    Remembered on the request: header, footer and switcher all ask for it."""
    code = language_code or translation.get_language()
    homes = request.__dict__.setdefault("_locale_homes", {})
    if code not in homes:
        site = Site.find_for_request(request)
        homes[code] = (
            Page.objects.filter(
                translation_key=site.root_page.translation_key, locale__language_code=code
            )
            .live()
            .first()
            if site
            else None
        )
    return homes[code]


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """Every language with the URL of the same content in it; where the content is not
    translated, the nearest translated section above it (a news item leads to the news)."""
    request = context["request"]
    current = translation.get_language()
    page = context.get("page")
    urls: dict[str, str] = dict(context.get("alternate_urls") or {})
    fallbacks: dict[str, str] = {}
    if not urls and isinstance(page, Page) and page.pk:
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            urls[translated.locale.language_code] = translated.get_url(request)
        if len(urls) < len(settings.LANGUAGES):
            ancestors = Page.objects.filter(
                translation_key__in=page.get_ancestors().values("translation_key"), depth__gt=1
            )
            for ancestor in ancestors.live().select_related("locale").order_by("depth"):
                fallbacks[ancestor.locale.language_code] = ancestor.get_url(request)
    links = []
    for code, _name in settings.LANGUAGES:
        url = urls.get(code)
        is_translation = url is not None
        if url is None and code in fallbacks:
            url = fallbacks[code]
        elif url is None:
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
    """The footer text in the active language, falling back to the source language."""
    languages = {translation.get_language(), settings.LANGUAGE_CODE}
    texts = FooterText.objects.filter(live=True, locale__language_code__in=languages)
    by_language = {text.locale.language_code: text for text in texts.select_related("locale")}
    return by_language.get(translation.get_language()) or by_language.get(settings.LANGUAGE_CODE)


@register.simple_tag
def legal_pages(site_settings) -> list[Page]:
    """Privacy, cookie and accessibility pages, in the active language where translated."""
    chosen = [
        site_settings.privacy_page_id,
        site_settings.cookie_page_id,
        site_settings.accessibility_page_id,
    ]
    originals = Page.objects.live().in_bulk([page_id for page_id in chosen if page_id])
    translated = {
        page.translation_key: page
        for page in Page.objects.live().filter(
            translation_key__in=[page.translation_key for page in originals.values()],
            locale__language_code=translation.get_language(),
        )
    }
    return [
        translated.get(originals[page_id].translation_key, originals[page_id])
        for page_id in chosen
        if page_id in originals
    ]


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


@register.filter
def json_ld(data: dict) -> str:
    """A schema.org block; `<`, `>` and `&` are escaped so no text can close the script."""
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.filter
def plain_text(html: str) -> str:
    """Rich text as plain text: tags removed, entities decoded (autoescape re-escapes it)."""
    return unescape(strip_tags(html or ""))
