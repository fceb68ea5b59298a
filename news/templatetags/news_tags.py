from django import template
from django.conf import settings
from django.utils.translation import get_language

from register.models import Cooperative, RegisterPage, Status

register = template.Library()


@register.simple_tag(takes_context=True)
def cooperative_link(context, cooperative: Cooperative) -> str:
    """The register page of a cooperative in the active language, if it is public there."""
    request = context["request"]
    canonical = (
        Cooperative.objects.public()
        .in_status(Status.ACTIVE, Status.SUSPENDED)
        .filter(translation_key=cooperative.translation_key)
        .first()
    )
    register_page = (
        RegisterPage.objects.live().filter(locale__language_code=get_language()).first()
        or RegisterPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE).first()
    )
    if canonical is None or register_page is None:
        return ""
    return register_page.cooperative_url(canonical, request)


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, page) -> dict:
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "description": page.standfirst,
        "datePublished": page.date.isoformat(),
        "inLanguage": page.locale.language_code,
        "mainEntityOfPage": request.build_absolute_uri(page.url),
        "author": {"@type": "Organization", "name": "Confcooperative Bergamo"},
        "publisher": {"@type": "Organization", "name": "Confcooperative Bergamo"},
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if page.share_image:
        rendition = page.share_image.get_rendition("fill-1200x630|format-jpeg")
        data["image"] = request.build_absolute_uri(rendition.url)
    return data
