"""Which cooperatives a request reaches: the active certified ones (status today) of one of
its sectors that serve its area, or that have their seat or an operating site within
NEARBY_KM of the comune of the work, through the register's one filter engine
(register.filters.RegisterFilters). A cooperative serving the whole province serves each of
its zones too."""

from django.db.models import QuerySet

from register.comuni import comuni
from register.filters import RegisterFilters
from register.models import Cooperative
from register.vocabulary import Vocabulary

from .models import QuoteRequest

NEARBY_KM = 25  # one of the register's radius choices


def matching(request: QuoteRequest, vocabulary: Vocabulary | None = None) -> QuerySet[Cooperative]:
    vocabulary = vocabulary or Vocabulary()
    area = vocabulary.areas_by_code.get(request.area)
    if area is None or not request.sectors:
        return Cooperative.objects.none()
    ids: set[int] = set()
    work_place = comuni().resolve(request.comune) if request.comune else None
    if work_place is not None and not work_place.has_point:
        work_place = None  # a comune without coordinates in the dataset: by area only
    for sector in request.sectors:
        if sector not in vocabulary.sectors_by_code:
            continue  # a sector removed since: it matches nobody
        params = {"sector": sector, "status": "active"}
        ids.update(
            RegisterFilters({**params, "area": area.code}, vocabulary)
            .narrowed(without={"sort"})
            .values_list("pk", flat=True)
        )
        if area.parent_id is not None:
            # Serving the province means serving this zone of it.
            ids.update(
                RegisterFilters(params, vocabulary)
                .narrowed(without={"sort"})
                .filter(areas__id=area.parent_id)
                .values_list("pk", flat=True)
            )
        if work_place is not None:
            nearby = {**params, "near": request.comune, "radius": str(NEARBY_KM)}
            ids.update(
                RegisterFilters(nearby, vocabulary)
                .narrowed(without={"sort"})
                .values_list("pk", flat=True)
            )
    return Cooperative.objects.filter(pk__in=ids).order_by("name", "pk")


def reachable(cooperatives: QuerySet[Cooperative]) -> tuple[list[Cooperative], list[Cooperative]]:
    """Those with an e-mail address to write to, and those without."""
    with_address, without = [], []
    for cooperative in cooperatives:
        (with_address if cooperative.email else without).append(cooperative)
    return with_address, without
