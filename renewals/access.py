"""Who may see which renewal: register managers (the review permission) every one, a
cooperative's representative those of their own cooperative, nobody else any."""

from django.db.models import QuerySet

from representatives.models import cooperative_of

from .models import REVIEW_PERMISSION, Renewal


def is_manager(user) -> bool:
    return bool(user.is_active and user.has_perm(REVIEW_PERMISSION))


def may_use(user) -> bool:
    return is_manager(user) or cooperative_of(user) is not None


def renewals_for(user) -> QuerySet[Renewal]:
    renewals = Renewal.objects.select_related("cooperative")
    if is_manager(user):
        return renewals
    cooperative = cooperative_of(user)
    if cooperative is None:
        return renewals.none()
    return renewals.filter(cooperative=cooperative)
