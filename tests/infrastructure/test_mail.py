"""Every e-mail goes through the task queue to a real SMTP server (the smtp_server fixture): a
server that refuses is tried again, later where the queue can wait, and a message that cannot
be delivered is logged as an error, never dropped in silence."""

import datetime
import logging

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from infrastructure.mail import RETRY_DELAYS, deliver_email, message_to_json
from tests.mail import body_of

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def send() -> int:
    return mail.send_mail("Avviso", "Testo dell'avviso.", "registro@example.org", ["a@example.org"])


def test_a_message_goes_through_the_queue_to_the_server(smtp_server, settings):
    settings.TASKS = DATABASE_QUEUE
    assert send() == 1
    assert smtp_server.messages == []  # queued, not sent by the request
    row = DBTaskResult.objects.get(task_path="infrastructure.mail.deliver_email")
    assert row.status == "READY"
    deliver_email.call(*row.task_result.args, **row.task_result.kwargs)  # what the worker does
    [message] = smtp_server.messages
    assert (message["Subject"], message["From"]) == ("Avviso", "registro@example.org")
    assert body_of(message).strip() == "Testo dell'avviso."


def test_html_alternatives_and_headers_survive_the_queue(smtp_server):
    message = mail.EmailMultiAlternatives(
        "Notifica",
        "Testo",
        "registro@example.org",
        ["b@example.org"],
        headers={"Auto-Submitted": "auto-generated"},
        reply_to=["ufficio@example.org"],
    )
    message.attach_alternative("<p>Testo</p>", "text/html")
    message.send()
    [received] = smtp_server.messages
    assert received["Auto-Submitted"] == "auto-generated"
    assert received["Reply-To"] == "ufficio@example.org"
    assert received.get_body(("html",)).get_content().strip() == "<p>Testo</p>"


def test_a_refused_message_is_tried_again(smtp_server, caplog):
    smtp_server.refuse = 2
    with caplog.at_level(logging.WARNING, logger="infrastructure.mail"):
        assert send() == 1
    [message] = smtp_server.messages  # the third attempt
    assert message["Subject"] == "Avviso"
    ours = [record for record in caplog.records if record.name == "infrastructure.mail"]
    assert [record.getMessage() for record in ours] == [
        "E-mail 'Avviso' to a@example.org: attempt 1 failed, trying again",
        "E-mail 'Avviso' to a@example.org: attempt 2 failed, trying again",
    ]


def test_the_queue_waits_before_trying_again(smtp_server, settings):
    settings.TASKS = DATABASE_QUEUE
    smtp_server.refuse = 1
    message = message_to_json(mail.EmailMessage("Avviso", "Testo", to=["a@example.org"]))
    before = timezone.now()
    with pytest.raises(Exception, match="Try again later"):
        deliver_email.call(message)
    retry = DBTaskResult.objects.get(task_path="infrastructure.mail.deliver_email")
    assert retry.task_result.kwargs == {"attempt": 2}
    assert retry.task_result.args == [message]
    delay = datetime.timedelta(seconds=RETRY_DELAYS[0])
    assert before + delay <= retry.run_after <= timezone.now() + delay
    assert not DBTaskResult.objects.ready().exists()  # not before its time


def test_a_message_that_cannot_be_delivered_is_logged_as_an_error(smtp_server, caplog):
    smtp_server.refuse = 100
    with caplog.at_level(logging.WARNING, logger="infrastructure.mail"):
        assert send() == 1  # the sender (a request) is not broken by it
    assert smtp_server.messages == []
    errors = [
        record
        for record in caplog.records
        if record.name == "infrastructure.mail" and record.levelno == logging.ERROR
    ]
    assert [record.getMessage() for record in errors] == [
        f"E-mail 'Avviso' to a@example.org not delivered after {len(RETRY_DELAYS) + 1} attempts"
    ]
    assert smtp_server.refuse == 100 - (len(RETRY_DELAYS) + 1)


def test_attachments_are_refused_rather_than_dropped(smtp_server):
    message = mail.EmailMessage("Allegato", "Testo", to=["a@example.org"])
    message.attach("dati.csv", "a,b\n", "text/csv")
    with pytest.raises(ValueError, match="attachments"):
        message.send()
