"""With the page cache on, the renewal shows on the public page at once (the event replaces
the content token), and the evidence is never stored in the page cache."""

import pytest
from django.test import Client
from django.urls import reverse

from renewals import workflow
from renewals.models import Evidence

pytestmark = pytest.mark.django_db


def test_the_public_page_shows_the_renewal_at_once(client, site, submitted, manager, page_cache):
    server, prefix = page_cache
    client.get("/it/")  # the factories' site gets its settings on the first request
    url = f"/it/registro/{submitted.cooperative.slug}/"
    assert [client.get(url)["X-Wagtail-Cache"] for _ in range(2)] == ["miss", "hit"]
    assert "Rinnovato" not in client.get(url).content.decode()
    for item in submitted.items.all():
        workflow.review(item, manager, True, "")
    workflow.renew(submitted, manager)
    fresh = client.get(url)
    assert fresh["X-Wagtail-Cache"] == "miss"
    assert "Rinnovato" in fresh.content.decode()

    stored = set(server.scan_iter(f"{prefix}:*"))
    signed_in = Client()
    signed_in.force_login(manager)
    document = Evidence.objects.filter(item__renewal=submitted).first()
    for _ in range(2):
        response = signed_in.get(reverse("renewals_evidence", args=[document.pk]))
        assert response.status_code == 200
        assert response.get("X-Wagtail-Cache") != "hit"
    assert set(server.scan_iter(f"{prefix}:*")) == stored
