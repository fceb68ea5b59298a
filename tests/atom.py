"""The MUSTs of RFC 4287 (Atom) for a whole feed document, as a list of what breaks them.

No validator package works offline, so the rules a feed reader relies on are checked here:
well-formed XML; the feed has exactly one id, title and updated; an author on the feed or on
every entry; each entry has exactly one id, title and updated, and a content or an alternate
link; ids are absolute IRIs; dates are RFC 3339; person constructs have one name; links have
an href; no two alternates share type and hreflang; no two entries share id and updated."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
AT_MOST_ONE_IN_FEED = ("subtitle", "rights", "icon", "logo", "generator")
AT_MOST_ONE_IN_ENTRY = ("content", "published", "rights", "source", "summary")


def _is_iri(text: str | None) -> bool:
    if not text or text != text.strip() or any(ch.isspace() for ch in text):
        return False
    parts = urlsplit(text)
    return bool(parts.scheme) and bool(parts.netloc or parts.path)


def _is_date(text: str | None) -> bool:
    if not text or not RFC3339.match(text):
        return False
    month, day = int(text[5:7]), int(text[8:10])
    hour, minute, second = int(text[11:13]), int(text[14:16]), int(text[17:19])
    return 1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and second < 61


def _common(element: ET.Element, where: str, problems: list[str]) -> None:
    for name in ("id", "title", "updated"):
        count = len(element.findall(f"{ATOM}{name}"))
        if count != 1:
            problems.append(f"{where}: {count} atom:{name}, exactly one required")
    identifier = element.find(f"{ATOM}id")
    if identifier is not None and not _is_iri(identifier.text):
        problems.append(f"{where}: atom:id {identifier.text!r} is not an absolute IRI")
    for name in ("updated", "published"):
        for date in element.findall(f"{ATOM}{name}"):
            if not _is_date(date.text):
                problems.append(f"{where}: atom:{name} {date.text!r} is not an RFC 3339 date")
    alternates = set()
    for link in element.findall(f"{ATOM}link"):
        if not link.get("href"):
            problems.append(f"{where}: atom:link without href")
        if link.get("rel", "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in alternates:
                problems.append(f"{where}: two alternate links with type/hreflang {key}")
            alternates.add(key)
    for role in ("author", "contributor"):
        for person in element.findall(f"{ATOM}{role}"):
            names = person.findall(f"{ATOM}name")
            if len(names) != 1 or not (names[0].text or "").strip():
                problems.append(f"{where}: atom:{role} needs exactly one non-empty atom:name")


def atom_problems(document: bytes) -> list[str]:
    """Every MUST of RFC 4287 the document breaks (empty when it is a valid Atom feed)."""
    try:
        feed = ET.fromstring(document)
    except ET.ParseError as error:
        return [f"not well-formed XML: {error}"]
    if feed.tag != f"{ATOM}feed":
        return [f"the root is {feed.tag}, not atom:feed"]
    problems: list[str] = []
    _common(feed, "feed", problems)
    for name in AT_MOST_ONE_IN_FEED:
        if len(feed.findall(f"{ATOM}{name}")) > 1:
            problems.append(f"feed: more than one atom:{name}")
    feed_has_author = feed.find(f"{ATOM}author") is not None
    seen = set()
    for number, entry in enumerate(feed.findall(f"{ATOM}entry"), start=1):
        where = f"entry {number}"
        _common(entry, where, problems)
        for name in AT_MOST_ONE_IN_ENTRY:
            if len(entry.findall(f"{ATOM}{name}")) > 1:
                problems.append(f"{where}: more than one atom:{name}")
        has_alternate = any(
            link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{ATOM}link")
        )
        if entry.find(f"{ATOM}content") is None and not has_alternate:
            problems.append(f"{where}: neither atom:content nor an alternate atom:link")
        if not feed_has_author and entry.find(f"{ATOM}author") is None:
            problems.append(f"{where}: no atom:author, and the feed has none")
        key = (entry.findtext(f"{ATOM}id"), entry.findtext(f"{ATOM}updated"))
        if key in seen:
            problems.append(f"{where}: another entry has the same atom:id and atom:updated")
        seen.add(key)
    return problems
