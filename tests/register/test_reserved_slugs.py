"""A cooperative's page lives beside the register's own routes (`/it/registro/<slug>/`): a slug
that is a route's (`verifica`, `mappa`, `feed`…) would make the cooperative unreachable, so
it is refused in the admin and avoided by the import."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from register.importing import unique_slug
from register.models import RegisterPage
from register.routes import RESERVED_SLUGS

pytestmark = pytest.mark.django_db


def one_segment_routes() -> set[str]:
    """The first segment of every route that a cooperative's slug could take the place of."""
    found = set()
    for pattern in RegisterPage().get_subpage_urls():
        text = str(pattern.pattern).lstrip("^")
        segment = text.split("/", 1)[0]
        if re.fullmatch(r"[-a-z0-9]+", segment):
            found.add(segment)
    return found


def test_every_route_of_the_register_page_is_reserved():
    routes = one_segment_routes()
    assert {"verifica", "verify", "mappa", "map", "feed", "verifica-elenco"} <= routes
    assert routes <= RESERVED_SLUGS


def test_the_admin_refuses_a_route_as_a_cooperatives_slug(make_cooperative):
    cooperative = make_cooperative("Cooperativa Verifica")
    cooperative.slug = "verifica"
    with translation.override("it"), pytest.raises(ValidationError) as refused:
        cooperative.full_clean()
    assert refused.value.message_dict["slug"] == [
        "«verifica» è l'indirizzo di una pagina del registro: scegli un altro slug."
    ]


def test_the_import_gives_another_slug_to_a_cooperative_named_like_a_route():
    assert unique_slug("Mappa", taken=set()) == "mappa-2"
    assert unique_slug("Feed", taken={"feed-2"}) == "feed-3"
    assert unique_slug("Mappe Srl", taken=set()) == "mappe-srl"
