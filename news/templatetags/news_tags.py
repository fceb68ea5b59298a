from django import template

register = template.Library()


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
