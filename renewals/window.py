"""The renewal window: when a cooperative's representative may open a renewal, and until when
a renewal extends the mark. The status comes from the register's one rule."""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from register.models import Cooperative
from register.models.events import Status

from .models import RenewalSettings


def opens_on(expires_on: datetime.date, window_days: int) -> datetime.date:
    return expires_on - datetime.timedelta(days=window_days)


def in_window(cooperative: Cooperative, today: datetime.date | None = None) -> bool:
    """Open from `window_days` before the end of validity to that end, while the mark is
    active (a suspended, revoked or expired mark is not renewed online)."""
    today = today or timezone.localdate()
    expires_on = cooperative.certified_until
    if expires_on is None or cooperative.status_on(today) != Status.ACTIVE:
        return False
    window_days = RenewalSettings.load().window_days
    return opens_on(expires_on, window_days) <= today <= expires_on


def renewed_until(expires_on: datetime.date) -> datetime.date:
    """The new end of validity: the old one plus the validity period (the demo's renewals
    run 36 months from the end of the previous validity)."""
    return expires_on + relativedelta(months=RenewalSettings.load().validity_months)
