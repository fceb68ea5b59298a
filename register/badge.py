"""The live badge: an SVG that a cooperative embeds on its own website, showing the mark and
its status today, served from the register so that nobody can fake it.

`…/it/registro/bollino/<number>.svg` and `…/en/register/badge/<number>.svg` (RegisterPage's
"badge" route): the number is a VAT or certificate number, read by `register.numbers`; the
status is the verification's answer (`register.verification.verify`: the one status rule, the
same records). The cooperative's page shows the HTML to copy (`snippet`), whose link leads to
the verification page.

Answers:
- a cooperative of the register (active, suspended, revoked, withdrawn or expired): 200;
- any other number, a draft, or something that is no number: the neutral "not in the
  register" badge with 404. Browsers show the body of a 404 in an <img> all the same, so an
  embedding site never shows a broken image; the status tells link checkers of a wrong number,
  and neither the page cache nor a CDN keeps answers for made-up numbers;
- the other language's slug, or a number written another way (`IT…`, lower case): a permanent
  redirect to the one address, the one the CDN is purged of.

Caching: ETag and Last-Modified from the content token and the day (`conditional`), so a
browser revalidates for a 304; `max-age=0`, and with the page cache on the page cache stores it
and says what browsers and a CDN may keep (purged of both languages' badges on any change of
the cooperative, register/receivers.py). No cookie, no session: nothing in it is personal.
"""

import datetime
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

from csp.decorators import csp
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from infrastructure.invalidation import conditional

from .models.events import Status
from .numbers import VAT, read_number
from .presentation import MARK_NAME, CooperativeView
from .verification import verify

WIDTH, HEIGHT = 320, 76
TEXT_X = 74  # where the text starts, right of the mark
TEXT_WIDTH = WIDTH - TEXT_X - 12
NOT_LISTED = "none"


@dataclass(frozen=True)
class Colours:
    text: str  # the status word, on `background`
    background: str
    accent: str  # the border and the pill's outline
    mark: str  # the square of the mark, under a white sign


# The site's status colours ($status-colors in static/src/scss/_register.scss: text, badge
# background, accent line; tests/register/test_badge.py keeps them equal). Only an active mark
# is drawn in the brand's colour (static/src/images/favicon.svg), so that no other status
# looks like a valid mark.
BRAND = "#00665e"
INK = "#1a1a1a"
HEADING = "#00332f"  # $brand-darker
MUTED = "#3d4852"
COLOURS = {
    Status.ACTIVE: Colours("#0b5d37", "#e2f3e9", "#15803d", BRAND),
    Status.SUSPENDED: Colours("#5c3d00", "#ffeab0", "#b47b00", "#5c3d00"),
    Status.REVOKED: Colours("#9b1c1c", "#fde4e4", "#c81e1e", "#9b1c1c"),
    Status.WITHDRAWN: Colours("#3b2f85", "#ebe8fa", "#6d5bd0", "#3b2f85"),
    Status.EXPIRED: Colours("#3d4852", "#e7ebef", "#6b7785", "#3d4852"),
    NOT_LISTED: Colours("#3d4852", "#e7ebef", "#5d7083", "#3d4852"),
}
# The sign in the mark's square (48 by 48, stroked in white): a tick only when active.
SIGNS = {
    Status.ACTIVE: "M14 25l7 7 13-15",
    Status.SUSPENDED: "M19 15v18M29 15v18",
    Status.REVOKED: "M16 16l16 16M32 16L16 32",
    Status.WITHDRAWN: "M13 24h20M26 16l8 8-8 8",  # an arrow out: it left of its own will
    Status.EXPIRED: "M35 24a11 11 0 1 1-22 0a11 11 0 1 1 22 0M24 18v6l4 3",
    NOT_LISTED: "M15 24h18",
}

# Rough advance widths of Arial/Helvetica (what an SVG in an <img> draws with: it loads no
# font), in em, to cut a long name before it leaves the badge. On the wide side on purpose.
NARROW, WIDE = set("fijlrtI.,;:'!|()[] "), set("mwMW@%")


def text_width(text: str, size: float, bold: bool = False) -> float:
    em = 0.0
    for char in text:
        if char in NARROW:
            em += 0.32
        elif char in WIDE:
            em += 0.9
        elif char.isupper() or char.isdigit():
            em += 0.7 if char.isupper() else 0.56
        else:
            em += 0.56
    return em * size * (1.08 if bold else 1.0)


def fit(text: str, size: float, width: float, bold: bool = False) -> str:
    """`text`, cut with an ellipsis where it would be wider than `width`."""
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip(" ,;:.–-") + "…"


def printable(text: str) -> str:
    """No control or invisible characters: XML refuses most of them, and no name needs one."""
    return "".join(char for char in text if unicodedata.category(char)[0] != "C")


@dataclass(frozen=True)
class Badge:
    """What a badge says: the state ("active"… or "none") and the texts, in the active language
    (translated here rather than in the SVG template, which makemessages does not read)."""

    state: str
    name: str  # the cooperative, or the number asked about ("" when none)
    label: str  # the status ("" when not in the register)
    as_of: datetime.date

    @property
    def is_listed(self) -> bool:
        return self.state != NOT_LISTED

    @property
    def not_listed(self) -> str:
        return _("Not in the register")

    @property
    def as_of_text(self) -> str:
        return _("status as of %(date)s") % {"date": date_format(self.as_of, "DATE_FORMAT")}

    @property
    def title(self) -> str:
        """What a screen reader says of the badge: all of it in one sentence."""
        values = {
            "mark": MARK_NAME,
            "name": self.name,
            "status": self.label if self.is_listed else self.not_listed,
            "as_of": self.as_of_text,
        }
        if self.name:
            return _("%(mark)s – %(name)s: %(status)s, %(as_of)s") % values
        return _("%(mark)s: %(status)s, %(as_of)s") % values


def badge_for(number: str) -> Badge:
    """The badge of a VAT or certificate number today, by the verification's own answer."""
    result = verify(number)
    if result.cooperative is None:
        # The number only when it is one: nothing typed into the address is drawn back.
        shown = ""
        if result.number is not None and result.number.is_valid:
            value = result.number.value
            shown = f"IT{value}" if result.number.kind == VAT else value
        return Badge(NOT_LISTED, shown, "", result.today)
    status = result.status
    if status not in COLOURS:  # pending: never public, so never here; neutral all the same
        return Badge(NOT_LISTED, "", "", result.today)
    return Badge(status.value, printable(result.cooperative.name), status.label, result.today)


def render_badge(badge: Badge) -> str:
    """The SVG, from register/templates/register/badge.svg: every text escaped by the
    template, no script, no external resource."""
    colours = COLOURS[badge.state]
    name = fit(badge.name, 12, TEXT_WIDTH)
    pill_width = 2 * round(text_width(badge.label, 11, bold=True) / 2 + 9)  # even: whole centre
    context = {
        "width": WIDTH,
        "height": HEIGHT,
        "language": get_language(),
        "badge": badge,
        "mark_name": MARK_NAME,
        "name": name,
        "colours": colours,
        "sign": SIGNS[badge.state],
        "text_x": TEXT_X,
        "pill_width": pill_width,
        "pill_centre": TEXT_X + pill_width // 2,
        "date_x": TEXT_X + pill_width + 6,
        "ink": INK,
        "heading": HEADING,
        "muted": MUTED,
    }
    return render_to_string("register/badge.svg", context)


def canonical_number(number: str) -> str:
    """The one way a badge's number is written in its address: the normalised number (11
    digits without IT, or the certificate number in capitals); anything else as given."""
    reading = read_number(number)
    return reading.value if reading.is_valid else number


def _svg(request: HttpRequest, number: str) -> HttpResponse:
    badge = badge_for(number)
    response = HttpResponse(
        render_badge(badge),
        content_type="image/svg+xml; charset=utf-8",
        status=200 if badge.is_listed else 404,
    )
    # Browsers ask again every time (the ETag makes that a 304); with the page cache on, it
    # stores the answer and says what browsers and a CDN may keep (pagecache.py).
    response["Cache-Control"] = "max-age=0, must-revalidate"
    # Other sites show it: as an <img> (CORP, for sites that isolate themselves with COEP)
    # and, should one draw it on a canvas, read it (CORS; it is public and sends no cookie).
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Access-Control-Allow-Origin"] = "*"
    return response


# Opened on its own, it runs nothing and loads nothing: the policy of downloaded files.
_conditional_svg = csp(settings.CONTENT_SECURITY_POLICY_DOWNLOADS["DIRECTIVES"])(conditional(_svg))


def badge_response(request: HttpRequest, page, number: str) -> HttpResponse:
    """The badge of `number` under the register page `page` (the body of its "badge" route)."""
    address = page.badge_url(canonical_number(number), request)
    if unquote(address) != request.path:
        return HttpResponsePermanentRedirect(address)
    return _conditional_svg(request, number)


def snippet(page, cooperative: CooperativeView, request: HttpRequest) -> dict:
    """The HTML a cooperative copies into its site (the badge linked to its verification
    page, the one its QR code leads to), with absolute addresses, in the page's language."""
    record = cooperative.record
    badge_url = request.build_absolute_uri(page.badge_url(record.vat_number, request))
    verification_url = cooperative.verification_url
    html = render_to_string(
        "register/includes/badge_snippet.html",
        {
            "badge_url": badge_url,
            "verification_url": verification_url,
            "name": record.name,
            "width": WIDTH,
            "height": HEIGHT,
        },
    ).strip()
    return {
        "html": html,
        "badge_url": badge_url,
        "verification_url": verification_url,
        "width": WIDTH,
        "height": HEIGHT,
    }
