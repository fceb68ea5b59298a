"""Exports of the register listing: the same filters, every public field, streamed."""

import csv
import json
import tempfile
from collections.abc import Iterator

from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from .listing import ListingForm, RegisterQuery
from .models.cooperatives import Cooperative
from .vocabulary import Vocabulary

# Stable column names: documented for reuse, never renamed.
COLUMNS = [
    "name",
    "vat_number",
    "fiscal_code",
    "certificate_number",
    "status",
    "status_as_of",
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
CHUNK = 500


def _rows(request: HttpRequest, register_page) -> Iterator[dict]:
    vocabulary = Vocabulary()
    form = ListingForm(request.GET, vocabulary)
    form.is_valid()
    queryset = (
        RegisterQuery(form, vocabulary)
        .queryset()
        .order_by("name", "pk")
        .prefetch_related("sectors", "areas")
    )
    today = timezone.localdate()
    base = request.build_absolute_uri(register_page.get_url(request))
    for cooperative in queryset.iterator(chunk_size=CHUNK):
        yield _row(cooperative, vocabulary, today, base)


def _row(cooperative: Cooperative, vocabulary: Vocabulary, today, base: str) -> dict:
    def iso(date):
        return date.isoformat() if date else ""

    return {
        "name": cooperative.name,
        "vat_number": cooperative.vat_display,
        "fiscal_code": cooperative.fiscal_code,
        "certificate_number": cooperative.certificate_number,
        "status": cooperative.status.value,
        "status_as_of": today.isoformat(),
        "first_certified_on": iso(cooperative.first_certified_on),
        "valid_until": iso(cooperative.certified_until),
        "latest_event": cooperative.certification_kind or "",
        "latest_event_on": iso(cooperative.certification_date),
        "legal_form": cooperative.legal_form,
        "albo_number": cooperative.albo_number,
        "rea_number": cooperative.rea_number,
        "sectors": ";".join(vocabulary.sectors_by_id[s.id].code for s in cooperative.sectors.all()),
        "areas": ";".join(vocabulary.areas_by_id[a.id].code for a in cooperative.areas.all()),
        "street": cooperative.street,
        "postcode": cooperative.postcode,
        "comune": cooperative.comune,
        "province": cooperative.province,
        "website": cooperative.website,
        "email": cooperative.email,
        "phone": cooperative.phone,
        "workers": cooperative.workers if cooperative.workers is not None else "",
        "members": cooperative.members if cooperative.members is not None else "",
        "disadvantaged_workers": cooperative.disadvantaged_workers
        if cooperative.disadvantaged_workers is not None
        else "",
        "url": f"{base}{cooperative.slug}/",
    }


class _Echo:
    def write(self, value: str) -> str:
        return value


def _filename(extension: str) -> str:
    return f"registro-impact-{timezone.localdate().isoformat()}.{extension}"


def export_csv(request: HttpRequest, register_page) -> StreamingHttpResponse:
    """RFC 4180 CSV in UTF-8 (with a BOM, so spreadsheet programs read the accents)."""
    writer = csv.DictWriter(_Echo(), fieldnames=COLUMNS, lineterminator="\r\n")

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writeheader()
        for row in _rows(request, register_page):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def export_json(request: HttpRequest, register_page) -> StreamingHttpResponse:
    def chunks() -> Iterator[str]:
        yield '{"columns": ' + json.dumps(COLUMNS) + ', "cooperatives": ['
        for index, row in enumerate(_rows(request, register_page)):
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
