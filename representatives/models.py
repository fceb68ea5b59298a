"""The people who keep a cooperative's own profile: Wagtail users of one group, each bound to
one cooperative (its record in the default language, the source of its translations)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from register.models import Cooperative

# Created by migrations/0001; its name is translated in the admin (infrastructure.admin_names).
GROUP_NAME = "Cooperative representatives"


class Representative(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representative",
        verbose_name=_("user"),
    )
    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="representatives",
        verbose_name=_("cooperative"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)
    reminders = models.BooleanField(
        _("monthly reminders"),
        default=True,
        help_text=_("A monthly e-mail while the profile misses something."),
    )
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("cooperative representative")
        verbose_name_plural = _("cooperative representatives")

    def __str__(self) -> str:
        return f"{self.user} ({self.cooperative})"


def cooperative_of(user) -> Cooperative | None:
    """The cooperative a user represents (its source record), or None for everyone else;
    looked up once per request (kept on the user object, as register.admin_scope keeps the
    scope): the menu, the admin areas, the scope and the renewals all ask."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_represented_cooperative"):
        representative = (
            Representative.objects.filter(user=user, user__is_active=True)
            .select_related("cooperative")
            .first()
        )
        user._represented_cooperative = representative.cooperative if representative else None
    return user._represented_cooperative


class CooperativeSpace(models.Model):
    """What the representatives of one cooperative share: the image collection their logo
    comes from and a group holding their rights on it alone (Wagtail's collection permissions
    are given to groups)."""

    cooperative = models.OneToOneField(
        Cooperative, on_delete=models.CASCADE, related_name="+", verbose_name=_("cooperative")
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("image collection"),
    )
    group = models.OneToOneField(
        "auth.Group", on_delete=models.PROTECT, related_name="+", verbose_name=_("group")
    )

    class Meta:
        verbose_name = _("cooperative's space")
        verbose_name_plural = _("cooperatives' spaces")

    def __str__(self) -> str:
        return str(self.cooperative)


class Invitation(models.Model):
    """An invitation e-mailed to a future representative. Its link carries a signed token of
    its id, which expires after INVITATION_DAYS and works once (accepted_at)."""

    email = models.EmailField(_("e-mail"))
    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("cooperative"),
    )
    language = models.CharField(
        _("language of the e-mail"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        permissions = [("invite_representative", _("Can invite and revoke representatives"))]

    def __str__(self) -> str:
        return f"{self.email} ({self.cooperative})"
