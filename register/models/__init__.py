from .cooperatives import Cooperative, LegalForm
from .events import CertificationEvent, EventKind, Status
from .import_jobs import ImportJob, JobState, JobStep
from .pages import RegisterPage
from .sites import OperatingSite
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
    "OperatingSite",
    "RegisterPage",
    "Sector",
    "Status",
]
