"""The background half of an approval: sending the request to its cooperatives, done by the
worker (django-tasks) so that a request reaching hundreds does not hold the manager's page."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_tasks import task

from register.models import Cooperative

from . import workflow
from .models import QuoteRequest


@task()
def send_request(request_id: int, cooperative_ids: list[int]) -> int:
    request = QuoteRequest.objects.filter(pk=request_id).first()
    if request is None:
        return 0  # erased meanwhile
    return workflow.send(request, cooperative_ids)


@transaction.atomic
def approve_and_send(
    request: QuoteRequest, user: AbstractBaseUser, cooperatives: list[Cooperative]
) -> None:
    workflow.approve(request, user)
    ids = [cooperative.pk for cooperative in cooperatives]
    # Queued once the approval is saved: the worker must find it approved.
    transaction.on_commit(lambda: send_request.enqueue(request.pk, ids))
