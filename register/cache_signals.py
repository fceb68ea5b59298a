"""What drops the cached register data (vocabularies, figures): any change to a cooperative,
its sectors and areas, its certification history, or the sectors and areas themselves.
Bulk writes (import, generator) skip signals and call `register_changed()` themselves."""

from home.caching import bump, bump_on_change

REGISTER = "register"


def register_changed() -> None:
    bump(REGISTER)


def connect() -> None:
    # From their own modules: the package `register.models` also holds the page, above us.
    from .models.cooperatives import Cooperative
    from .models.events import CertificationEvent
    from .models.taxonomies import Area, Sector

    bump_on_change(REGISTER, Cooperative, CertificationEvent, Sector, Area)
