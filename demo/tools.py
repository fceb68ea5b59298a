"""Small helpers to write bilingual demo content once, in both languages side by side."""

from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO

from django.core.files.images import ImageFile
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail.models import Locale, Page

from infrastructure.localization import publish_translation


@dataclass(frozen=True)
class T:
    """One string in Italian and its English translation."""

    it: str
    en: str


@dataclass(frozen=True)
class Rich:
    """Rich text written as paragraphs (T) and bullet lists (lists of T)."""

    parts: tuple

    def __init__(self, *parts: T | list[T]) -> None:
        object.__setattr__(self, "parts", parts)

    def html(self, language: str) -> str:
        chunks = []
        for part in self.parts:
            if isinstance(part, T):
                chunks.append(f"<p>{escape(getattr(part, language))}</p>")
            else:
                items = "".join(f"<li>{escape(getattr(t, language))}</li>" for t in part)
                chunks.append(f"<ul>{items}</ul>")
        return "".join(chunks)

    def strings(self) -> Iterable[T]:
        for part in self.parts:
            yield from ([part] if isinstance(part, T) else part)


def in_language(value, language: str):
    """The value with every T and Rich resolved to one language."""
    if isinstance(value, T):
        return getattr(value, language)
    if isinstance(value, Rich):
        return value.html(language)
    if isinstance(value, dict):
        return {key: in_language(item, language) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(in_language(item, language) for item in value)
    return value


def translations(value) -> dict[str, str]:
    """Every Italian string in the value mapped to its English translation."""
    found: dict[str, str] = {}
    if isinstance(value, T):
        found[value.it] = value.en
    elif isinstance(value, Rich):
        found.update({t.it: t.en for t in value.strings()})
    elif isinstance(value, dict):
        for item in value.values():
            found.update(translations(item))
    elif isinstance(value, list | tuple):
        for item in value:
            found.update(translations(item))
    return found


def italian() -> Locale:
    return Locale.objects.get(language_code="it")


def add_translated_page(
    parent: Page, page_class: type[Page], prepare=None, **fields
) -> tuple[Page, bool]:
    """Publish an Italian page under `parent` and its English translation, unless it exists.

    Returns the Italian page and whether it was created. An existing page (found by its
    Italian slug) is left untouched, so editors' changes survive a reload. `prepare(page)`,
    if given, runs on the new page before it is published (tags, for instance).
    """
    slug = fields["slug"].it
    existing = page_class.objects.child_of(parent).filter(locale=italian(), slug=slug).first()
    if existing:
        return existing, False
    page = page_class(locale=italian(), **in_language(fields, "it"))
    parent.add_child(instance=page)
    if prepare:
        prepare(page)
    page.save_revision().publish()
    publish_translation(page, "en", translations(fields))
    return page, True


def generated_image(title: str, colours: tuple[str, str], size=(1600, 900)) -> Image:
    """A picture drawn here (no downloads): soft diagonal bands in the brand colours."""
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    picture = PILImage.new("RGB", size, colours[0])
    draw = ImageDraw.Draw(picture)
    width, height = size
    for step in range(0, width + height, 160):
        draw.polygon(
            [(step, 0), (step + 80, 0), (step + 80 - height, height), (step - height, height)],
            fill=colours[1],
        )
    draw.ellipse((width * 0.55, height * 0.15, width * 0.95, height * 0.85), fill="#ffffff")
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    name = title.lower().replace(" ", "-") + ".png"
    return Image.objects.create(title=title, file=ImageFile(buffer, name=name))
