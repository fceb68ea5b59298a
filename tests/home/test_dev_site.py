"""`make run` speaks in a few lines and ends with the addresses and credentials.

It used to print 771 lines, about 640 of them Wagtail's log of every demo page created."""

import io
import logging
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page

from demo.management.commands.prepare_dev_site import DEV_PASSWORD, DEV_USERNAME
from demo.management.commands.serve_dev_site import Command as ServeDevSite
from news.models import NewsPage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_loading_demo_content_prints_one_line_per_step_and_no_log(caplog):
    # Take one demo news item away (both languages), so that the load has real work to do.
    item = NewsPage.objects.filter(locale__language_code="it").first()
    Page.objects.filter(translation_key=item.translation_key).delete()
    output = io.StringIO()
    caplog.clear()
    with caplog.at_level(logging.INFO):
        call_command("load_demo_content", stdout=output)
    lines = output.getvalue().splitlines()
    assert [re.sub(r"\d+\.\d s", "N s", line) for line in lines[:-1]] == [
        "[1/7] Demo content of home … N s",
        "[2/7] Demo content of register … N s",
        "[3/7] Demo content of news … N s",
        "[4/7] Demo content of contact … N s",
        "[5/7] Demo content of the Pact's results … N s",
        "[6/7] Demo content of the cooperatives' yearly figures … N s",
        "[7/7] Search index … N s",
    ]
    assert re.fullmatch(r"Demo content loaded in \d+\.\d s \(2 pages added\)\.", lines[-1])
    assert [
        record.getMessage() for record in caplog.records if record.levelno < logging.WARNING
    ] == []


def test_the_full_log_is_there_with_verbosity_2(caplog):
    item = NewsPage.objects.filter(locale__language_code="it").first()
    Page.objects.filter(translation_key=item.translation_key).delete()
    with caplog.at_level(logging.INFO):
        call_command("load_demo_content", stdout=io.StringIO(), verbosity=2)
    assert any(record.getMessage().startswith("Page created") for record in caplog.records)


@override_settings(DEBUG=True)
def test_preparing_an_up_to_date_site_prints_nothing():
    output = io.StringIO()
    call_command("prepare_dev_site", stdout=output)
    call_command("prepare_dev_site", stdout=output)  # the first may have created the admin
    assert output.getvalue().count("\n") <= 1


def test_the_server_prints_the_addresses_and_credentials_last():
    output = io.StringIO()
    command = ServeDevSite(stdout=output)
    command.addr, command._raw_ipv6, command.protocol = "127.0.0.1", False, "http"
    command.on_bind(8123)
    lines = [line for line in output.getvalue().splitlines() if line.strip()]
    assert "Starting development server at http://127.0.0.1:8123/" in lines
    assert lines[-2].split() == [
        "Site:",
        "http://127.0.0.1:8123/it/",
        "(English:",
        "http://127.0.0.1:8123/en/)",
    ]
    assert f"user '{DEV_USERNAME}', password '{DEV_PASSWORD}'" in lines[-1]
    assert "http://127.0.0.1:8123/admin/" in lines[-1]
