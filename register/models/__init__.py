from .cooperatives import Cooperative, LegalForm
from .events import CertificationEvent, EventKind, Status
from .pages import RegisterPage
from .taxonomies import Area, Sector

__all__ = [
    "Area",
    "CertificationEvent",
    "Cooperative",
    "EventKind",
    "LegalForm",
    "RegisterPage",
    "Sector",
    "Status",
]
