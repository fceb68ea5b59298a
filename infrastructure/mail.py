"""Every e-mail the site sends goes through the task queue: the request only queues it, the
worker (`manage.py db_worker`) hands it to the mail server, and a server that refuses or does
not answer gets it again later. Nothing is lost silently: each failed attempt is logged and
stored with its task, and the last one is logged as an error naming the message.

EMAIL_BACKEND is QueuedEmailBackend; EMAIL_DELIVERY_BACKEND is the real one (from EMAIL_URL,
config/settings/base.py). Whoever renders a message picks its language (`staff_language` for
people with an account); this module only carries it."""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import task
from wagtail.users.models import UserProfile

logger = logging.getLogger(__name__)

# Seconds before each new attempt: five attempts over about two and a half hours.
RETRY_DELAYS = (60, 300, 1800, 7200)


def message_to_json(message: EmailMessage) -> dict:
    """What a task's arguments can hold (JSON): every part of the message that we send."""
    if message.attachments:
        # Nothing of ours attaches files; refused loudly rather than sent without them.
        raise ValueError("Queued e-mail cannot carry attachments.")
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {name: str(value) for name, value in message.extra_headers.items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "content_subtype": message.content_subtype,
    }


def message_from_json(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(alternative) for alternative in data["alternatives"]],
    )
    message.content_subtype = data["content_subtype"]
    return message


@task()
def deliver_email(message: dict, attempt: int = 1) -> int:
    """Hand one queued message to the mail server; on failure queue the next attempt (later,
    where the backend can defer) and fail this one, so that its error is stored too."""
    try:
        return get_connection(settings.EMAIL_DELIVERY_BACKEND).send_messages(
            [message_from_json(message)]
        )
    except Exception:
        recipients = ", ".join(message["to"] + message["cc"] + message["bcc"])
        if attempt > len(RETRY_DELAYS):
            # With the database queue the message also stays in this task's failed result.
            logger.error(
                "E-mail %r to %s not delivered after %d attempts",
                message["subject"],
                recipients,
                attempt,
            )
            raise
        retry = deliver_email
        if retry.get_backend().supports_defer:
            delay = datetime.timedelta(seconds=RETRY_DELAYS[attempt - 1])
            retry = retry.using(run_after=timezone.now() + delay)
        logger.warning(
            "E-mail %r to %s: attempt %d failed, trying again",
            message["subject"],
            recipients,
            attempt,
        )
        retry.enqueue(message, attempt=attempt + 1)
        raise


class QueuedEmailBackend(BaseEmailBackend):
    """Django's mail interface for the whole site (send_mail, Wagtail's notifications, password
    resets): each message becomes a `deliver_email` task."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                deliver_email.enqueue(message_to_json(message))
            except Exception:
                if not self.fail_silently:
                    raise
                logger.exception("E-mail %r could not be queued", message.subject)
            else:
                queued += 1
        return queued


def staff_language(address: str) -> str:
    """The language of mail to a member of staff: the admin language of the account with this
    address (Account → Preferences), else the site's default language."""
    user = get_user_model().objects.filter(email__iexact=address.strip(), is_active=True).first()
    # Not Wagtail's get_preferred_language(): it falls back to the request's language, which
    # is the visitor's, not the reader's.
    preferred = UserProfile.get_for_user(user).preferred_language if user else ""
    return preferred or settings.LANGUAGE_CODE


def addresses_by_language(addresses: Iterable[str]) -> dict[str, list[str]]:
    """Addresses grouped by the language their mail is written in, the default one first."""
    groups: dict[str, list[str]] = defaultdict(list)
    groups[settings.LANGUAGE_CODE] = []
    for address in addresses:
        if address.strip():
            groups[staff_language(address)].append(address.strip())
    return {language: group for language, group in groups.items() if group}
