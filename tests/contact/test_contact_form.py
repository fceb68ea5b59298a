"""The "ask about the mark" form page: both languages, consent, honeypot, CSRF, submissions
kept in the admin, rate limit, never cached."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from wagtail.contrib.forms.models import FormSubmission
from wagtail.users.models import UserProfile

from contact.models import ContactFormPage
from infrastructure import ratelimit
from tests.mail import body_of

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

ITALIAN = "/it/chiedi-del-marchio/"
ENGLISH = "/en/ask-about-the-mark/"
ANSWERS = {
    "nome_e_cognome": "Anna Rossi",
    "e_mail": "anna.rossi@example.org",
    "cooperativa": "Cooperativa Esempio",
    "argomento": "Come presentare la domanda",
    "la_tua_domanda": "Possiamo chiedere il marchio se siamo una cooperativa sociale di tipo B?",
    "privacy_consent": "on",
}


@pytest.fixture
def form_page(db) -> ContactFormPage:
    return ContactFormPage.objects.get(locale__language_code="it")


def browser() -> Client:
    """A client that, like a browser, must send the CSRF token it was given."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.80")


def send(client: Client, url: str, data: dict):
    form = client.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode())
    return client.post(url, {"csrfmiddlewaretoken": token.group(1), **data})


@pytest.mark.parametrize(("url", "privacy"), [(ITALIAN, "/it/privacy/"), (ENGLISH, "/en/privacy/")])
def test_the_form_page_in_both_languages(client, url, privacy):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'<a href="{privacy}">' in html  # the consent links to the notice in its language
    assert 'type="checkbox" name="privacy_consent"' in html
    assert '<label class="form-check-label" for="id_privacy_consent">' in html
    consent_box = re.search(r"<input[^>]*privacy_consent[^>]*>", html).group(0)
    assert "required" in consent_box
    # The honeypot: hidden from sight and from screen readers, never reached with the Tab key.
    trap = re.search(r'<div class="d-none" aria-hidden="true">(.*?)</div>', html, re.S).group(1)
    assert 'name="contact_website"' in trap
    assert 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap


def test_the_english_page_asks_in_english(client):
    html = client.get(ENGLISH).content.decode()
    for label in ("Full name", "Cooperative", "Your question", "How to apply"):
        assert label in html
    assert '<html lang="en"' in html


def test_the_how_to_apply_pages_lead_to_the_form(client):
    assert f'href="{ITALIAN}"' in client.get("/it/come-aderire/").content.decode()
    assert f'href="{ENGLISH}"' in client.get("/en/how-to-apply/").content.decode()


def test_a_request_is_kept_for_the_office_and_thanked(form_page):
    response = send(browser(), ITALIAN, ANSWERS)
    assert response.status_code == 200
    assert "Grazie, abbiamo ricevuto la tua richiesta." in response.content.decode()
    submission = FormSubmission.objects.get(page=form_page)
    data = submission.get_data()
    assert data["nome_e_cognome"] == "Anna Rossi"
    assert data["argomento"] == "Come presentare la domanda"
    assert data["privacy_consent"] is True
    assert "contact_website" not in data


def test_a_request_in_english_is_kept_with_the_same_columns():
    english_answers = {**ANSWERS, "argomento": "How to apply"}
    response = send(browser(), ENGLISH, english_answers)
    assert "Thank you, we have received your request." in response.content.decode()
    english_page = ContactFormPage.objects.get(locale__language_code="en")
    data = FormSubmission.objects.get(page=english_page).get_data()
    assert data["argomento"] == "How to apply"


def test_the_office_sees_the_requests_in_the_admin(form_page):
    send(browser(), ITALIAN, ANSWERS)
    admin = User.objects.create_superuser("ufficio", "ufficio@example.org", "x")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"  # the admin in English, whatever the site's default
    profile.save()
    client = Client()
    client.force_login(admin)
    response = client.get(f"/admin/forms/submissions/{form_page.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna Rossi" in html
    assert "Privacy consent" in html
    # The editors manage the questions themselves.
    edit = client.get(f"/admin/pages/{form_page.pk}/edit/")
    assert edit.status_code == 200
    assert "Nome e cognome" in edit.content.decode()


def test_without_consent_nothing_is_sent():
    answers = {key: value for key, value in ANSWERS.items() if key != "privacy_consent"}
    response = send(browser(), ENGLISH, {**answers, "argomento": "How to apply"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The request was not sent: please correct what is marked below." in html
    assert "Please confirm that you have read the privacy notice." in html
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*privacy_consent', html)
    assert not FormSubmission.objects.exists()


def test_missing_answers_are_named_and_what_was_typed_comes_back_escaped(form_page):
    answers = {**ANSWERS, "e_mail": "", "nome_e_cognome": '<script>alert("x")</script>'}
    html = send(browser(), ITALIAN, answers).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'id="id_e_mail_error"' in html
    assert not FormSubmission.objects.filter(page=form_page).exists()


def test_a_robot_that_fills_the_honeypot_is_thanked_and_forgotten(form_page, smtp_server):
    form_page.to_address = "registro@example.org"
    form_page.save_revision().publish()
    response = send(browser(), ITALIAN, {**ANSWERS, "contact_website": "http://spam.example"})
    assert response.status_code == 200
    assert "Grazie, abbiamo ricevuto la tua richiesta." in response.content.decode()
    assert not FormSubmission.objects.filter(page=form_page).exists()
    assert smtp_server.messages == []


def test_the_office_is_told_by_e_mail_when_an_address_is_set(form_page, smtp_server):
    form_page.to_address = "registro@example.org"
    form_page.save_revision().publish()
    send(browser(), ITALIAN, ANSWERS)
    [message] = smtp_server.messages
    assert message["X-Envelope-To"] == "registro@example.org"
    assert message["To"] == "registro@example.org"
    assert message["Subject"] == "Richiesta dal sito: marchio Impact"
    assert message["Content-Language"] == "it"
    assert message["Auto-Submitted"] == "auto-generated"
    body = body_of(message)
    assert "Nome e cognome: Anna Rossi" in body
    assert "Inviata da http://testserver/it/chiedi-del-marchio/ (Italiano)" in body
    assert "contact_website" not in body


def test_a_request_in_english_reaches_the_office_in_italian(form_page, smtp_server):
    """Staff read Italian unless their admin language says otherwise; the notice says which
    language the visitor wrote in, so that the answer is in it."""
    english_page = ContactFormPage.objects.get(locale__language_code="en")
    english_page.to_address = "registro@example.org"
    english_page.save_revision().publish()
    send(browser(), ENGLISH, {**ANSWERS, "argomento": "How to apply"})
    [message] = smtp_server.messages
    assert message["Subject"] == "Richiesta dal sito: marchio Impact"
    assert message["Content-Language"] == "it"
    body = body_of(message)
    assert "Inviata da http://testserver/en/ask-about-the-mark/ (Inglese)" in body
    assert "Nome e cognome: Anna Rossi" in body
    assert "Argomento: How to apply" in body  # the answer as the visitor chose it
    assert "Ho letto l'informativa" in body


def test_each_member_of_staff_reads_the_notice_in_their_admin_language(form_page, smtp_server):
    reader = User.objects.create_user("reader", "Reader@Example.org", "x")
    profile = UserProfile.get_for_user(reader)
    profile.preferred_language = "en"
    profile.save()
    form_page.to_address = "registro@example.org, reader@example.org"
    form_page.save_revision().publish()
    send(browser(), ITALIAN, ANSWERS)
    messages = {message["Content-Language"]: message for message in smtp_server.messages}
    assert sorted(messages) == ["en", "it"]
    assert messages["it"]["X-Envelope-To"] == "registro@example.org"
    assert messages["en"]["X-Envelope-To"] == "reader@example.org"
    english = body_of(messages["en"])
    assert "Sent from http://testserver/it/chiedi-del-marchio/ (Italian)" in english
    assert "Full name: Anna Rossi" in english
    assert "I have read the privacy notice" in english
    assert (
        messages["en"]["Subject"] == ContactFormPage.objects.get(locale__language_code="en").subject
    )


def test_a_post_without_the_csrf_token_is_refused(form_page):
    response = browser().post(ITALIAN, ANSWERS)
    assert response.status_code == 403
    assert not FormSubmission.objects.filter(page=form_page).exists()


def test_the_form_is_never_stored_by_a_cache(client, settings):
    settings.WAGTAIL_CACHE = True  # the full-page cache, on as in production
    first, second = client.get(ITALIAN), client.get(ITALIAN)
    for response in (first, second):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert response["X-Wagtail-Cache"] != "hit"


def test_posting_many_times_is_rate_limited(settings, monkeypatch, form_page):
    settings.RATELIMIT_ENABLED = True
    monkeypatch.setattr(ratelimit, "now", lambda: 1_800_000_000.0)  # a window's start
    cache.clear()
    client = browser()
    for _ in range(10):
        assert send(client, ITALIAN, ANSWERS).status_code == 200
    response = send(client, ITALIAN, ANSWERS)
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert FormSubmission.objects.filter(page=form_page).count() == 10
