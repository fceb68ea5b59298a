"""How fresh the register's data is: its last change, and conditional GET built on it.

Every public answer of the register (API, exports, feed) depends on the cooperatives, their
certification events and today's date (a mark expires at midnight). A cheap fingerprint of
those lets clients revalidate with ETag / If-Modified-Since and get a 304 without the answer
being computed again."""

import datetime
import hashlib
from collections.abc import Callable

from django.db.models import Count, Max
from django.http import HttpRequest
from django.utils import timezone
from django.views.decorators.http import condition

from .models.cooperatives import Cooperative
from .models.events import CertificationEvent


def _state() -> tuple:
    cooperatives = Cooperative.objects.aggregate(changed=Max("updated_at"), count=Count("pk"))
    events = CertificationEvent.objects.aggregate(changed=Max("recorded_at"), count=Count("pk"))
    return cooperatives["changed"], cooperatives["count"], events["changed"], events["count"]


def last_changed() -> datetime.datetime | None:
    """When a cooperative or its certification history last changed."""
    cooperative_changed, _, event_changed, _ = _state()
    return max((moment for moment in (cooperative_changed, event_changed) if moment), default=None)


def _request_state(request: HttpRequest) -> tuple:
    # One computation per request: Django asks for the ETag and Last-Modified separately.
    if not hasattr(request, "_register_state"):
        request._register_state = _state()
    return request._register_state


def _etag(request: HttpRequest, *args, **kwargs) -> str:
    state = _request_state(request)
    fingerprint = "|".join(
        [*map(str, state), timezone.localdate().isoformat(), request.get_full_path()]
    )
    return hashlib.sha256(fingerprint.encode()).hexdigest()[:32]


def _last_modified(request: HttpRequest, *args, **kwargs) -> datetime.datetime:
    cooperative_changed, _, event_changed, _ = _request_state(request)
    # Statuses are "as of today": an answer is never older than this morning's midnight.
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    return max(moment for moment in (cooperative_changed, event_changed, midnight) if moment)


def conditional(view: Callable) -> Callable:
    """ETag and Last-Modified from the register's state; 304 when the client's copy is current."""
    return condition(etag_func=_etag, last_modified_func=_last_modified)(view)
