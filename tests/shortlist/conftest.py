"""The shortlist's tests: the site's page skeleton and cooperatives from the factories."""

import pytest

from tests.factories import SUSPENDED


@pytest.fixture
def three(site, make_cooperative):
    """Three public cooperatives, one of them suspended, in the order of their names."""
    return [
        make_cooperative("Alfa Servizi"),
        make_cooperative("Beta Pulizie", history=SUSPENDED),
        make_cooperative("Gamma Logistica", workers=40, disadvantaged_workers=14),
    ]


def key(cooperative) -> str:
    return str(cooperative.translation_key)


def add(client, cooperative, next_url: str = "/it/registro/", language: str = "it"):
    path = "/it/selezione/aggiungi/" if language == "it" else "/en/shortlist/add/"
    return client.post(path, {"key": key(cooperative), "next": next_url})
