"""schema.org data of a cooperative's page (register/presentation.py `json_ld`): the
Organization and its Certification, with the status and validity of the status rule, escaped
for HTML and valid JSON-LD (expanded by pyld, offline)."""

import datetime
import json
import re

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation
from pyld import jsonld
from wagtail_factories import ImageFactory

from register.models import Cooperative
from register.presentation import present_cooperative
from register.vocabulary import Vocabulary
from tests.factories import ACTIVE, EXPIRED, REVOKED, SUSPENDED, days

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org/"
ACTIVE_STATUS = SCHEMA + "CertificationActive"
INACTIVE_STATUS = SCHEMA + "CertificationInactive"
# The schema.org terms the page may use (schema.org's Organization, PostalAddress and
# Certification): a misspelt property would expand to an address schema.org does not define.
TERMS = {
    "Organization",
    "PostalAddress",
    "Certification",
    "name",
    "legalName",
    "url",
    "vatID",
    "taxID",
    "address",
    "streetAddress",
    "postalCode",
    "addressLocality",
    "addressRegion",
    "addressCountry",
    "sameAs",
    "logo",
    "email",
    "telephone",
    "hasCertification",
    "certificationIdentification",
    "certificationStatus",
    "issuedBy",
    "validFrom",
    "expires",
    "auditDate",
}


def blocks(page_html: str) -> list[dict]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page_html, re.S)
    return [json.loads(block) for block in found]


def organisation(page_html: str) -> dict:
    (data,) = [block for block in blocks(page_html) if block.get("@type") == "Organization"]
    return data


def offline_loader(url: str, options=None) -> dict:
    """schema.org's context, which maps each term to https://schema.org/<term>, without the
    network: any other document fails the test."""
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        document = {"@context": {"@vocab": SCHEMA}}
        return {"contextUrl": None, "documentUrl": url, "document": document}
    raise AssertionError(f"the JSON-LD asked for {url}")


def expanded_terms(node) -> set[str]:
    """Every property and type of an expanded JSON-LD document."""
    terms = set()
    if isinstance(node, list):
        for item in node:
            terms |= expanded_terms(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@type":
                terms |= set(value)
            elif not key.startswith("@"):
                terms.add(key)
                terms |= expanded_terms(value)
    return terms


@pytest.fixture
def alfa(site, make_cooperative):
    return make_cooperative(
        "Alfa Servizi",
        slug="alfa-servizi",
        certificate_number="IMP-2024-0007",
        fiscal_code="",
        street="Via Roma 1",
        postcode="24121",
        website="https://alfa.example.org",
        email="info@alfa.example.org",
        phone="+39 035 000 000",
        audit_passed_on=days(-90),
        ccnl_verified_on=days(-30),
        logo=ImageFactory(title="Logo Alfa"),
    )


def test_the_page_describes_the_organisation_and_its_active_mark(client, alfa):
    data = organisation(client.get("/it/registro/alfa-servizi/").content.decode())
    page_url = "http://testserver/it/registro/alfa-servizi/"
    assert data["@context"] == "https://schema.org"
    assert data["@id"] == page_url + "#organization"
    assert (data["name"], data["legalName"]) == ("Alfa Servizi", "Alfa Servizi")
    assert data["url"] == page_url
    assert data["vatID"] == f"IT{alfa.vat_number}"
    assert "taxID" not in data  # no fiscal code recorded: nothing made up
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Via Roma 1",
        "postalCode": "24121",
        "addressLocality": "Bergamo",
        "addressRegion": "BG",
        "addressCountry": "IT",
    }
    assert data["sameAs"] == "https://alfa.example.org"
    assert data["logo"].startswith("http://testserver/") and data["logo"].endswith(
        alfa.logo.file.name.rsplit("/", 1)[-1]
    )
    assert data["email"] == "info@alfa.example.org"
    certification = data["hasCertification"]
    assert certification["@type"] == "Certification"
    assert certification["name"] == "Impact – Effetto cooperativo"
    assert certification["certificationIdentification"] == "IMP-2024-0007"
    assert certification["certificationStatus"] == ACTIVE_STATUS
    assert certification["issuedBy"] == {
        "@type": "Organization",
        "name": "Confcooperative Bergamo",
        "url": "https://www.confcooperativebergamo.it/",
    }
    assert certification["validFrom"] == days(-400).isoformat()
    assert certification["expires"] == alfa.certified_until.isoformat()
    assert certification["auditDate"] == days(-30).isoformat()  # the latest check
    assert certification["url"] == (f"http://testserver/it/registro/verifica/?q={alfa.vat_number}")


def test_the_english_page_says_the_same_with_its_own_addresses(client, alfa):
    italian = organisation(client.get("/it/registro/alfa-servizi/").content.decode())
    english = organisation(client.get("/en/register/alfa-servizi/").content.decode())
    assert english["url"] == "http://testserver/en/register/alfa-servizi/"
    assert english["hasCertification"]["url"].startswith("http://testserver/en/register/verify/")
    for data in (italian, english):
        del data["url"], data["@id"], data["hasCertification"]["url"]
    assert english == italian


def test_a_suspended_mark_is_inactive_and_keeps_its_validity(client, site, make_cooperative):
    make_cooperative("Beta Sospesa", slug="beta", history=SUSPENDED, fiscal_code="")
    data = organisation(client.get("/it/registro/beta/").content.decode())
    certification = data["hasCertification"]
    assert certification["certificationStatus"] == INACTIVE_STATUS
    assert certification["validFrom"] == days(-400).isoformat()
    assert certification["expires"] == days(700).isoformat()
    assert "certificationIdentification" not in certification  # none recorded
    assert "auditDate" not in certification


def test_a_renewal_starts_the_period_of_validity(client, site, make_cooperative):
    history = [("issued", -800, -5), ("renewed", -5, 1000)]
    make_cooperative("Gamma Rinnovata", slug="gamma", history=history)
    certification = organisation(client.get("/it/registro/gamma/").content.decode())[
        "hasCertification"
    ]
    assert certification["validFrom"] == days(-5).isoformat()
    assert certification["expires"] == days(1000).isoformat()
    assert certification["certificationStatus"] == ACTIVE_STATUS


@pytest.mark.parametrize(
    ("history", "status"),
    [
        (ACTIVE, ACTIVE_STATUS),
        (SUSPENDED, INACTIVE_STATUS),
        (REVOKED, INACTIVE_STATUS),
        (EXPIRED, INACTIVE_STATUS),
    ],
)
def test_the_status_follows_the_status_rule(site, make_cooperative, history, status):
    """Revoked and expired marks have no page; their data would still say inactive."""
    record = make_cooperative("Delta", history=history)
    request = RequestFactory().get("/it/registro/delta/")
    with translation.override("it"):
        view = present_cooperative(record, Vocabulary(), site.register_it, request)
    assert view.json_ld["hasCertification"]["certificationStatus"] == status
    assert (status == ACTIVE_STATUS) == (record.status == "active")


def test_an_active_mark_on_its_last_day_is_active_and_inactive_the_day_after(
    site, make_cooperative, monkeypatch
):
    record = make_cooperative("Epsilon", history=[("issued", -400, 0)])
    request = RequestFactory().get("/it/registro/epsilon/")

    def certification() -> dict:
        fresh = Cooperative.objects.get(pk=record.pk)
        return present_cooperative(fresh, Vocabulary(), site.register_it, request).json_ld[
            "hasCertification"
        ]

    assert certification()["certificationStatus"] == ACTIVE_STATUS
    assert certification()["expires"] == timezone.localdate().isoformat()
    now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: now() + datetime.timedelta(days=1))
    assert certification()["certificationStatus"] == INACTIVE_STATUS


def test_the_data_is_json_ld_that_a_parser_expands_offline(client, alfa):
    page_html = client.get("/it/registro/alfa-servizi/").content.decode()
    data = organisation(page_html)
    expanded = jsonld.expand(data, {"documentLoader": offline_loader})
    (node,) = expanded
    assert node["@type"] == [SCHEMA + "Organization"]
    assert node["@id"] == "http://testserver/it/registro/alfa-servizi/#organization"
    (certification,) = node[SCHEMA + "hasCertification"]
    assert certification["@type"] == [SCHEMA + "Certification"]
    assert certification[SCHEMA + "certificationStatus"] == [{"@value": ACTIVE_STATUS}]
    (issuer,) = certification[SCHEMA + "issuedBy"]
    assert issuer[SCHEMA + "name"] == [{"@value": "Confcooperative Bergamo"}]
    assert expanded_terms(expanded) == {SCHEMA + term for term in TERMS} - {SCHEMA + "taxID"}
    # Every block of the page expands (the breadcrumb's too).
    for block in blocks(page_html):
        assert jsonld.expand(block, {"documentLoader": offline_loader})


def test_no_text_of_the_record_can_close_the_data_block(client, site, make_cooperative):
    name = 'Zeta </script><script>alert(1)</script> & "Co"'
    make_cooperative(
        name,
        slug="zeta",
        description="<p>Pulizie.</p>",
        website="https://zeta.example.org/?a=1&b=</script>",
    )
    page_html = client.get("/it/registro/zeta/").content.decode()
    assert "<script>alert(1)" not in page_html
    data = organisation(page_html)
    assert data["name"] == name
    assert data["sameAs"] == "https://zeta.example.org/?a=1&b=</script>"
