"""Inviting a representative: the signed link of an invitation, its e-mail, and what
accepting it makes (the Wagtail user, in the representatives' group and the cooperative's
space, bound to the cooperative)."""

import datetime
from enum import Enum

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.users.models import UserProfile

from infrastructure.links import absolute, path_in

from .models import GROUP_NAME, Invitation, Representative
from .spaces import space_of

MAX_AGE = datetime.timedelta(days=7)
SALT = "representatives.invitation"


class Problem(Enum):
    TAMPERED = "tampered"
    EXPIRED = "expired"
    UNKNOWN = "unknown"  # revoked (deleted) since it was sent
    USED = "used"


def make_token(invitation: Invitation) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(invitation.pk))


def read_token(token: str) -> Invitation | Problem:
    """The invitation the token names, or why it cannot be used."""
    try:
        pk = signing.TimestampSigner(salt=SALT).unsign(token, max_age=MAX_AGE)
    except signing.SignatureExpired:
        return Problem.EXPIRED
    except signing.BadSignature:
        return Problem.TAMPERED
    invitation = Invitation.objects.select_related("cooperative").filter(pk=pk).first()
    if invitation is None:
        return Problem.UNKNOWN
    if invitation.accepted_at is not None:
        return Problem.USED
    return invitation


def invitation_url(invitation: Invitation) -> str:
    return absolute(
        path_in(invitation.language, "representatives_accept", token=make_token(invitation))
    )


def send_invitation(invitation: Invitation) -> None:
    """The invitation e-mail, in the language chosen for the invitee (queued, like all mail)."""
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "url": invitation_url(invitation),
            "days": MAX_AGE.days,
        }
        text = render_to_string("representatives/mail/invitation.txt", context)
        html = render_to_string("representatives/mail/base.html", {"text": "".join([text])})
        message = EmailMultiAlternatives(
            subject=_("Impact register")
            + ": "
            + _("keep the profile of %(name)s") % {"name": invitation.cooperative.name},
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[invitation.email],
            headers={"Auto-Submitted": "auto-generated"},
        )
        message.attach_alternative(html, "text/html")
        message.send()


def email_taken(email: str) -> bool:
    User = get_user_model()
    return User.objects.filter(username__iexact=email).exists() or (
        User.objects.filter(email__iexact=email).exists()
    )


@transaction.atomic
def accept(invitation: Invitation, password: str):
    """The representative's account: its login is the e-mail address, its admin language the
    invitation's; the invitation is used up (None when another request used it first)."""
    used = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
    if not used:
        return None
    email = invitation.email.strip().lower()
    user = get_user_model().objects.create_user(username=email, email=email, password=password)
    space = space_of(invitation.cooperative)
    user.groups.add(Group.objects.get(name=GROUP_NAME), space.group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = invitation.language
    profile.save(update_fields=["preferred_language"])
    Representative.objects.create(user=user, cooperative=invitation.cooperative)
    return user
