"""What a status means to a buyer, since when it holds and why: said once, here, for the
cooperative page, the verification answer (page and JSON), the API and the exports."""

import datetime
import functools
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models.cooperatives import Cooperative
from .models.events import CertificationEvent, EventKind, Status, derive_status, note_for_reader

# The annotation `with_latest_note` adds, read by `latest_note`.
LATEST_NOTE = "latest_public_note"
LATEST_NOTE_EN = "latest_public_note_en"


@dataclass(frozen=True)
class StatusExplanation:
    status: Status
    label: str
    meaning: str  # one plain sentence: what a buyer should make of it
    since: datetime.date | None  # the first day of this status
    since_label: str  # "Suspended since", "Revoked on", …
    note: str  # the public note of the event behind the status ("" for an expiry)
    note_language: str | None  # the note's language where it is not the reader's
    note_label: str
    valid_until: datetime.date | None
    validity_label: str
    validity_note: str  # why the end of validity does not count, where it does not

    @property
    def is_valid(self) -> bool:
        return self.status == Status.ACTIVE


def _meaning(status: Status) -> str:
    return {
        Status.ACTIVE: _("The mark is valid: this cooperative is certified."),
        Status.SUSPENDED: _(
            "The mark is suspended: do not treat this cooperative as certified until it is "
            "reinstated."
        ),
        Status.REVOKED: _(
            "The mark has been revoked: this cooperative is no longer certified and cannot "
            "claim it."
        ),
        Status.WITHDRAWN: _(
            "The cooperative has left the register at its own request: it is no longer "
            "certified and cannot claim the mark."
        ),
        Status.EXPIRED: _(
            "The mark has expired and has not been renewed: this cooperative is no longer "
            "certified."
        ),
        Status.PENDING: _("This cooperative is not certified yet: it does not hold the mark."),
    }[status]


def _since_label(status: Status, kind: str | None) -> str:
    if status == Status.ACTIVE:
        # An active mark has no single start: name the latest event that granted it.
        return {
            EventKind.ISSUED: _("Issued on"),
            EventKind.RENEWED: _("Renewed on"),
            EventKind.REINSTATED: _("Reinstated on"),
        }.get(kind, "")
    return {
        Status.SUSPENDED: _("Suspended since"),
        Status.REVOKED: _("Revoked on"),
        Status.WITHDRAWN: _("Withdrawn on"),
        Status.EXPIRED: _("Expired since"),
    }.get(status, "")


def _validity(status: Status) -> tuple[str, str]:
    return {
        Status.ACTIVE: (_("Valid until"), ""),
        Status.SUSPENDED: (
            _("End of validity"),
            _("It does not apply while the mark is suspended."),
        ),
        Status.REVOKED: (_("End of validity"), _("It no longer applies: the mark was revoked.")),
        Status.WITHDRAWN: (
            _("End of validity"),
            _("It no longer applies: the cooperative withdrew from the register."),
        ),
        Status.EXPIRED: (_("Valid until"), ""),
    }.get(status, ("", ""))


def explain_status(
    kind: str | None,
    valid_until: datetime.date | None,
    event_date: datetime.date | None,
    note: tuple[str, str | None] = ("", None),
    today: datetime.date | None = None,
) -> StatusExplanation:
    """The explanation from the record's certification fields (`certification_kind`,
    `certified_until`, `certification_date`) and its latest event's public note for the
    reader, with the note's language where it is not the reader's (`note_for_reader`)."""
    note_text, note_language = note
    status = derive_status(kind, valid_until, today or timezone.localdate())
    if status == Status.EXPIRED and valid_until:
        # Caused by the calendar, not by an event: it starts the day after the last valid one.
        since = valid_until + datetime.timedelta(days=1)
        note_text, note_language = "", None
    elif status == Status.EXPIRED:  # a granting event without an end date: never valid
        since = event_date
    else:
        since = event_date if status != Status.PENDING else None
    words = _words(status, kind, translation.get_language())
    return StatusExplanation(
        status=status,
        label=words.label,
        meaning=words.meaning,
        since=since,
        since_label=words.since_label,
        note=note_text.strip(),
        note_language=note_language,
        note_label=words.note_label,
        valid_until=valid_until if status != Status.PENDING else None,
        validity_label=words.validity_label,
        validity_note=words.validity_note,
    )


class _Words(NamedTuple):
    label: str
    meaning: str
    since_label: str
    note_label: str
    validity_label: str
    validity_note: str


def _note_label(status: Status) -> str:
    if status == Status.ACTIVE:
        return _("Note")
    if status == Status.WITHDRAWN:  # the cooperative's decision, not the register's finding
        return _("Note of the register")
    return _("Reason given by the register")


@functools.lru_cache(maxsize=128)
def _words(status: Status, kind: str | None, language: str | None) -> _Words:
    """What is said of a status, in the active language (`language`, the key): the same for
    every record, so that an export of thousands of rows translates it once, not per row."""
    return _Words(
        str(status.label),
        _meaning(status),
        _since_label(status, kind),
        _note_label(status),
        *_validity(status),
    )


def with_latest_note(queryset: QuerySet[Cooperative]) -> QuerySet[Cooperative]:
    """Each row's latest event's public note, read in the same query."""
    latest = CertificationEvent.objects.filter(cooperative_id=OuterRef("pk")).order_by(
        "-date", "-id"
    )
    return queryset.annotate(
        **{
            LATEST_NOTE: Subquery(latest.values("public_note")[:1]),
            LATEST_NOTE_EN: Subquery(latest.values("public_note_en")[:1]),
        }
    )


def latest_note(record) -> tuple[str, str | None]:
    """The latest event's public note for the reader (`with_latest_note`'s annotations, a
    `values()` row of them, or else one query), with its language where it is not theirs."""
    language = translation.get_language()
    if isinstance(record, dict):
        return note_for_reader(record[LATEST_NOTE], record[LATEST_NOTE_EN], language)
    if hasattr(record, LATEST_NOTE):
        return note_for_reader(
            getattr(record, LATEST_NOTE), getattr(record, LATEST_NOTE_EN), language
        )
    event = record.certification_events.order_by("-date", "-id").first()
    return event.note_for(language) if event else ("", None)


def explain(record: Cooperative, note: tuple[str, str | None] | None = None) -> StatusExplanation:
    return explain_status(
        record.certification_kind,
        record.certified_until,
        record.certification_date,
        latest_note(record) if note is None else note,
    )
