"""Which cooperatives a request reaches: the active certified ones (status today) of one of
its sectors that serve its area, through the register's one filter engine
(register.filters.RegisterFilters). A cooperative serving the whole province serves each of
its zones too. The comune is handed over as the `near` filter: the filters ignore it until
the register has distance, and then narrow by it with no change here."""

from django.db.models import QuerySet

from register.filters import RegisterFilters
from register.models import Cooperative
from register.vocabulary import Vocabulary

from .models import QuoteRequest


def matching(request: QuoteRequest, vocabulary: Vocabulary | None = None) -> QuerySet[Cooperative]:
    vocabulary = vocabulary or Vocabulary()
    area = vocabulary.areas_by_code.get(request.area)
    if area is None or not request.sectors:
        return Cooperative.objects.none()
    ids: set[int] = set()
    for sector in request.sectors:
        if sector not in vocabulary.sectors_by_code:
            continue  # a sector removed since: it matches nobody
        params = {"sector": sector, "status": "active", "near": request.comune}
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
    return Cooperative.objects.filter(pk__in=ids).order_by("name", "pk")


def reachable(cooperatives: QuerySet[Cooperative]) -> tuple[list[Cooperative], list[Cooperative]]:
    """Those with an e-mail address to write to, and those without."""
    with_address, without = [], []
    for cooperative in cooperatives:
        (with_address if cooperative.email else without).append(cooperative)
    return with_address, without
