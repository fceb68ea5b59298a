"""VAT and certificate numbers as people type them: one reading and one set of messages for
the verification page, the API, the listing's search, the admin and the import.

A value is a VAT number when, without spaces, dots and dashes, it is digits alone, optionally
after IT; anything else is a certificate number. Certificate numbers therefore always hold a
letter besides such a prefix (the model refuses any other), so the two never overlap.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _
from stdnum.it import iva

VAT = "vat"
CERTIFICATE = "certificate"

VAT_LENGTH = 11
CERTIFICATE_MAX_LENGTH = 30
# What may stand between the groups of a number typed by hand or pasted from a document.
SEPARATORS = re.compile(r"[\s.\-_/]+")
VAT_SHAPE = re.compile(r"(?:IT)?(\d+)")
CERTIFICATE_SHAPE = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")


def plain_characters(value: str) -> str:
    """Full-width and other compatibility forms as plain characters, any script's digits as
    0-9, every kind of dash as '-', upper case; invisible characters (controls, zero-width
    spaces) dropped, since no number holds them and pasted text often does."""
    text = unicodedata.normalize("NFKC", str(value))
    characters = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Nd":
            characters.append(str(unicodedata.decimal(char)))
        elif category == "Pd" or char == "\u2212":
            characters.append("-")
        elif category in ("Cc", "Cf") and not char.isspace():
            continue
        else:
            characters.append(char)
    return "".join(characters).upper()


def vat_digits(value: str) -> str | None:
    """The digits of a value shaped like a VAT number (any length), or None."""
    match = VAT_SHAPE.fullmatch(SEPARATORS.sub("", plain_characters(value)))
    return match.group(1) if match else None


def normalise_vat(value: str) -> str:
    """'IT 01234.567 890' → '01234567890'; a value not shaped like a VAT number is returned
    compact (letters and digits only, upper case) for its message to quote."""
    digits = vat_digits(value)
    if digits is not None:
        return digits
    return "".join(char for char in plain_characters(value) if char.isalnum())


def normalise_certificate(value: str) -> str:
    """'imp 2023.0042' → 'IMP-2023-0042': separators become single dashes."""
    return SEPARATORS.sub("-", plain_characters(value)).strip("-")


def vat_problem(vat: str) -> str | None:
    """Why a normalised VAT number is not valid, in words a person can act on; None if it is."""
    if not vat.isdigit():
        return _("“%(value)s” is not a VAT number: 11 digits, optionally preceded by IT.") % {
            "value": vat
        }
    if len(vat) != VAT_LENGTH:
        return _("A VAT number has 11 digits; this one has %(count)s.") % {"count": len(vat)}
    try:
        iva.validate(vat)
    except iva.InvalidComponent:
        return _(
            "%(value)s is not a valid VAT number: digits 8 to 10 must be the code of an "
            "Italian tax office."
        ) % {"value": vat}
    except iva.InvalidChecksum:
        return _("The check digit of VAT number %(value)s is wrong: check for a typing error.") % {
            "value": vat
        }
    except iva.ValidationError:
        return _("%(value)s is not a valid Italian VAT number.") % {"value": vat}
    return None


def certificate_problem(number: str) -> str | None:
    """Why a normalised certificate number is not valid; None if it is."""
    if vat_digits(number) is not None:
        return _(
            "“%(value)s” reads as a VAT number: a certificate number also has letters, "
            "e.g. IMP-2023-0042."
        ) % {"value": number}
    if len(number) > CERTIFICATE_MAX_LENGTH:
        message = _(
            "A certificate number has at most %(limit)s characters; this one has %(count)s."
        )
        return message % {"limit": CERTIFICATE_MAX_LENGTH, "count": len(number)}
    if not CERTIFICATE_SHAPE.fullmatch(number):
        return _(
            "“%(value)s” is not a certificate number: it has only letters A–Z, digits and "
            "dashes, e.g. IMP-2023-0042."
        ) % {"value": number}
    return None


@dataclass(frozen=True)
class Number:
    """A value read as a VAT or a certificate number, normalised, with what is wrong with it."""

    kind: str  # VAT or CERTIFICATE
    value: str  # the normalised number: 11 digits without IT, or the certificate number
    problem: str | None = None

    @property
    def is_valid(self) -> bool:
        return self.problem is None


def read_number(value: str) -> Number:
    """Tell a VAT number from a certificate number and check it."""
    digits = vat_digits(value)
    if digits is not None:
        return Number(VAT, digits, vat_problem(digits))
    number = normalise_certificate(value)
    return Number(CERTIFICATE, number, certificate_problem(number))


def read_vat(value: str) -> Number:
    """A value that can only be a VAT number (an API path, the import's VAT column)."""
    vat = normalise_vat(value)
    return Number(VAT, vat, vat_problem(vat))
