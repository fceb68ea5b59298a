"""Navigation, language switching and site-wide snippets for the base template."""

import json
import re
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.template.base import NodeList
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockNode
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.models import Page, Site

from chrome.models import FooterText, SiteSettings
from infrastructure.invalidation import cached
from infrastructure.searching import plain_text

register = template.Library()

# Links other apps put in the header's top bar (the shortlist's), through this Wagtail hook so
# that the chrome imports none of them: a hook function takes the request and returns HTML
# (rendered from a template) or an empty string.
HEADER_LINKS = "header_links"


@register.simple_tag(takes_context=True)
def header_links(context) -> str:
    request: HttpRequest | None = context.get("request")
    parts = [link(request) for link in hooks.get_hooks(HEADER_LINKS)]
    # What is not marked safe (a template's output is) is escaped.
    return format_html_join("", "{}", ((part,) for part in parts if part))


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
            cached(
                "locale-home",
                (site.pk, code),
                lambda: (
                    Page.objects.filter(
                        translation_key=site.root_page.translation_key, locale__language_code=code
                    )
                    .live()
                    .first()
                ),
            )
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
    # Specific pages, so that the home page's cards read their introductions without a query.
    return cached(
        "menu",
        (home.pk,),
        lambda: list(home.get_children().live().public().in_menu().specific()),
    )


@register.simple_tag(takes_context=True)
def home_page(context) -> Page | None:
    return locale_home(context["request"])


class SharedFragmentNode(template.Node):
    """A fragment that is the same on every page of a site in one language (the footer),
    rendered once and cached until a page, a setting or the footer text changes. Like Wagtail's
    `{% wagtailcache %}`, never cached in previews; unlike it, rendered as usual when the cache
    is down instead of failing the page."""

    def __init__(self, name: str, nodelist: NodeList) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context) -> str:
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        site = Site.find_for_request(request)
        parts = (self.name, site.pk if site else 0, translation.get_language())
        return cached("fragment", parts, lambda: self.nodelist.render(context))


@register.tag
def shared_fragment(parser, token) -> SharedFragmentNode:
    """{% shared_fragment "name" %}…{% endshared_fragment %}"""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("shared_fragment takes one quoted name.")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(bits[1][1:-1], nodelist)


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


register.filter("plain_text", plain_text)


# Search engines and social networks ---------------------------------------------------------

OG_LOCALES = {"it": "it_IT", "en": "en_GB"}
DESCRIPTION_LENGTH = 160
# The fields that can stand in for a missing search description, best first.
DESCRIPTION_FIELDS = ("introduction", "standfirst", "hero_text")
ORGANISATION_WEBSITE = "https://www.confcooperativebergamo.it/"
SHARE_IMAGE = {"path": "images/share-default.png", "width": 1200, "height": 630}


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _shorten(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """At most `length` characters, cut at a word boundary, with an ellipsis when cut."""
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:.–-")
    return f"{cut}…"


@register.simple_tag
def page_description(page) -> str:
    """The page's search description, else its introduction, standfirst or hero text as plain
    text cut at about 160 characters; empty when it has none of them."""
    if not isinstance(page, Page):
        return ""
    if description := _one_line(page.search_description or ""):
        return description
    for name in DESCRIPTION_FIELDS:
        if text := _one_line(plain_text(str(getattr(page, name, "") or ""))):
            return _shorten(text)
    return ""


@register.simple_tag(takes_context=True)
def block_text(context, name: str, strip_site_name: bool = False) -> str:
    """What the named block of the template being rendered says, on one line: the child
    template's version where it overrides it. So that og:title and og:description repeat the
    <title> and the description a page template sets, without every template saying it twice.
    With strip_site_name, a trailing " · Impact register" is left out (og:site_name says it)."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    if block_context is None or block_context.get_block(name) is None:
        return ""
    # Rendering an empty block of that name renders the most derived definition, exactly as
    # Django does where the block stands (block.super included).
    text = _one_line(BlockNode(name, NodeList()).render(context))
    if strip_site_name:
        suffix = " · " + conditional_escape(translation.gettext("Impact register"))
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text.removesuffix(suffix)
    return mark_safe(text)  # the block's output, already escaped


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The href of the page's canonical link (the `canonical` block), else its own address."""
    match = re.search(r'href="([^"]*)"', str(block_text(context, "canonical")))
    if match:
        return mark_safe(match.group(1))  # already escaped in the block
    request = context["request"]
    return request.build_absolute_uri(request.path)


@register.filter
def og_locale(language_code: str) -> str:
    return OG_LOCALES.get(language_code, language_code)


@register.simple_tag(takes_context=True)
def default_share_image(context) -> dict:
    """The image shown when a page without one of its own is shared."""
    return {
        "url": context["request"].build_absolute_uri(static(SHARE_IMAGE["path"])),
        "width": SHARE_IMAGE["width"],
        "height": SHARE_IMAGE["height"],
        "type": "image/png",
        "alt": translation.gettext("Impact register"),
    }


@register.simple_tag(takes_context=True)
def site_json_ld(context) -> dict:
    """schema.org Organization (who keeps the register) and WebSite, with its site search."""
    request = context["request"]
    home = locale_home(request)
    home_url = request.build_absolute_uri(home.get_url(request) if home else "/")
    site_settings = SiteSettings.for_request(request)
    organisation = {
        "@type": "Organization",
        "@id": f"{home_url}#organization",
        "name": site_settings.organisation,
        "url": ORGANISATION_WEBSITE,
        "logo": request.build_absolute_uri(static("images/favicon.svg")),
    }
    if site_settings.vat_number:
        organisation["vatID"] = site_settings.vat_number
    if site_settings.email or site_settings.phone:
        contact = {"@type": "ContactPoint", "contactType": "customer service"}
        if site_settings.email:
            contact["email"] = site_settings.email
        if site_settings.phone:
            contact["telephone"] = site_settings.phone
        contact["availableLanguage"] = [code for code, _name in settings.LANGUAGES]
        organisation["contactPoint"] = contact
    if same_as := [url for _name, url in site_settings.social_links]:
        organisation["sameAs"] = same_as
    website = {
        "@type": "WebSite",
        "@id": f"{home_url}#website",
        "url": home_url,
        "name": translation.gettext("Impact register"),
        "inLanguage": translation.get_language(),
        "publisher": {"@id": organisation["@id"]},
    }
    try:
        search_url = request.build_absolute_uri(reverse("search"))
    except NoReverseMatch:
        search_url = None
    if search_url:
        website["potentialAction"] = {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{search_url}?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        }
    return {"@context": "https://schema.org", "@graph": [organisation, website]}


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str
    is_current: bool = False  # the last item: shown as text, not as a link


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context, page: Page, current: str = "") -> list[Crumb]:
    """The breadcrumb items of a page: its ancestors below the root (the home page named
    "Home"), then the page itself; `current` names a view inside the page (a cooperative of
    the register), which then comes last."""
    request = context["request"]
    crumbs = [
        Crumb(
            translation.gettext("Home") if ancestor.depth == 2 else ancestor.title,
            ancestor.get_url(request),
        )
        for ancestor in page.get_ancestors()[1:]
    ]
    if current:
        crumbs.append(Crumb(page.title, page.get_url(request)))
        crumbs.append(Crumb(str(current), request.path, is_current=True))
    else:
        crumbs.append(Crumb(page.title, page.get_url(request), is_current=True))
    return crumbs


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context, crumbs: list[Crumb]) -> dict:
    """schema.org BreadcrumbList of the same items as the visible breadcrumb."""
    request = context["request"]
    items = [
        {
            "@type": "ListItem",
            "position": position,
            "name": crumb.name,
            "item": request.build_absolute_uri(crumb.url or request.path),
        }
        for position, crumb in enumerate(crumbs, start=1)
    ]
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}


@register.simple_tag
def elided_pages(page_obj) -> list:
    """Page numbers around the current one, with ellipses for the long stretches."""
    return list(
        page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    )
