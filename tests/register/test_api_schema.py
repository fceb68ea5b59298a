"""Property-based tests of the API against its own OpenAPI schema (schemathesis)."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from config.wsgi import application
from register.api import api

pytestmark = pytest.mark.django_db

# The schema the API serves at /api/v1/openapi.json (test_api checks that it does), built
# without a request so that it can be loaded when the tests are collected; the generated
# requests then go through the whole site, middleware included.
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema())))
schema.app = application


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests here go through the real WSGI handler, which closes the database connection
    when a request ends; inside a test's transaction that would close it under the test (on
    PostgreSQL). Django's own test client unhooks the same handler for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure can be reproduced
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_schema(case):
    """No 5xx, every answer (errors included) documented and shaped as the schema says.
    Sector and area codes live in the database, so the schema types them as strings: a
    well-formed but unknown code is a documented 400, which is why the check that every
    schema-valid value is accepted does not apply."""
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
