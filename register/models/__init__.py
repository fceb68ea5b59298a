from .cooperatives import Cooperative, LegalForm
from .events import CertificationEvent, EventKind, Status
from .import_jobs import ImportJob, JobState, JobStep
from .pages import RegisterPage
from .taxonomies import Area, Sector

__all__ = [
    "Area",
    "CertificationEvent",
    "Cooperative",
    "EventKind",
    "ImportJob",
    "JobState",
    "JobStep",
    "LegalForm",
    "RegisterPage",
    "Sector",
    "Status",
]
