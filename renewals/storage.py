"""The private storage of evidence: under PRIVATE_MEDIA_ROOT (outside MEDIA_ROOT), with no
public address; files are read only through renewals.views.evidence."""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    # Read from the settings at each use (not at import), so tests can move it.
    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public address.")


def evidence_path(instance, filename: str) -> str:
    """A name of our own (the uploader's name is kept only as data): renewal/uuid.ext."""
    extension = os.path.splitext(filename)[1].lower()
    return f"renewals/{instance.item.renewal_id}/{uuid.uuid4().hex}{extension}"
