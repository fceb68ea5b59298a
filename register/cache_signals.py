"""What drops the cached register data (vocabularies, figures): any change to a cooperative,
its sectors and areas, its certification history, or the sectors and areas themselves.
Bulk writes (import, generator) skip signals and call `register_changed()` themselves."""

from home.caching import bump, bump_on_change

REGISTER = "register"


def register_changed() -> None:
    bump(REGISTER)


def connect() -> None:
    from .models import Area, CertificationEvent, Cooperative, Sector

    bump_on_change(REGISTER, Cooperative, CertificationEvent, Sector, Area)
