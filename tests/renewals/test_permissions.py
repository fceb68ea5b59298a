"""Each renewal and each document is for its cooperative's representatives and the register
managers only: another cooperative's representative and editors get 404 on every renewal
and document address (refused on the list), a representative cannot review or decide, a manager
cannot write the representative's facts."""

import pytest
from django.urls import reverse

from renewals.models import Evidence, ItemState, RenewalSettings, State

pytestmark = pytest.mark.django_db


def refused(response) -> bool:
    """Wagtail answers a refused admin action by sending the user to the dashboard with
    its "no permission" message; a 403 would do as well."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def addresses(renewal) -> list[tuple[str, str]]:
    item = renewal.items.first()
    document = Evidence.objects.filter(item__renewal=renewal).first()
    return [
        ("get", reverse("renewals_detail", args=[renewal.pk])),
        ("post", reverse("renewals_item", args=[renewal.pk, item.pk])),
        ("post", reverse("renewals_submit", args=[renewal.pk])),
        ("post", reverse("renewals_review", args=[renewal.pk, item.pk])),
        ("post", reverse("renewals_decide", args=[renewal.pk])),
        ("get", reverse("renewals_evidence", args=[document.pk])),
    ]


@pytest.mark.parametrize("who", ["other_representative", "editor"])
def test_outsiders_get_404_on_every_renewal_address(client, request, submitted, who):
    client.force_login(request.getfixturevalue(who))
    for method, url in addresses(submitted):
        data = {"decision": "renew", "review1-decision": "accept"}
        response = getattr(client, method)(url, data if method == "post" else None)
        assert response.status_code == 404, url
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    assert not submitted.items.exclude(state=ItemState.PENDING).exists()


def test_outsiders_do_not_see_the_renewals(client, submitted, other_representative, editor):
    client.force_login(other_representative)
    page = client.get(reverse("renewals_index")).content.decode()
    assert submitted.cooperative.name not in page
    client.force_login(editor)
    assert refused(client.get(reverse("renewals_index")))
    assert reverse("renewals_index") not in client.get("/admin/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, submitted):
    for method, url in addresses(submitted):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_the_representative_cannot_review_or_decide(client, submitted, representative):
    client.force_login(representative)
    item = submitted.items.first()
    review = client.post(
        reverse("renewals_review", args=[submitted.pk, item.pk]),
        {f"review{item.pk}-decision": "accept"},
    )
    assert refused(review)
    decide = client.post(reverse("renewals_decide", args=[submitted.pk]), {"decision": "renew"})
    assert refused(decide)
    item.refresh_from_db()
    assert item.state == ItemState.PENDING
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_a_manager_cannot_write_the_facts_nor_open_a_renewal(client, submitted, manager):
    client.force_login(manager)
    item = submitted.items.first()
    response = client.post(
        reverse("renewals_item", args=[submitted.pk, item.pk]), {f"item{item.pk}-facts": "x"}
    )
    assert refused(response)
    assert refused(client.post(reverse("renewals_open")))
    # but sees the renewal, its documents and the menu item
    assert client.get(reverse("renewals_detail", args=[submitted.pk])).status_code == 200
    assert reverse("renewals_index") in client.get("/admin/").content.decode()


def test_the_representative_sees_their_own_renewal_and_the_menu(client, submitted, representative):
    client.force_login(representative)
    assert client.get(reverse("renewals_detail", args=[submitted.pk])).status_code == 200
    admin = client.get("/admin/").content.decode()
    assert reverse("renewals_index") in admin
    assert "Rinnovi" in admin  # the admin is Italian by default


def test_only_managers_change_the_settings(client, representative, editor, manager):
    url = f"/admin/settings/renewals/renewalsettings/{RenewalSettings.load().pk}/"
    for user in (representative, editor):
        client.force_login(user)
        assert refused(client.get(url))
        assert refused(client.post(url, {"validity_months": 1, "window_days": 365}))
    assert RenewalSettings.load().validity_months == 36
    client.force_login(manager)
    page = client.get(url)
    assert page.status_code == 200
    assert "finestra di rinnovo (giorni prima della scadenza)" in page.content.decode().lower()
    client.post(url, {"validity_months": 24, "window_days": 60, "max_evidence_mb": 5})
    assert RenewalSettings.load().validity_months == 24
