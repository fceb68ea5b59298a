"""What an evidence upload must be: a PDF, PNG or JPEG by its content (not its name), within
the size the settings allow, under a plain file name. Anything else is refused with a message
saying what is wrong, before anything is written."""

import os
import unicodedata

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from register.file_types import describe_binary

# Content type by first bytes, and the extensions each may carry.
ACCEPTED = [
    (b"%PDF-", "application/pdf", {".pdf"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}),
    (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}),
]
NAME_LENGTH = 100


def clean_name(raw: str) -> str:
    """The name to keep and offer at download; a name with a path in it is refused (a
    browser sends the file's own name, never a path)."""
    name = unicodedata.normalize("NFC", raw or "")
    if (
        not name.strip()
        or any(part in name for part in ("/", "\\", "\x00"))
        or name.strip().startswith(".")
        or ".." in name
    ):
        raise ValidationError(
            _("The file name “%(name)s” is not a plain file name: rename the file and try again.")
            % {"name": name[:NAME_LENGTH]}
        )
    stem, extension = os.path.splitext(name)
    stem = get_valid_filename(stem.strip())[: NAME_LENGTH - len(extension)] or "document"
    return f"{stem}{extension.lower()}"


def check_upload(upload: UploadedFile, max_bytes: int) -> tuple[str, str]:
    """(the clean name, the content type), or a ValidationError saying what is wrong."""
    name = clean_name(upload.name)
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s MB: the largest accepted is %(max)s MB.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}", "max": max_bytes // (1024 * 1024)}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    extension = os.path.splitext(name)[1]
    for signature, content_type, extensions in ACCEPTED:
        if head.startswith(signature):
            if extension not in extensions:
                raise ValidationError(
                    _(
                        "The file is named “%(name)s” but its content is %(kind)s: give it its "
                        "real extension (%(extensions)s)."
                    )
                    % {
                        "name": name,
                        "kind": describe_binary(head) or content_type,
                        "extensions": ", ".join(sorted(extensions)),
                    }
                )
            return name, content_type
    kind = describe_binary(head)
    if kind:
        message = _("The file is %(kind)s: send a PDF, PNG or JPEG file.") % {"kind": kind}
    else:
        message = _("The file is not a PDF, PNG or JPEG file: send one of those.")
    raise ValidationError(message)
