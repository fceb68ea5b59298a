import io

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the demo site, as a new user sees it after `make run`."""
    with django_db_blocker.unblock():
        call_command("load_demo_content", stdout=io.StringIO())


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
