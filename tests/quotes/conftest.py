"""The requests' tests: the site's page skeleton, a small register from the factories (two
sectors, a province with two zones, cooperatives that match a request and some that must
not), and mail to a real SMTP server on loopback (the smtp_server fixture), read back as
its readers read it."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.users.models import UserProfile

from quotes.models import QuoteRequest
from tests.factories import ACTIVE, SUSPENDED, demo_terms
from tests.mail import body_of

LINK = re.compile(r"https?://testserver(/\S*)")
NEW = {"it": "/it/richiesta-preventivo/", "en": "/en/request-a-quote/"}


def links_in(message) -> list[str]:
    return [match.group(1) for match in LINK.finditer(body_of(message))]


def link_to(message, fragment: str) -> str:
    [path] = [path for path in links_in(message) if fragment in path]
    return path


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def form_data(**overrides) -> dict:
    data = {
        "title": "Pulizia di un capannone",
        "description": "Pulizia settimanale di 2.000 m² di capannone e uffici.",
        "sectors": ["pulizie"],
        "area": "bg-valle-seriana",
        "comune": "Albino",
        "answer_by": in_days(14).isoformat(),
        "expected_start": in_days(30).isoformat(),
        "budget": "10k-40k",
        "purpose": "art14",
        "company": "Meccanica Rossi S.p.A.",
        "contact_name": "Anna Rossi",
        "email": "acquisti@example.com",
        "phone": "",
        "consent": "on",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


@dataclass
class Register:
    sectors: dict
    areas: dict
    seriana: object  # cleaning, Valle Seriana: matches
    province: object  # cleaning, the whole province: matches (and reads English)
    logistics: object  # another sector: does not match
    suspended: object  # cleaning, Valle Seriana, suspended: does not match
    city: object  # cleaning, another zone, seated far from Albino: does not match
    no_address: object  # matches but has no e-mail address


@pytest.fixture
def register(site, make_cooperative, django_user_model) -> Register:
    terms = demo_terms("pulizie", "logistica", "bg-valle-seriana", "bg-citta", english=False)
    sectors, areas = terms["sectors"], terms["areas"]
    cleaning, seriana, city = sectors["pulizie"], areas["bg-valle-seriana"], areas["bg-citta"]
    made = Register(
        sectors=sectors,
        areas=areas,
        seriana=make_cooperative(
            "Coop Seriana", sectors=[cleaning], areas=[seriana], email="seriana@example.org"
        ),
        province=make_cooperative(
            "Coop Provincia", sectors=[cleaning], areas=[areas["bg"]], email="prov@example.org"
        ),
        logistics=make_cooperative(
            "Coop Logistica",
            sectors=[sectors["logistica"]],
            areas=[seriana],
            email="logistica@example.org",
        ),
        suspended=make_cooperative(
            "Coop Sospesa",
            sectors=[cleaning],
            areas=[seriana],
            email="sospesa@example.org",
            history=SUSPENDED,
        ),
        # Seated in Treviglio, 32 km from the requests' Albino: out of reach by distance too.
        city=make_cooperative(
            "Coop Cittadina",
            sectors=[cleaning],
            areas=[city],
            email="citta@example.org",
            comune="Treviglio",
        ),
        no_address=make_cooperative(
            "Coop Senza Posta", sectors=[cleaning], areas=[seriana], history=ACTIVE
        ),
    )
    # The whole-province cooperative's representative reads the admin in English: its mail
    # comes in English (quotes.mailing).
    user = django_user_model.objects.create_user("rappresentante", "prov@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return made


@pytest.fixture
def manager(django_user_model):
    user = django_user_model.objects.create_user("gestore", "gestore@example.org", "pw")
    user.groups.add(Group.objects.get(name="Register managers"))
    return user


@pytest.fixture
def post_request(client, smtp_server):
    """`post_request(language="it", **fields)`: the form sent as a buyer sends it; returns
    the confirmation message."""

    def send(language: str = "it", **overrides):
        before = len(smtp_server.messages)
        response = client.post(NEW[language], form_data(**overrides))
        assert response.status_code == 302, response.content.decode()[:3000]
        [message] = smtp_server.messages[before:]
        return message

    return send


@pytest.fixture
def confirmed_request(client, post_request):
    """A request posted and confirmed through its link: (the request, its buyer page path)."""

    def make(language: str = "it", **overrides) -> tuple[QuoteRequest, str]:
        message = post_request(language, **overrides)
        confirm = link_to(message, "/conferma/" if language == "it" else "/confirm/")
        response = client.post(confirm)
        assert response.status_code == 302
        return QuoteRequest.objects.latest("pk"), response["Location"].split("?")[0]

    return make


@pytest.fixture
def approve(client, manager, django_capture_on_commit_callbacks):
    """`approve(request)`: a register manager approves it in the Italian admin; the sending
    task runs (immediately, as the test settings queue tasks). Returns the admin's answer."""

    def run(request: QuoteRequest, **data):
        client.force_login(manager)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/admin/quote_requests/moderate/{request.pk}/",
                {"decision": "approve", **data},
            )
        client.logout()
        request.refresh_from_db()
        return response

    return run
