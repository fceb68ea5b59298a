"""A register manager invites a representative by e-mail; the link makes their account."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from representatives import invitations
from representatives.invitations import make_token
from representatives.models import GROUP_NAME, Invitation, Representative
from tests.mail import body_of

from .conftest import PASSWORD, member_of, signed_in

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://testserver(/\S*)")
ADD = "representatives_invitation:add"


def invite(manager, cooperative, email="nuova@example.org", language="it"):
    client = signed_in(manager)
    data = {"cooperative": cooperative.pk, "email": email, "language": language}
    return client.post(reverse(ADD), data)


def test_a_manager_invites_and_the_link_makes_the_account(
    site, manager, make_cooperative, smtp_server, django_capture_on_commit_callbacks
):
    cooperative = make_cooperative("Cooperativa Invitata")
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(manager, cooperative, email="Nuova@Example.org")
    assert response.status_code == 302
    [message] = smtp_server.messages
    assert message["To"] == "nuova@example.org"
    assert "Cooperativa Invitata" in message["Subject"]
    body = body_of(message)
    assert "Per accettare" in body  # Italian, the default
    [path] = LINK.findall(body)
    assert path.startswith("/it/invito/")

    page = signed_out = __import__("django.test", fromlist=["Client"]).Client()
    form = page.get(path)
    assert form.status_code == 200
    assert "nuova@example.org" in form.content.decode()
    # A weak password is refused with Django's validators, and nothing is made.
    weak = signed_out.post(path, {"password1": "123", "password2": "123"})
    assert weak.status_code == 200
    assert "Nessun account" in weak.content.decode()
    assert not User.objects.filter(username="nuova@example.org").exists()
    differ = signed_out.post(path, {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert "Le due password sono diverse" in differ.content.decode()

    done = signed_out.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("wagtailadmin_home")
    user = User.objects.get(username="nuova@example.org")
    assert user.check_password(PASSWORD)
    assert set(user.groups.values_list("name", flat=True)) >= {GROUP_NAME}
    assert Representative.objects.get(user=user).cooperative == cooperative
    assert signed_out.get(reverse("wagtailadmin_home")).status_code == 200  # signed in
    # The link works once.
    again = __import__("django.test", fromlist=["Client"]).Client().get(path)
    assert again.status_code == 410
    assert "già stato usato" in again.content.decode()


def test_the_invitation_is_in_the_language_chosen_for_the_invitee(
    site, manager, make_cooperative, smtp_server, django_capture_on_commit_callbacks
):
    cooperative = make_cooperative("Cooperativa Inglese")
    with django_capture_on_commit_callbacks(execute=True):
        invite(manager, cooperative, language="en")
    [message] = smtp_server.messages
    assert "To accept, open this link" in body_of(message)
    assert "/en/invitation/" in body_of(message)


def test_an_existing_address_cannot_be_invited(site, manager, make_cooperative):
    cooperative = make_cooperative("Cooperativa Doppia")
    response = invite(manager, cooperative, email="gestore@example.org")
    assert response.status_code == 200
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("problem", ["tampered", "expired", "revoked"])
def test_a_link_that_cannot_be_used_gets_a_clear_page(
    site, client, make_cooperative, monkeypatch, problem
):
    invitation = Invitation.objects.create(
        email="tardi@example.org", cooperative=make_cooperative("Cooperativa Tarda")
    )
    token = make_token(invitation)
    if problem == "tampered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif problem == "expired":
        monkeypatch.setattr(invitations, "MAX_AGE", invitations.MAX_AGE * -1)
    else:
        invitation.delete()
    path = reverse("representatives_accept", kwargs={"token": token})
    for response in (client.get(path), client.post(path, {"password1": PASSWORD})):
        assert response.status_code in (400, 410)
        assert "Questo link non si può usare" in response.content.decode()
    assert not User.objects.filter(username="tardi@example.org").exists()


@pytest.mark.parametrize("group", ["Editors", "Moderators", "Cooperative representatives"])
def test_only_managers_invite(site, make_cooperative, group):
    client = signed_in(member_of(group, "altro"))
    assert client.get(reverse(ADD)).status_code in (302, 403)
    assert client.get(reverse("representatives_invitation:index")).status_code in (302, 403)


def test_a_manager_revokes_a_representative(site, manager, two):
    representative = two.representative.representative
    client = signed_in(manager)
    listing = client.get(reverse("representatives_representative:index"))
    assert "rappresentante@example.org" in listing.content.decode()
    url = reverse("representatives_representative:delete", args=[representative.pk])
    assert client.post(url).status_code == 302
    two.representative.refresh_from_db()
    assert not two.representative.is_active
    assert not Representative.objects.filter(pk=representative.pk).exists()
