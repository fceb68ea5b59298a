"""The alerts' tests: the site's page skeleton, cooperatives from the factories, and mail to a
real SMTP server on loopback (the smtp_server fixture), read back as a subscriber reads it."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.mail import body_of

LINK = re.compile(r"https?://testserver(/\S*)")


def links_in(message) -> list[str]:
    """The site's addresses in a message's text, as paths the test client can open."""
    return [match.group(1) for match in LINK.finditer(body_of(message))]


def link_to(message, fragment: str) -> str:
    [path] = [path for path in links_in(message) if fragment in path]
    return path


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def path_of(url: str) -> str:
    return urlsplit(url).path


@pytest.fixture
def subscribe(client: Client, smtp_server):
    """`subscribe(address, numbers=[…] | listing={…}, language="it")` sends the form as a
    visitor does, and returns the confirmation message it brought."""

    def send(address: str, numbers=(), listing=None, language: str = "it"):
        before = len(smtp_server.messages)
        if listing is not None:
            url = "/it/avvisi/elenco/" if language == "it" else "/en/alerts/listing/"
            response = client.post(url, {"email": address, **listing})
        else:
            url = "/it/avvisi/fornitori/" if language == "it" else "/en/alerts/suppliers/"
            response = client.post(url, {"email": address, "numbers": "\n".join(numbers)})
        assert response.status_code == 302, response.content.decode()[:2000]
        new = smtp_server.messages[before:]
        return new[-1] if new else None

    return send


@pytest.fixture
def confirmed(client: Client, subscribe):
    """A subscription confirmed through its link; returns the path of its manage page."""

    def make(address: str, **request) -> str:
        message = subscribe(address, **request)
        confirm = link_to(
            message, "/conferma/" if request.get("language", "it") == "it" else "/confirm/"
        )
        response = client.post(confirm)
        assert response.status_code == 302
        return path_of(response["Location"])

    return make
