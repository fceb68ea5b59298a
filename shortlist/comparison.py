"""The comparison of up to four shortlisted cooperatives: one row per fact, one column per
cooperative, in the active language."""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from register.comuni import Comune
from register.distance import with_distance
from register.models import Cooperative
from register.schema import FIELDS

from .records import Entry

MAX_COMPARED = 4
DASH = "–"


@dataclass
class Row:
    heading: str
    cells: list[SafeString | str] = field(default_factory=list)


def _date(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else DASH


def _number(value) -> str:
    return number_format(value) if value is not None else DASH


def _terms(terms) -> SafeString | str:
    if not terms:
        return DASH
    items = format_html_join("", "<li>{}</li>", ((term.name,) for term in terms))
    return format_html('<ul class="compare-list">{}</ul>', items)


def _status(entry: Entry) -> SafeString:
    return format_html(
        "{}<p class='compare-note'>{}</p>",
        render_to_string(
            "register/includes/status_badge.html", {"status": entry.explanation.status}
        ),
        entry.explanation.meaning,
    )


def _validity(entry: Entry) -> str:
    explanation = entry.explanation
    if not explanation.valid_until:
        return DASH
    text = _date(explanation.valid_until)
    if explanation.validity_note:
        text = f"{text}. {explanation.validity_note}"
    return text


def _requirement(requirement) -> SafeString | str:
    if not requirement.verified_on and not requirement.detail:
        return DASH
    checked = (
        _("verified on %(date)s") % {"date": _date(requirement.verified_on)}
        if requirement.verified_on
        else _("no date recorded")
    )
    if requirement.detail:
        return format_html(
            "{}<br><span class='compare-note'>{}</span>", requirement.detail, checked
        )
    return checked


def _distances(entries: list[Entry], comune: Comune) -> list[str]:
    """From the comune's centre to each cooperative's nearest site, measured as the listing
    measures it (register.distance), in one query."""
    measured = dict(
        with_distance(
            Cooperative.objects.filter(pk__in=[entry.record.pk for entry in entries]),
            (comune.latitude, comune.longitude),
        ).values_list("pk", "distance_km")
    )
    return [
        _("%(distance)s km") % {"distance": number_format(km, 0)}
        if (km := measured.get(entry.record.pk)) is not None
        else DASH
        for entry in entries
    ]


def rows(entries: list[Entry], near: Comune | None = None) -> list[Row]:
    """The table's rows (with the distance from `near`, a comune with a point, if given);
    each cell is plain text (escaped by the template) or built here with format_html (every
    value escaped)."""

    def heading(name: str) -> str:
        return FIELDS[name].heading

    records = [entry.record for entry in entries]
    table = [
        Row(heading("status"), [_status(entry) for entry in entries]),
        Row(
            entries[0].explanation.validity_label if entries else heading("valid_until"),
            [_validity(entry) for entry in entries],
        ),
        Row(
            heading("certificate_number"),
            [record.certificate_number or DASH for record in records],
        ),
        Row(
            heading("first_certified_on"), [_date(record.first_certified_on) for record in records]
        ),
        Row(heading("legal_form"), [record.get_legal_form_display() for record in records]),
        Row(heading("comune"), [f"{record.comune} ({record.province})" for record in records]),
        *(
            [Row(_("Distance from %(comune)s") % {"comune": near.name}, _distances(entries, near))]
            if near
            else []
        ),
        Row(heading("sectors"), [_terms(entry.view.sectors) for entry in entries]),
        Row(heading("areas"), [_terms(entry.view.areas) for entry in entries]),
        Row(heading("workers"), [_number(record.workers) for record in records]),
        Row(heading("members"), [_number(record.members) for record in records]),
        Row(
            heading("disadvantaged_workers"),
            [_number(record.disadvantaged_workers) for record in records],
        ),
    ]
    if entries:
        # The requirements of the mark, each with the date the register checked it.
        for index, requirement in enumerate(entries[0].view.requirements):
            table.append(
                Row(
                    requirement.label,
                    [_requirement(entry.view.requirements[index]) for entry in entries],
                )
            )
    return table
