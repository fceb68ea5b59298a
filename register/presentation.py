"""What the templates show of a cooperative, in the visitor's language."""

from dataclasses import dataclass, field
from functools import cached_property

import segno
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from chrome.models import SiteSettings
from chrome.templatetags.site_tags import ORGANISATION_WEBSITE

from .models.cooperatives import Cooperative
from .models.events import GRANTING_KINDS, CertificationEvent, Status
from .status_explanation import StatusExplanation, explain
from .term_ids import parse_ids
from .vocabulary import Term, Vocabulary

MARK_NAME = "Impact – Effetto cooperativo"
# schema.org's statuses of a Certification: active, or no longer in effect.
ACTIVE = "https://schema.org/CertificationActive"
INACTIVE = "https://schema.org/CertificationInactive"
CERTIFICATION_STATUS = {Status.ACTIVE: ACTIVE}


@dataclass
class Requirement:
    label: str
    detail: str
    verified_on: object


@dataclass
class CooperativeView:
    record: Cooperative
    url: str
    sectors: list[Term]
    areas: list[Term]
    description: str
    services: str
    quality_path: str
    training: str
    text_language: str | None  # set when the texts are not in the page's language
    events: list[CertificationEvent] = field(default_factory=list)
    verification_url: str = ""
    qr_svg: str = ""
    json_ld: dict = field(default_factory=dict)

    @property
    def status(self):
        return self.record.status

    @cached_property
    def explanation(self) -> StatusExplanation:
        # The history, when loaded, holds the latest event's note: no further query.
        return explain(
            self.record,
            self.events[0].note_for(translation.get_language()) if self.events else ("", None),
        )

    @property
    def requirements(self) -> list[Requirement]:
        record = self.record
        return [
            Requirement(_("Positive outcome of the cooperative audit"), "", record.audit_passed_on),
            Requirement(
                _("Members' meeting beyond the one approving the accounts"),
                "",
                record.extra_assembly_on,
            ),
            Requirement(
                _("Collective agreements of the main cooperative associations"),
                record.ccnl_applied,
                record.ccnl_verified_on,
            ),
            Requirement(
                _("Quality certification path under way"),
                self.quality_path,
                record.quality_verified_on,
            ),
            Requirement(
                _("Technical and professional training"), self.training, record.training_verified_on
            ),
        ]


def _translations(records: list[Cooperative]) -> dict:
    """The live records in the active language, by translation key, in one query."""
    language = translation.get_language()
    if language == settings.LANGUAGE_CODE or not records:
        return {}
    rows = Cooperative.objects.filter(
        translation_key__in=[record.translation_key for record in records],
        locale__language_code=language,
        live=True,
    ).only("translation_key", "description", "services", "quality_path", "training")
    return {row.translation_key: row for row in rows}


def _term_ids(record: Cooperative, name: str) -> list[int]:
    """The record's sector or area ids: annotated by `with_term_ids`, else from the relation."""
    annotated = f"{name[:-1]}_ids"
    if hasattr(record, annotated):
        return parse_ids(getattr(record, annotated))
    return [term.id for term in getattr(record, name).all()]


def _view(record, translated, vocabulary: Vocabulary, url: str) -> CooperativeView:
    source = translated or record
    return CooperativeView(
        record=record,
        url=url,
        sectors=vocabulary.sectors_among(_term_ids(record, "sectors")),
        areas=vocabulary.areas_among(_term_ids(record, "areas")),
        description=source.description,
        services=source.services,
        quality_path=source.quality_path,
        training=source.training,
        text_language=None
        if translated or translation.get_language() == settings.LANGUAGE_CODE
        else settings.LANGUAGE_CODE,
    )


def present_cooperatives(records, vocabulary: Vocabulary, register_page) -> list[CooperativeView]:
    records = list(records)
    translated = _translations(records)
    return [
        _view(
            record,
            translated.get(record.translation_key),
            vocabulary,
            register_page.cooperative_url(record),
        )
        for record in records
    ]


def present_cooperative(
    record: Cooperative, vocabulary: Vocabulary, register_page, request: HttpRequest
) -> CooperativeView:
    view = _view(
        record,
        _translations([record]).get(record.translation_key),
        vocabulary,
        register_page.cooperative_url(record, request),
    )
    view.events = list(record.certification_events.order_by("-date", "-id"))
    language = translation.get_language()
    for event in view.events:
        event.note, event.note_language = event.note_for(language)
    view.verification_url = verification_address(record, register_page, request)
    view.qr_svg = qr_code_svg(view.verification_url)
    view.json_ld = json_ld(view, request)
    return view


def verification_address(record: Cooperative, register_page, request: HttpRequest) -> str:
    """The absolute address of the record's verification, which the QR codes lead to: the
    register's answer today, whenever it is read."""
    return request.build_absolute_uri(
        f"{register_page.verification_url(request)}?q={record.vat_number}"
    )


def qr_code_svg(url: str, title: str = "") -> str:
    """A QR code of `url` as inline SVG; `title` is its text alternative where the SVG is the
    only carrier of it (a PDF's figure)."""
    return segno.make(url, error="m").svg_inline(
        scale=4,
        omitsize=True,  # a viewBox instead, so that CSS can size it
        dark="#1a1a1a",
        light="#ffffff",
        title=title or None,
    )


def json_ld(view: CooperativeView, request: HttpRequest) -> dict:
    """schema.org data of the page: the cooperative as an Organization and its mark as a
    Certification (`hasCertification`), whose status and validity are the status rule's
    (`Cooperative.status`): active is CertificationActive, any other status inactive."""
    record = view.record
    url = request.build_absolute_uri(view.url)
    certification = {
        "@type": "Certification",
        "name": MARK_NAME,
        "certificationStatus": CERTIFICATION_STATUS.get(record.status, INACTIVE),
        "issuedBy": {
            "@type": "Organization",
            "name": SiteSettings.for_request(request).organisation,
            "url": ORGANISATION_WEBSITE,
        },
        "url": view.verification_url,
    }
    if record.certificate_number:
        certification["certificationIdentification"] = record.certificate_number
    # The current period of validity: from the latest issue or renewal to its end.
    granted = next((event for event in view.events if event.kind in GRANTING_KINDS), None)
    if granted:
        certification["validFrom"] = granted.date.isoformat()
    if record.certified_until:
        certification["expires"] = record.certified_until.isoformat()
    # When the requirements of the mark were last checked.
    if checked := [r.verified_on for r in view.requirements if r.verified_on]:
        certification["auditDate"] = max(checked).isoformat()
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": f"{url}#organization",
        "name": record.name,
        # The register records the name as in the register of companies: the legal name.
        "legalName": record.name,
        "url": url,
        "vatID": record.vat_display,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": record.street,
            "postalCode": record.postcode,
            "addressLocality": record.comune,
            "addressRegion": record.province,
            "addressCountry": "IT",
        },
        "hasCertification": certification,
    }
    if record.fiscal_code:
        data["taxID"] = record.fiscal_code
    if record.website:
        data["sameAs"] = record.website
    if record.logo:
        data["logo"] = request.build_absolute_uri(record.logo.file.url)
    if record.email:
        data["email"] = record.email
    if record.phone:
        data["telephone"] = record.phone
    return data
