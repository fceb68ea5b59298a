"""The share link: a signed, read-only address holding the shortlist's cooperatives.

The keys are packed (16 bytes each, URL-safe base64) and signed with the site's secret under
a salt of its own, so a link opens nothing else and an altered one opens nothing. It does not
expire: it names public records only (their status is read live when it is opened), and a
buyer keeps it with a tender's papers for longer than any expiry we could pick."""

import base64
import binascii
import uuid

from django.core import signing

from .selection import CAP, clean_keys

SALT = "shortlist.share"


def _signer() -> signing.Signer:
    # "." is not in base64url's alphabet and needs no escaping in a URL path.
    return signing.Signer(salt=SALT, sep=".")


def make_token(keys: list[str]) -> str:
    packed = b"".join(uuid.UUID(key).bytes for key in keys)
    return _signer().sign(base64.urlsafe_b64encode(packed).rstrip(b"=").decode())


def read_token(token: str) -> list[str] | None:
    """The keys a link holds, or None when it was altered, cut or made up."""
    if not isinstance(token, str) or len(token) > 2000:
        return None
    try:
        value = _signer().unsign(token)
        packed = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (signing.BadSignature, binascii.Error, ValueError):
        return None
    if not packed or len(packed) % 16 or len(packed) > CAP * 16:
        return None
    return clean_keys(str(uuid.UUID(bytes=packed[i : i + 16])) for i in range(0, len(packed), 16))
