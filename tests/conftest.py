import datetime
import io
import itertools

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone
from stdnum import luhn
from wagtail.models import Locale, Page

from infrastructure.localization import publish_translation
from register.models import CertificationEvent, Cooperative
from tests.mail import Inbox, free_port


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the demo site, as a new user sees it after `make run`."""
    with django_db_blocker.unblock():
        call_command("load_demo_content", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: nothing cached from data that an earlier test
    created and rolled back (the chrome, vocabularies and figures are cached between requests).
    The version tokens go too: data memoized in this process is then built afresh."""
    for alias in caches:
        caches[alias].clear()


# Mail: a real SMTP server on loopback ---------------------------------------------------


@pytest.fixture
def smtp_server(settings):
    """The site's mail path as configured (queued, delivered by the task), to an SMTP server
    of the test's own; pytest-django's locmem backend is set aside for the test."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "infrastructure.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def italian(db) -> Locale:
    return Locale.objects.get(language_code="it")


@pytest.fixture
def english(db) -> Locale:
    return Locale.objects.get(language_code="en")


@pytest.fixture
def home_it(italian) -> Page:
    return Page.objects.get(depth=2, locale=italian).specific


@pytest.fixture
def home_en(english) -> Page:
    return Page.objects.get(depth=2, locale=english).specific


# Cooperatives of the register, for any app's tests ---------------------------------------

_serial = itertools.count(9_000_000)


def valid_vat() -> str:
    first_ten = f"{next(_serial):07d}016"  # 016: the Bergamo tax office
    return first_ten + luhn.calc_check_digit(first_ten)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


# Certification histories: (event, days from today, valid until in days from today).
ACTIVE = [("issued", -400, 700)]
SUSPENDED = [("issued", -400, 700), ("suspended", -10, None)]
REVOKED = [("issued", -400, 700), ("revoked", -10, None)]
EXPIRED = [("issued", -800, -5)]


@pytest.fixture
def make_cooperative(db):
    def make(
        name: str,
        *,
        sectors=(),
        areas=(),
        legal_form: str = "lavoro",
        history=ACTIVE,
        publish: bool = True,
        english: str | None = None,
        **fields,
    ) -> Cooperative:
        italian = Locale.objects.get(language_code="it")
        description = fields.pop("description", f"<p>Descrizione di {name}.</p>")
        cooperative = Cooperative(
            locale=italian,
            name=name,
            slug=fields.pop("slug", name.lower().replace(" ", "-")),
            legal_form=legal_form,
            vat_number=fields.pop("vat_number", None) or valid_vat(),
            comune=fields.pop("comune", "Bergamo"),
            description=description,
            live=publish,
            **fields,
        )
        cooperative.full_clean()
        cooperative.save()
        cooperative.sectors.set(sectors)
        cooperative.areas.set(areas)
        cooperative.save()
        revision = cooperative.save_revision()
        if publish:
            revision.publish()
        for kind, start, until in history:
            CertificationEvent.objects.create(
                cooperative=cooperative,
                kind=kind,
                date=days(start),
                valid_until=days(until) if until is not None else None,
                public_note=f"Nota {kind}",
            )
        if english:
            text = description.removeprefix("<p>").removesuffix("</p>")
            publish_translation(cooperative, "en", {text: english})
        cooperative.refresh_from_db()
        return cooperative

    return make
