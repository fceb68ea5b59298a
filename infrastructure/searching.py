"""What every search of the site shares: the backend for a language, query words, excerpts."""

import re
from html import unescape

from django.conf import settings
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

QUERY_MAX_LENGTH = 200


def backend_for(language: str | None = None) -> str:
    """With Elasticsearch each language has its own index and analyser; otherwise one."""
    language = language or get_language()
    return language if language in settings.WAGTAILSEARCH_BACKENDS else "default"


def plain_text(html: str) -> str:
    """Rich text as plain text: tags removed, entities decoded (templates escape it again)."""
    return unescape(strip_tags(html or ""))


def search_words(query: str) -> str:
    """The words of a query: punctuation means nothing to the search and upsets its parsers."""
    return " ".join(re.sub(r"[^\w]+", " ", query or "").split())


def excerpt(text: str, words: str, length: int = 32) -> SafeString:
    """About `length` words of `text` around the first match, the matched words in <mark>."""
    tokens = (text or "").split()
    terms = [re.escape(word) for word in words.split() if len(word) > 1]
    pattern = re.compile(rf"\b({'|'.join(terms)})\w*", re.IGNORECASE) if terms else None
    start = 0
    if pattern:
        start = next((i for i, token in enumerate(tokens) if pattern.search(token)), 0)
        start = max(0, start - length // 3)
    chosen = " ".join(tokens[start : start + length])
    # Escape each piece on its own, so a match can never fall inside an HTML entity.
    pieces, position = [], 0
    for match in pattern.finditer(chosen) if pattern else ():
        pieces.append(escape(chosen[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(chosen[position:]))
    prefix = "… " if start else ""
    suffix = " …" if start + length < len(tokens) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)
