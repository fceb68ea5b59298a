"""The register page's own addresses below it (register.models.pages routes them), and the
slugs a cooperative may therefore not have: `/it/registro/verifica/` is the verification, so
a cooperative whose slug is "verifica" could never be reached."""

# Routes whose slug is translated, like the pages' own slugs.
ROUTE_SLUGS = {
    "verify": {"it": "verifica", "en": "verify"},
    "bulk_verify": {"it": "verifica-elenco", "en": "verify-list"},
    "open_data": {"it": "dati-aperti", "en": "open-data"},
    "map": {"it": "mappa", "en": "map"},
    # The live badge (register.badge): `…/bollino/<number>.svg`, `…/badge/<number>.svg`.
    "badge": {"it": "bollino", "en": "badge"},
    # Followed by "<VAT or certificate number>.pdf" (register/attestation.py).
    "attestation": {"it": "attestato", "en": "attestation"},
}

# Routes of one segment whose slug is the same in every language.
FIXED_SLUGS = ("feed",)

RESERVED_SLUGS = frozenset(
    [*FIXED_SLUGS, *(slug for slugs in ROUTE_SLUGS.values() for slug in slugs.values())]
)
