"""When the register's data last changed, as its open data page tells readers.

This is content (a date shown to people), not a cache validator: the ETags and Last-Modified
of the API, exports and feed come from the content token (infrastructure.invalidation)."""

import datetime

from django.db.models import Max

from .models.cooperatives import Cooperative
from .models.events import CertificationEvent


def last_changed() -> datetime.datetime | None:
    """When a cooperative or its certification history last changed."""
    moments = (
        Cooperative.objects.aggregate(changed=Max("updated_at"))["changed"],
        CertificationEvent.objects.aggregate(changed=Max("recorded_at"))["changed"],
    )
    return max((moment for moment in moments if moment), default=None)
