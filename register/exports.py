"""Exports of the register listing: the same filters, every public field, streamed."""

import csv
import json
import tempfile
from collections.abc import Iterator

from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from .listing import ListingForm, RegisterQuery
from .status_explanation import LATEST_NOTE, explain_status, status_fields, with_latest_note
from .term_ids import parse_ids, with_term_ids
from .vocabulary import Vocabulary

# Stable column names: documented for reuse, never renamed.
COLUMNS = [
    "name",
    "vat_number",
    "fiscal_code",
    "certificate_number",
    "status",
    "status_as_of",
    "status_label",
    "status_since",
    "status_explanation",
    "status_note",
    "first_certified_on",
    "valid_until",
    "latest_event",
    "latest_event_on",
    "legal_form",
    "albo_number",
    "rea_number",
    "sectors",
    "areas",
    "street",
    "postcode",
    "comune",
    "province",
    "website",
    "email",
    "phone",
    "workers",
    "members",
    "disadvantaged_workers",
    "url",
]
CHUNK = 200


# The columns read from the database: plain values in one query (sector and area ids
# aggregated with each row), no model instances; an export of 10,000 rows takes a second.
FIELDS = [
    "name",
    "vat_number",
    "fiscal_code",
    "certificate_number",
    "first_certified_on",
    "certified_until",
    "certification_kind",
    "certification_date",
    "legal_form",
    "albo_number",
    "rea_number",
    "street",
    "postcode",
    "comune",
    "province",
    "website",
    "email",
    "phone",
    "workers",
    "members",
    "disadvantaged_workers",
    "slug",
    "sector_ids",
    "area_ids",
    LATEST_NOTE,
]


def _rows(request: HttpRequest, register_page) -> Iterator[dict]:
    # Not a generator itself: the search by words runs here, before the answer starts, so a
    # search service that is down gives a clear 503 rather than a truncated file.
    vocabulary = Vocabulary()
    form = ListingForm(request.GET, vocabulary)
    form.is_valid()
    queryset = with_latest_note(
        with_term_ids(RegisterQuery(form, vocabulary).queryset().order_by("name", "pk"))
    )
    today = timezone.localdate()
    base = request.build_absolute_uri(register_page.get_url(request))
    sectors = _codes_in_order(vocabulary.sectors)
    areas = _codes_in_order(vocabulary.areas_by_id.values())
    return (
        _row(values, sectors, areas, today, base)
        for values in queryset.values(*FIELDS).iterator(chunk_size=CHUNK)
    )


def _codes_in_order(terms) -> dict[int, tuple[int, str]]:
    """id → (position in the vocabulary, code): codes are listed in the vocabulary's order."""
    return {term.id: (position, term.code) for position, term in enumerate(terms)}


def _joined_codes(ids: str | None, codes: dict[int, tuple[int, str]]) -> str:
    return ";".join(code for _position, code in sorted(codes[i] for i in parse_ids(ids)))


def _row(values: dict, sectors: dict, areas: dict, today, base: str) -> dict:
    def iso(date):
        return date.isoformat() if date else ""

    def number(value):
        return "" if value is None else value

    kind = values["certification_kind"]
    explanation = explain_status(
        kind, values["certified_until"], values["certification_date"], values[LATEST_NOTE], today
    )
    explained = status_fields(explanation)
    return {
        "name": values["name"],
        "vat_number": f"IT{values['vat_number']}",
        "fiscal_code": values["fiscal_code"],
        "certificate_number": values["certificate_number"],
        "status": explanation.status.value,
        "status_as_of": today.isoformat(),
        **explained,
        "status_since": iso(explained["status_since"]),
        "first_certified_on": iso(values["first_certified_on"]),
        "valid_until": iso(values["certified_until"]),
        "latest_event": kind or "",
        "latest_event_on": iso(values["certification_date"]),
        "legal_form": values["legal_form"],
        "albo_number": values["albo_number"],
        "rea_number": values["rea_number"],
        "sectors": _joined_codes(values["sector_ids"], sectors),
        "areas": _joined_codes(values["area_ids"], areas),
        "street": values["street"],
        "postcode": values["postcode"],
        "comune": values["comune"],
        "province": values["province"],
        "website": values["website"],
        "email": values["email"],
        "phone": values["phone"],
        "workers": number(values["workers"]),
        "members": number(values["members"]),
        "disadvantaged_workers": number(values["disadvantaged_workers"]),
        "url": f"{base}{values['slug']}/",
    }


class _Echo:
    def write(self, value: str) -> str:
        return value


def _filename(extension: str) -> str:
    return f"registro-impact-{timezone.localdate().isoformat()}.{extension}"


def export_csv(request: HttpRequest, register_page) -> StreamingHttpResponse:
    """RFC 4180 CSV in UTF-8 (with a BOM, so spreadsheet programs read the accents)."""
    writer = csv.DictWriter(_Echo(), fieldnames=COLUMNS, lineterminator="\r\n")
    rows = _rows(request, register_page)

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writeheader()
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def export_json(request: HttpRequest, register_page) -> StreamingHttpResponse:
    rows = _rows(request, register_page)

    def chunks() -> Iterator[str]:
        yield '{"columns": ' + json.dumps(COLUMNS) + ', "cooperatives": ['
        for index, row in enumerate(rows):
            yield ("," if index else "") + json.dumps(row, ensure_ascii=False)
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{_filename("json")}"'
    return response


def export_xlsx(request: HttpRequest, register_page) -> FileResponse:
    """A write-only workbook in a temporary file: memory stays flat however long the list."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Registro Impact")
    sheet.append(COLUMNS)
    for row in _rows(request, register_page):
        sheet.append([row[column] for column in COLUMNS])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it once sent
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=_filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
