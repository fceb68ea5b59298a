"""Property-based tests of the API against its own OpenAPI schema (schemathesis)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode
from stdnum import luhn

from config.wsgi import application
from register.api import api
from register.models import Cooperative

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def vat_numbers(known: list[str]) -> st.SearchStrategy[str]:
    """What the schema's `it-vat` format means: 11 digits, a tax office's code in digits 8 to 10
    and a check digit, optionally after IT; some in the register, most not."""
    offices = st.one_of(st.integers(1, 100).map("{:03d}".format), st.sampled_from(["120", "888"]))
    made_up = st.builds(
        lambda serial, office: f"{serial:07d}{office}", st.integers(1, 9_999_999), offices
    ).map(lambda first_ten: first_ten + luhn.calc_check_digit(first_ten))
    numbers = st.one_of(st.sampled_from(known), made_up) if known else made_up
    return st.tuples(st.sampled_from(["", "IT"]), numbers).map("".join)


@pytest.fixture
def api_schema(client):
    """The schema as the API serves it, with the demo register's sector and area codes."""
    known = list(Cooperative.objects.public().values_list("vat_number", flat=True)[:20])
    schemathesis.openapi.format("it-vat", vat_numbers(known))
    loaded = schemathesis.openapi.from_dict(client.get("/api/v1/openapi.json").json())
    # The generated requests go through the whole site, middleware included.
    loaded.app = application
    return loaded


@pytest.fixture
def keep_the_test_connection(api_schema):
    """Requests here go through the real WSGI handler, which closes the database connection
    when a request ends; inside a test's transaction that would close it under the test (on
    PostgreSQL). Django's own test client unhooks the same handler for the same reason, and hooks it
    back when its request ends: hence after the schema is fetched (`api_schema`)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# One test per operation and kind of data; the schema itself is loaded inside the test, since
# it holds the database's codes (schemathesis's fixture loader does not run on this pytest).
OPERATIONS = [
    (f"/api/v1{path}", method)
    for path, view in api.default_router.path_operations.items()
    for operation in view.operations
    for method in operation.methods
]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_the_api_keeps_to_its_schema(api_schema, keep_the_test_connection, path, method, mode):
    """No 5xx, every answer (errors included) documented and shaped as the schema says, every
    request the schema allows accepted (2xx, or 404 for a record that does not exist) and
    every request it forbids refused."""

    @given(case=api_schema[path][method].as_strategy(generation_mode=mode))
    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,  # the same examples on every run: a failure can be reproduced
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    def keeps_to_it(case):
        case.call_and_validate()

    keeps_to_it()
