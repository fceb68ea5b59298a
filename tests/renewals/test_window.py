"""The renewal window: open from the settings' days before expiry to the expiry, for an
active mark only; a renewal lasts the settings' months from the old end of validity."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from renewals import workflow
from renewals.models import RenewalSettings
from renewals.window import in_window, renewed_until
from tests.factories import SUSPENDED, days

from .conftest import EXPIRES_IN

pytestmark = pytest.mark.django_db


def test_the_window_opens_ninety_days_before_expiry_by_default(cooperative):
    expires_on = cooperative.certified_until
    assert in_window(cooperative)
    assert in_window(cooperative, expires_on - datetime.timedelta(days=90))
    assert not in_window(cooperative, expires_on - datetime.timedelta(days=91))
    assert in_window(cooperative, expires_on)
    assert not in_window(cooperative, expires_on + datetime.timedelta(days=1))  # expired


def test_managers_move_the_window_in_the_settings(cooperative):
    settings = RenewalSettings.load()
    settings.window_days = 30
    settings.save()
    assert not in_window(cooperative)  # 60 days before expiry: not yet
    settings.window_days = 120
    settings.save()
    assert in_window(cooperative, cooperative.certified_until - datetime.timedelta(days=100))


def test_a_suspended_mark_is_not_renewed_online(make_cooperative):
    suspended = make_cooperative("Sospesa", history=[("issued", -1000, 30), *SUSPENDED[1:]])
    assert not in_window(suspended)


def test_outside_the_window_no_renewal_opens(make_cooperative, django_user_model):
    later = make_cooperative("Lontana", history=[("issued", -100, 600)])
    with pytest.raises(ValidationError, match=r"finestra|window"):
        workflow.open_renewal(later, None)
    assert not later.renewals.exists()


def test_one_renewal_at_a_time(cooperative, representative):
    workflow.open_renewal(cooperative, representative)
    with pytest.raises(ValidationError):
        workflow.open_renewal(cooperative, representative)
    assert cooperative.renewals.count() == 1


def test_a_renewal_runs_the_validity_period_from_the_old_end(cooperative):
    assert cooperative.certified_until == days(EXPIRES_IN)
    assert renewed_until(datetime.date(2027, 6, 3)) == datetime.date(2030, 6, 3)  # 36 months
    settings = RenewalSettings.load()
    settings.validity_months = 12
    settings.save()
    assert renewed_until(datetime.date(2027, 6, 3)) == datetime.date(2028, 6, 3)
