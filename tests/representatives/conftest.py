"""The representatives' tests: a manager, a cooperative with its representative (made by
accepting an invitation, as in the site) and another cooperative they must never reach."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from register.models import Cooperative
from representatives.invitations import accept
from representatives.models import Invitation

PASSWORD = "Una-password-lunga-2026"


def member_of(group: str, username: str) -> User:
    user = User.objects.create_user(username, email=f"{username}@example.org", password="x")
    user.groups.add(Group.objects.get(name=group))
    return user


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@dataclass
class Two:
    own: Cooperative
    other: Cooperative
    representative: User
    client: Client


@pytest.fixture
def manager() -> User:
    return member_of("Register managers", "gestore")


@pytest.fixture
def two(site, make_cooperative) -> Two:
    own = make_cooperative("Cooperativa Propria", website="https://propria.example.org")
    other = make_cooperative("Cooperativa Altrui")
    invitation = Invitation.objects.create(email="rappresentante@example.org", cooperative=own)
    user = accept(invitation, PASSWORD)
    return Two(own, other, user, signed_in(user))
