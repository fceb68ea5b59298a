"""The attestation: a PDF of what the register says of a cooperative at the moment it is
downloaded (status, validity, certification history) and where to check it live.

Every cooperative the verification finds has one (any status: an attestation of a suspended,
revoked, withdrawn or expired mark says so in its title and a banner), at
`/it/registro/attestato/<number>.pdf` and `/en/register/attestation/<number>.pdf`. The number
is read as the verification reads it (a VAT number, with or without IT, or a certificate
number); the site's links use the VAT number, which every record has and which never changes.

The PDF is built by WeasyPrint from the template `register/attestation/attestation.html`, in
the page's language, tagged (PDF/UA-1) with its language and metadata, with the site's own
fonts embedded (`infrastructure/pdf.py`). WeasyPrint fetches nothing from the network: its
fetcher serves it the site's static files and refuses every other address. The whole file is
built before the answer starts; a failure is a 503 page and a log line, never part of a file.
"""

import datetime
import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chrome.models import PUBLISHER
from infrastructure.plain_answers import plain_answer

from .models.cooperatives import Cooperative
from .models.events import Status
from .presentation import MARK_NAME, qr_code_svg, verification_address
from .verification import Verification, verify

logger = logging.getLogger(__name__)

TEMPLATE = "register/attestation/attestation.html"


@dataclass(frozen=True)
class Verdict:
    """What the attestation's title and banner say of the status."""

    title: str
    is_valid: bool


def verdict(status: Status) -> Verdict:
    """Only an active mark is attested as valid; the verification finds no other status
    than these five (a record is public once certified)."""
    if status == Status.ACTIVE:
        return Verdict(_("Attestation of the Impact mark"), True)
    return Verdict(
        {
            Status.SUSPENDED: _("NOT VALID: the mark is suspended"),
            Status.REVOKED: _("NOT VALID: the mark is revoked"),
            Status.WITHDRAWN: _("NOT VALID: the cooperative has withdrawn from the register"),
            Status.EXPIRED: _("NOT VALID: the mark has expired"),
        }[status],
        False,
    )


def filename(page, record: Cooperative, moment: datetime.datetime) -> str:
    """`attestato-impact-01234567890-2026-12-03.pdf`, the first word in the page's language."""
    return f"{page.route_slug('attestation')}-impact-{record.vat_number}-{moment:%Y-%m-%d}.pdf"


def render_pdf(html: str, base_url: str) -> bytes:
    # Imported here: WeasyPrint takes 1-3 s to import, which every process (each worker, each
    # command, each test process) would pay at start-up for a page few of them serve.
    from infrastructure import pdf

    return pdf.render_pdf(html, base_url)


def build(result: Verification, page, request: HttpRequest, moment: datetime.datetime) -> bytes:
    """The attestation of the cooperative `result` found, as of `moment` (now: the status is
    today's), in the active language."""
    record = result.cooperative
    explanation = result.explanation  # the status rule's own words (status_explanation)
    language = translation.get_language()
    events = list(record.certification_events.order_by("date", "id"))
    for event in events:
        event.note, event.note_language = event.note_for(language)
    url = verification_address(record, page, request)
    context = {
        "language": language,
        "record": record,
        "mark_name": MARK_NAME,
        "publisher": PUBLISHER,
        "explanation": explanation,
        "verdict": verdict(explanation.status),
        "moment": moment,
        # The day as the site writes dates, then the time on 24 hours: "03 dicembre 2026, 17:42".
        "moment_text": f"{date_format(moment, 'DATE_FORMAT')}, {moment:%H:%M}",
        "time_zone": settings.TIME_ZONE,
        "events": events,
        "verification_url": url,
        "qr_svg": qr_code_svg(
            url, title=_("QR code of the verification address: %(url)s") % {"url": url}
        ),
    }
    html = render_to_string(TEMPLATE, context)
    return render_pdf(html, request.build_absolute_uri("/"))


def not_found(request: HttpRequest, page, result: Verification) -> HttpResponse:
    context = page.get_context(request)
    query = "?" + urlencode({"q": result.query}) if result.query else ""
    context.update(
        status=404, result=result, verification_url=page.verification_url(request) + query
    )
    response = TemplateResponse(request, "register/attestation/not_found.html", context, status=404)
    response["Cache-Control"] = "no-store"
    return response


def serve(request: HttpRequest, page, number: str) -> HttpResponse:
    result = verify(number)
    if result.outcome != "found":
        return not_found(request, page, result)
    moment = timezone.localtime()
    try:
        pdf = build(result, page, request, moment)
    except Exception:
        logger.exception("Attestation %s could not be made", request.path)
        return plain_answer(
            request,
            status=503,
            template="register/attestation/unavailable.html",
            detail=lambda: _("The attestation cannot be made right now. Try again later."),
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = filename(page, result.cooperative, moment)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Length"] = str(len(pdf))
    # Dated to the minute: no cache, shared or private, may keep it.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
