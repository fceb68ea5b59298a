"""Brute-force protection of the admin sign-in (django-axes), through Wagtail's real login form."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from infrastructure import ratelimit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]

PASSWORD = "the right password 42"
OFFICE = "192.0.2.50"


@pytest.fixture
def editor(db) -> User:
    return User.objects.create_superuser("direttrice", "direttrice@example.com", PASSWORD)


def sign_in(username: str, password: str, address: str = OFFICE):
    """Fill in and send the login form as a browser would, CSRF token included."""
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=address)
    form = client.get("/admin/login/")
    assert form.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode())
    return client.post(
        "/admin/login/",
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": password,
            "next": "/admin/",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def fail(times: int, username: str = "direttrice", address: str = OFFICE) -> None:
    for _ in range(times):
        response = sign_in(username, "a wrong guess", address)
        assert response.status_code == 200  # the form again, with its error
        assert "Your username and password didn&#x27;t match." in response.content.decode()


def lock_out(username: str = "direttrice", address: str = OFFICE) -> None:
    fail(4, username, address)
    assert sign_in(username, "a wrong guess", address).status_code == 429


def test_a_few_mistakes_do_not_lock_anyone_out(editor):
    fail(4)
    assert signed_in(sign_in("direttrice", PASSWORD))
    # A success clears the count: four more mistakes are allowed again.
    fail(4)
    assert signed_in(sign_in("direttrice", PASSWORD))


def test_the_fifth_failure_locks_the_username_out_from_that_address(editor):
    fail(4)
    response = sign_in("direttrice", "a wrong guess")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in blocked" in html
    assert "Too many failed attempts to sign in with this username." in html
    assert "blocked for 15 minutes" in html
    assert 'href="/admin/password_reset/"' in html
    assert response["Retry-After"] == "900"
    # Even the right password is refused while the lockout lasts.
    locked = sign_in("direttrice", PASSWORD)
    assert locked.status_code == 429
    assert "Sign-in blocked" in locked.content.decode()


def test_the_lockout_is_per_username_and_address(editor):
    User.objects.create_superuser("collega", "collega@example.com", PASSWORD)
    lock_out()
    assert sign_in("direttrice", PASSWORD).status_code == 429
    # A colleague in the same office, and the same person from elsewhere, still sign in.
    assert signed_in(sign_in("collega", PASSWORD))
    assert signed_in(sign_in("direttrice", PASSWORD, address="198.51.100.7"))


def test_the_lockout_ends_after_the_cool_off(editor):
    lock_out()
    assert sign_in("direttrice", PASSWORD).status_code == 429
    # Sixteen minutes later (the attempts are dated in the past rather than waiting).
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert signed_in(sign_in("direttrice", PASSWORD))


def test_failures_are_recorded_for_the_administrators(editor):
    fail(3)
    attempt = AccessAttempt.objects.get(username="direttrice", ip_address=OFFICE)
    assert attempt.failures_since_start == 3
    assert "a wrong guess" not in attempt.get_data + attempt.post_data


def test_one_address_trying_many_usernames_is_slowed_down(settings, monkeypatch):
    """The lockout counts per username; the rate limit counts sign-in posts per address."""
    settings.RATELIMIT_ENABLED = True
    monkeypatch.setattr(ratelimit, "now", lambda: 1_800_000_000.0)  # a window's start
    cache.clear()
    for number in range(30):
        assert sign_in(f"guess{number}", "a wrong guess", "203.0.113.66").status_code == 200
    response = sign_in("guess-last", "a wrong guess", "203.0.113.66")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"


def test_signing_in_without_a_peer_address_is_recorded_without_one(editor):
    client = Client(REMOTE_ADDR="")
    client.force_login(editor)  # Django's test login: a request with no address
    assert client.get("/admin/").status_code == 200
