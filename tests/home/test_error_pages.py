"""A refused form (CSRF), a request the site cannot read (400) and a forbidden page (403) get
the site's own page in the visitor's language, not Django's bare English one (whose inline
style the CSP blocks); the enquiry form comes back filled in with what was typed."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import translation
from wagtail.contrib.forms.models import FormSubmission

from contact.models import ContactFormPage
from infrastructure.error_views import permission_denied
from tests.contact.test_contact_form import ANSWERS, ENGLISH, ITALIAN

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

HOSTILE = '</textarea><script>alert("x")</script>'
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def form_page(db) -> ContactFormPage:
    return ContactFormPage.objects.get(locale__language_code="it")


def browser() -> Client:
    """Like a browser: the CSRF token must be sent (the test client skips the check)."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.81")


def assert_site_page(html: str, language: str) -> None:
    assert f'<html lang="{language}"' in html
    assert 'class="it-header-wrapper"' in html and 'id="footer"' in html  # the site's chrome
    assert "<style" not in html and " style=" not in html  # nothing the CSP would block
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    ("url", "language", "notice"),
    [
        (ITALIAN, "it", "La tua richiesta non è stata inviata"),
        (ENGLISH, "en", "Your request was not sent"),
    ],
)
def test_a_refused_enquiry_comes_back_filled_in_with_a_new_token(form_page, url, language, notice):
    client = browser()
    topic = "Come presentare la domanda" if language == "it" else "How to apply"
    answers = {**ANSWERS, "argomento": topic, "la_tua_domanda": f"Una domanda lunga. {HOSTILE}"}
    # The form was opened long ago: its token no longer matches (or the cookie is gone).
    response = client.post(url, {**answers, "csrfmiddlewaretoken": "x" * 64})
    assert response.status_code == 403
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert_site_page(html, language)
    assert notice in html
    # What was typed is there again, escaped; the consent must be given again.
    assert 'value="Anna Rossi"' in html and 'value="anna.rossi@example.org"' in html
    assert "Una domanda lunga. &lt;/textarea&gt;&lt;script&gt;" in html
    assert "<script>alert" not in html
    assert re.search(rf'<option value="{topic}"[^>]* selected>', html)
    assert re.search(r'<input type="checkbox" name="privacy_consent"(?![^>]*checked)', html)
    kept = FormSubmission.objects.filter(page__translation_key=form_page.translation_key)
    assert not kept.exists()

    # The new token works: sending the form again as it came back delivers it.
    token = TOKEN.search(html).group(1)
    sent = client.post(url, {**answers, "csrfmiddlewaretoken": token})
    assert sent.status_code == 200
    assert kept.count() == 1


@pytest.mark.parametrize(
    ("url", "language", "title"),
    [
        ("/it/registro/", "it", "Il modulo non è stato inviato"),
        ("/en/register/", "en", "The form could not be sent"),
        ("/en/no-such-page/", "en", "The form could not be sent"),
    ],
)
def test_any_other_refused_form_explains_and_leads_back(url, language, title):
    response = browser().post(url, {"q": HOSTILE})
    assert response.status_code == 403
    html = response.content.decode()
    assert_site_page(html, language)
    assert title in html
    assert HOSTILE not in html and "alert(" not in html
    back = re.search(r'<a class="btn btn-primary" href="([^"]+)" data-history-back>', html)
    if url.endswith("no-such-page/"):
        assert back is None  # no form page there to go back to
    else:
        assert back.group(1) == url


@pytest.mark.parametrize(
    ("prefix", "language", "title"),
    [
        ("/it/registro/", "it", "La richiesta non è comprensibile"),
        ("/en/register/", "en", "The request could not be understood"),
    ],
)
def test_a_request_the_site_cannot_read_gets_its_400_page(client, prefix, language, title):
    # More fields than Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS): a SuspiciousOperation.
    query = "&".join(f"f{number}=1" for number in range(1100))
    response = client.get(f"{prefix}?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert_site_page(html, language)
    assert title in html


def test_a_host_the_site_does_not_serve_gets_a_plain_400(client):
    response = client.get("/it/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "evil.example" not in html
    assert "La richiesta non è comprensibile" in html
    assert "The request could not be understood" in html


@pytest.mark.parametrize(
    ("language", "title"),
    [("it", "Non puoi aprire questa pagina"), ("en", "You cannot open this page")],
)
def test_a_forbidden_page_gets_the_site_403(language, title):
    request = RequestFactory().get(f"/{language}/riservata/")
    with translation.override(language):
        response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    html = response.content.decode()
    assert_site_page(html, language)
    assert title in html
