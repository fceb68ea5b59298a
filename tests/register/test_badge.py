"""The live badge (register/badge.py): an SVG per VAT or certificate number that a
cooperative embeds on its own site, with today's status from the verification, correct the
moment the status changes, and embeddable by any site."""

import datetime
import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils import timezone

from register.badge import BRAND, COLOURS, HEADING, INK, MUTED, NOT_LISTED
from register.models import CertificationEvent, RegisterPage
from register.models.events import Status
from tests.factories import ACTIVE, EXPIRED, REVOKED, SUSPENDED, WITHDRAWN

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
CACHE_STATUS = "X-Wagtail-Cache"
LABELS = {  # (Italian, English) as the site labels each status
    Status.ACTIVE: ("Attivo", "Active"),
    Status.SUSPENDED: ("Sospeso", "Suspended"),
    Status.REVOKED: ("Revocato", "Revoked"),
    Status.WITHDRAWN: ("Ritirato", "Withdrawn"),
    Status.EXPIRED: ("Scaduto", "Expired"),
}


def it_badge(number: str) -> str:
    return f"/it/registro/bollino/{number}.svg"


def en_badge(number: str) -> str:
    return f"/en/register/badge/{number}.svg"


def parsed(response) -> ET.Element:
    """The answer as XML: a badge that is not well-formed would show nothing."""
    return ET.fromstring(response.content)


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def title(root: ET.Element) -> str:
    return root.find(f"{SVG}title").text


@pytest.fixture
def cooperative(site, make_cooperative):
    return make_cooperative(
        "Cooperativa Il Ponte", slug="il-ponte", certificate_number="IMP-2024-0042"
    )


# What each badge says -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "status"),
    [
        (ACTIVE, Status.ACTIVE),
        (SUSPENDED, Status.SUSPENDED),
        (REVOKED, Status.REVOKED),
        (WITHDRAWN, Status.WITHDRAWN),
        (EXPIRED, Status.EXPIRED),
    ],
)
def test_each_status_has_its_badge_in_both_languages(
    client, site, make_cooperative, history, status
):
    cooperative = make_cooperative("Cooperativa Arcobaleno", history=history)
    for path, label, language in (
        (it_badge(cooperative.vat_number), LABELS[status][0], "it"),
        (en_badge(cooperative.vat_number), LABELS[status][1], "en"),
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("image/svg+xml")
        root = parsed(response)
        assert root.get("class") == f"impact-badge impact-badge-{status.value}"
        assert root.get("lang") == language
        assert root.get("role") == "img"
        assert root.get("aria-labelledby") == root.find(f"{SVG}title").get("id")
        assert "Cooperativa Arcobaleno" in title(root) and label in title(root)
        shown = texts(root)
        assert "Impact – Effetto cooperativo" in shown
        assert "Cooperativa Arcobaleno" in shown
        assert label in shown
        today = timezone.localdate()
        as_of = "stato al" if language == "it" else "status as of"
        assert any(text.startswith(as_of) and str(today.year) in text for text in shown)
        # The status's colours: the pill and its word.
        colours = COLOURS[status]
        fills = {element.get("fill") for element in root.iter()}
        assert {colours.text, colours.background, colours.mark} <= fills


def test_only_an_active_mark_is_drawn_in_the_brands_colour_with_a_tick(
    client, site, make_cooperative
):
    active = make_cooperative("Attiva", history=ACTIVE)
    suspended = make_cooperative("Sospesa", history=SUSPENDED)
    marks = {}
    for cooperative in (active, suspended):
        root = parsed(client.get(it_badge(cooperative.vat_number)))
        square = root.findall(f"{SVG}rect")[1]
        marks[cooperative.name] = (square.get("fill"), root.find(f"{SVG}path").get("d"))
    assert marks["Attiva"][0] == BRAND
    assert marks["Sospesa"][0] != BRAND
    assert marks["Attiva"][1] != marks["Sospesa"][1]


def test_the_badge_by_certificate_number_is_the_same_cooperative(client, cooperative):
    root = parsed(client.get(it_badge("IMP-2024-0042")))
    assert root.get("class").endswith("impact-badge-active")
    assert "Cooperativa Il Ponte" in texts(root)


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("12345670017", "IT12345670017"),  # a valid VAT number no cooperative has
        ("IMP-2099-0001", "IMP-2099-0001"),  # a certificate number nobody holds
        ("12345678901", None),  # wrong check digit
        ("123", None),
        ("9" * 200, None),
        ("%3Cscript%3Ealert(1)", None),
        ("%22%3E%3Cimg%20src%3Dx%3E", None),
        ("citt%C3%A0%20%E2%98%83", None),
        ("%00", None),
        ("a%0D%0ASet-Cookie:%20x=1", None),
    ],
)
def test_any_other_number_gets_the_neutral_badge_never_an_error(client, site, number, shown):
    response = client.get(it_badge(number), follow=True)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "Set-Cookie" not in response
    root = parsed(response)
    assert root.get("class") == "impact-badge impact-badge-none"
    assert "Non presente nel registro" in texts(root)
    assert "Non presente nel registro" in title(root)
    body = response.content.decode()
    assert "<script" not in body and "<img" not in body
    if shown:
        assert shown in title(root)
    else:
        # Nothing typed into the address is drawn back, only a number that is one.
        assert len(texts(root)) == 3


def test_drafts_and_records_never_certified_are_not_in_the_register(client, site, make_cooperative):
    draft = make_cooperative("Bozza", publish=False)
    pending = make_cooperative("In Attesa", history=[])
    for cooperative in (draft, pending):
        response = client.get(en_badge(cooperative.vat_number))
        assert response.status_code == 404
        root = parsed(response)
        assert "Not in the register" in texts(root)
        assert cooperative.name not in response.content.decode()


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/it/registro/bollino/IT{vat}.svg", "/it/registro/bollino/{vat}.svg"),
        ("/it/registro/bollino/IT%20{vat}.svg", "/it/registro/bollino/{vat}.svg"),
        ("/it/registro/bollino/imp-2024-0042.svg", "/it/registro/bollino/IMP-2024-0042.svg"),
        ("/it/registro/badge/{vat}.svg", "/it/registro/bollino/{vat}.svg"),
        ("/en/register/bollino/{vat}.svg", "/en/register/badge/{vat}.svg"),
    ],
)
def test_a_number_written_otherwise_redirects_to_its_one_address(client, cooperative, path, target):
    vat = cooperative.vat_number
    response = client.get(path.format(vat=vat))
    assert response.status_code == 301
    assert response["Location"] == target.format(vat=vat)
    assert client.get(response["Location"]).status_code == 200


def test_the_badge_is_small_and_holds_no_script_even_with_the_longest_name(
    client, site, make_cooperative
):
    name = ('Cooperativa "Tutti & Tutte" <script>alert(1)</script> ' * 10)[:255]
    cooperative = make_cooperative(name, slug="lunga", history=SUSPENDED)
    for path in (it_badge(cooperative.vat_number), en_badge(cooperative.vat_number)):
        response = client.get(path)
        assert len(response.content) <= 4096
        body = response.content.decode()
        root = parsed(response)
        assert not [element for element in root.iter() if "script" in element.tag]
        assert not re.search(r"\son\w+=|href=|url\(|<!ENTITY|<image|<foreignObject", body)
        assert "&lt;script&gt;" in body  # the name, escaped, in the title
        assert name in title(root)
        # Too long for the badge: cut with an ellipsis, not left to run out of it.
        drawn = texts(root)[1]
        assert drawn.endswith("…") and len(drawn) < 60
    assert len(client.get(it_badge("12345670017")).content) <= 4096


# How it is served ------------------------------------------------------------------------


def test_the_badge_is_cacheable_with_revalidation_and_embeddable_anywhere(client, cooperative):
    path = it_badge(cooperative.vat_number)
    response = client.get(path)
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "max-age=0, must-revalidate"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "Set-Cookie" not in response and not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    etag = response["ETag"]
    assert etag and "Last-Modified" in response
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.head(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(path, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    # Each language has its own ETag: the texts differ.
    assert client.get(en_badge(cooperative.vat_number))["ETag"] != etag
    # The site's pages keep their own policy: only the badge is for other sites.
    page = client.get(f"/it/registro/{cooperative.slug}/")
    assert page.get("Cross-Origin-Resource-Policy") != "cross-origin"
    assert "Access-Control-Allow-Origin" not in page
    assert "default-src 'self'" in page["Content-Security-Policy"]


def test_a_suspension_changes_the_badge_at_once_with_the_page_cache_on(
    client, page_cache, cooperative, django_capture_on_commit_callbacks
):
    paths = (it_badge(cooperative.vat_number), en_badge(cooperative.vat_number))
    for path in paths:
        assert client.get(path)[CACHE_STATUS] == "miss"
        stored = client.get(path)
        assert stored[CACHE_STATUS] == "hit"
        assert "impact-badge-active" in stored.content.decode()
        # What the page cache serves is the same badge, with the same headers.
        assert stored["Content-Type"] == "image/svg+xml; charset=utf-8"
        assert stored["Cross-Origin-Resource-Policy"] == "cross-origin"
        assert "default-src 'none'" in stored["Content-Security-Policy"]
        assert stored["Cache-Control"] == "max-age=0"
        assert "Set-Cookie" not in stored
    etag = client.get(paths[0])["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        CertificationEvent.objects.create(
            cooperative=cooperative, kind="suspended", date=timezone.localdate()
        )
    for path, label in zip(paths, ("Sospeso", "Suspended"), strict=True):
        fresh = client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert (fresh.status_code, fresh[CACHE_STATUS]) == (200, "miss")
        assert "impact-badge-suspended" in fresh.content.decode()
        assert label in texts(parsed(fresh))


def test_the_cdn_is_purged_of_the_cooperatives_badges_in_both_languages(
    page_cache, cdn, cooperative, django_capture_on_commit_callbacks
):
    cdn.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        CertificationEvent.objects.create(
            cooperative=cooperative, kind="suspended", date=timezone.localdate()
        )
    expected = set()
    for page in RegisterPage.objects.live():
        for number in (cooperative.vat_number, "IMP-2024-0042"):
            expected.add(f"{page.get_full_url()}{page.badge_path(number)}")
    assert {url.rsplit("/", 2)[-2] for url in expected} == {"bollino", "badge"}
    assert expected <= set(cdn.purged)


def test_a_mark_shows_expired_the_day_after_its_last_valid_day(
    client, site, make_cooperative, monkeypatch
):
    cooperative = make_cooperative("Ultimo Giorno", history=[("issued", -400, 0)])
    path = en_badge(cooperative.vat_number)
    today = client.get(path)
    assert "impact-badge-active" in today.content.decode()
    assert client.get(path, HTTP_IF_NONE_MATCH=today["ETag"]).status_code == 304

    now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: now() + datetime.timedelta(days=1))
    tomorrow = client.get(path, HTTP_IF_NONE_MATCH=today["ETag"])
    assert tomorrow.status_code == 200  # the ETag holds the day: yesterday's copy is stale
    root = parsed(tomorrow)
    assert root.get("class") == "impact-badge impact-badge-expired"
    assert "Expired" in texts(root)


def test_the_badge_has_a_generous_rate_limit_of_its_own(client, cooperative, settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_STORAGE = "database"
    settings.RATELIMITS = {"badge": (2, 60), "verification": (1, 60)}
    path = it_badge(cooperative.vat_number)
    statuses = [client.get(path, REMOTE_ADDR="192.0.2.90").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    # Not counted against the verification, which has a rule of its own.
    verify = f"/it/registro/verifica/?q={cooperative.vat_number}"
    assert client.get(verify, REMOTE_ADDR="192.0.2.90").status_code == 200


def test_crawlers_are_asked_to_leave_the_badges_alone(client, site):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert {"Disallow: /it/registro/bollino/*.svg", "Disallow: /en/register/badge/*.svg"} <= set(
        lines
    )


# The snippet on the cooperative's page -------------------------------------------------------


def snippet_of(page_html: str) -> str:
    match = re.search(
        r'<label class="form-label" for="badge-code">([^<]+)</label>\s*'
        r'<textarea [^>]*id="badge-code"[^>]*readonly>(.*?)</textarea>',
        page_html,
        re.S,
    )
    assert match, "no labelled snippet"
    return html.unescape(match.group(2))


@pytest.mark.parametrize(
    ("page", "badge", "verification"),
    [
        ("/it/registro/{slug}/", "/it/registro/bollino/{vat}.svg", "/it/registro/verifica/"),
        ("/en/register/{slug}/", "/en/register/badge/{vat}.svg", "/en/register/verify/"),
    ],
)
def test_the_cooperatives_page_gives_the_snippet_to_copy_and_a_preview(
    client, site, make_cooperative, page, badge, verification
):
    name = 'Cooperativa "Sole & Luna" <b>'
    cooperative = make_cooperative(name, slug="sole-luna")
    vat = cooperative.vat_number
    page_html = client.get(page.format(slug="sole-luna")).content.decode()
    snippet = snippet_of(page_html)
    assert "<b>" not in page_html.split('id="badge-code"')[1].split("</textarea>")[0]
    link = re.fullmatch(r'<a href="([^"]+)"><img src="([^"]+)" ([^>]*)></a>', snippet)
    assert link, snippet
    assert link.group(1) == f"http://testserver{verification}?q={vat}"
    assert link.group(2) == "http://testserver" + badge.format(vat=vat)
    alt = re.search(r'alt="([^"]*)"', link.group(3)).group(1)
    assert html.unescape(alt).count(name) == 1  # the name escaped once, for an attribute
    assert 'width="320" height="76"' in link.group(3)
    # The snippet's addresses answer: the badge, and the verification it leads to.
    assert client.get(badge.format(vat=vat)).status_code == 200
    assert name in html.unescape(client.get(f"{verification}?q={vat}").content.decode())
    preview = re.search(r'<p class="badge-preview"><img ([^>]+)></p>', page_html).group(1)
    assert f'src="http://testserver{badge.format(vat=vat)}"' in preview
    assert re.search(r'alt="[^"]+"', preview)


# Colours ---------------------------------------------------------------------------------


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_badge_colours_are_the_sites_and_meet_wcag_aa():
    scss = (ROOT / "static/src/scss/_register.scss").read_text()
    for state, colours in COLOURS.items():
        name = NOT_LISTED if state == NOT_LISTED else state.value
        row = re.search(rf"'{name}': \((#\w+), (#\w+), (#\w+), (#\w+)\)", scss)
        assert row, name
        assert (colours.text, colours.background, colours.accent) == (
            row.group(1),
            row.group(2),
            row.group(4),
        )
        assert contrast(colours.text, colours.background) >= 4.5  # the status word
        assert contrast("#ffffff", colours.mark) >= 4.5  # the sign in the mark
        assert contrast(colours.accent, "#ffffff") >= 3  # the outline (non-text)
    assert f'fill="{BRAND}"' in (ROOT / "static/src/images/favicon.svg").read_text()
    for colour in (HEADING, INK, MUTED):
        assert contrast(colour, "#ffffff") >= 4.5
