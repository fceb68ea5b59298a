"""Renewals' fixtures: a cooperative whose mark ends in 60 days (inside the default 90-day
window), its representative, another cooperative's, a register manager and an editor; the
private storage in a directory of the test's own; files of each kind."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.users.models import UserProfile

from renewals import workflow
from renewals.models import Requirement
from representatives.models import GROUP_NAME, Representative

EXPIRES_IN = 60
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
ZIP = b"PK\x03\x04" + b"\x00" * 64


def pdf(name: str = "verbale.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def cooperative(make_cooperative):
    return make_cooperative(
        "Coop Rinnovo", history=[("issued", -(3 * 365 - EXPIRES_IN), EXPIRES_IN)]
    )


@pytest.fixture
def other_cooperative(make_cooperative):
    return make_cooperative("Coop Altra", history=[("issued", -(3 * 365 - EXPIRES_IN), EXPIRES_IN)])


def make_representative(django_user_model, cooperative, username: str, language: str = ""):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=GROUP_NAME))
    Representative.objects.create(user=user, cooperative=cooperative)
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return user


@pytest.fixture
def representative(django_user_model, cooperative):
    return make_representative(django_user_model, cooperative, "rappresentante")


@pytest.fixture
def other_representative(django_user_model, other_cooperative):
    return make_representative(django_user_model, other_cooperative, "altro")


@pytest.fixture
def manager(django_user_model):
    user = django_user_model.objects.create_user("gestore", "gestore@example.org", "pw")
    user.groups.add(Group.objects.get(name="Register managers"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("redattore", "redattore@example.org", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def fill(renewal, user) -> None:
    """Every requirement's facts, date and one document, as the representative gives them."""
    for item in renewal.items.all():
        workflow.save_item(
            item,
            user,
            f"Fatti: {item.get_requirement_display()}",
            datetime.date(2026, 3, 1) if item.is_dated else None,
            "",
            pdf(f"{item.requirement}.pdf"),
        )


@pytest.fixture
def submitted(cooperative, representative):
    renewal = workflow.open_renewal(cooperative, representative)
    fill(renewal, representative)
    workflow.submit(renewal, representative)
    return renewal


REQUIREMENTS = list(Requirement)
