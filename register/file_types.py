"""What an uploaded file is, from its first bytes: the import and the bulk verification both
tell a spreadsheet from an image or an archive given the wrong name, in the same words."""

from django.utils.translation import gettext_lazy as _

SIGNATURES = [
    (b"\x89PNG", _("a PNG image")),
    (b"\xff\xd8\xff", _("a JPEG image")),
    (b"GIF8", _("a GIF image")),
    (b"%PDF", _("a PDF document")),
    (b"\xd0\xcf\x11\xe0", _("an old Excel .xls or other Office 97-2003 file")),
    (b"PK\x03\x04", _("a ZIP archive")),
    (b"\x1f\x8b", _("a gzip archive")),
    (b"Rar!", _("a RAR archive")),
    (b"7z\xbc\xaf", _("a 7-Zip archive")),
]
ZIP_SIGNATURE = b"PK\x03\x04"  # an .xlsx workbook is a ZIP archive


def describe_binary(data: bytes) -> str | None:
    """'a PNG image'… in the active language, or None for data that starts like none of them."""
    for signature, description in SIGNATURES:
        if data.startswith(signature):
            return str(description)
    return None
