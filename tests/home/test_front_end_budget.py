"""Front-end budgets of every page type: at most 60 KB of CSS and 60 KB of JavaScript once
gzipped, images as responsive renditions (WebP with a fallback, srcset, width and height),
fonts self-hosted, subset and preloaded, and nothing render-blocking from another site."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from wagtail.images import get_image_model

from home.models import EditorialPage
from register.models import Cooperative

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

BUDGET = 60 * 1024  # bytes, gzipped
DIST = Path(settings.BASE_DIR) / "static" / "dist"


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def static_file(url: str) -> Path:
    found = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
    assert found, f"{url} is not a static file of the site"
    return Path(found)


@pytest.fixture
def pages_with_images(client, home_it):
    """Every page type, with an image wherever the type can show one."""
    image = get_image_model().objects.first()
    cooperative = Cooperative.objects.public().order_by("name").first()
    cooperative.logo = image
    cooperative.save()
    page = EditorialPage.objects.live().filter(locale=home_it.locale).first()
    page.body = [("image", {"image": image, "caption": "Una foto", "credit": ""})]
    page.save_revision().publish()
    return [
        "/it/",
        "/en/",
        page.url,
        "/it/registro/",
        f"/it/registro/{cooperative.slug}/",
        f"/it/registro/verifica/?q={cooperative.vat_number}",
        "/it/notizie/",
        "/it/notizie/nasce-il-registro-impact/",
        "/it/cerca/?q=cooperativa",
    ]


def test_the_built_css_and_javascript_are_within_budget():
    assert gzipped_size(DIST / "css" / "main.css") <= BUDGET
    assert gzipped_size(DIST / "js" / "main.js") <= BUDGET


def test_each_page_loads_at_most_60_kb_of_css_and_of_javascript(client, pages_with_images):
    for url in pages_with_images:
        html = client.get(url).content.decode()
        styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        scripts = re.findall(r'<script[^>]* src="([^"]+)"', html)
        assert styles and scripts, url
        assert sum(gzipped_size(static_file(href)) for href in styles) <= BUDGET, url
        assert sum(gzipped_size(static_file(src)) for src in scripts) <= BUDGET, url


def test_nothing_render_blocking_comes_from_another_site(client, pages_with_images):
    for url in pages_with_images:
        html = client.get(url).content.decode()
        head = html.split("</head>")[0]
        fetched = re.findall(r'<link rel="(?:stylesheet|preload|icon)" href="([^"]+)"', head)
        fetched += re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", html)
        assert fetched, url
        assert all(address.startswith("/") and not address.startswith("//") for address in fetched)
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html):
            assert re.search(r"\b(defer|async)\b", tag), (url, tag)


def test_images_are_responsive_renditions_with_their_size(client, pages_with_images):
    seen = 0
    for url in pages_with_images:
        html = client.get(url).content.decode()
        for picture in re.findall(r"<picture>.*?</picture>", html, re.S):
            assert 'type="image/webp"' in picture, url
        for img in re.findall(r"<img\b[^>]*>", html):
            assert re.search(r'\bwidth="\d+"', img) and re.search(r'\bheight="\d+"', img), img
            if re.search(r'\bsrc="[^"]+\.svg"', img):
                continue  # a vector image (the live badge's preview): one file for any screen
            seen += 1
            assert re.search(r'\bsrcset="[^"]+ \d+w, [^"]+ \d+w', img), img
            assert re.search(r'\bsizes="[^"]+"', img), img
    assert seen >= 4  # the hero, the featured news, a logo and an image block


def test_fonts_are_self_hosted_subset_and_preloaded(client):
    html = client.get("/it/").content.decode()
    preloads = re.findall(r'<link rel="preload" href="([^"]+\.woff2)" as="font"[^>]*>', html)
    assert preloads and all(
        "crossorigin" in tag for tag in re.findall(r"<link rel=\"preload\"[^>]*>", html)
    )
    css = (DIST / "css" / "main.css").read_text()
    faces = re.findall(r"@font-face\{[^}]*\}", css)
    assert faces and all("font-display:swap" in face for face in faces)
    fonts = re.findall(r"url\(\"?\.\./fonts/([^\")]+)\"?\)", css)
    assert fonts and all(name.endswith(".woff2") and "latin" in name for name in fonts)
    for name in fonts:
        assert (DIST / "fonts" / name).stat().st_size < 32 * 1024, name  # a subset, not a full font
    assert all(Path(href).name in fonts for href in preloads)
