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

    class Meta:
        verbose_name = _("cooperative representative")
        verbose_name_plural = _("cooperative representatives")

    def __str__(self) -> str:
        return f"{self.user} ({self.cooperative})"


def cooperative_of(user) -> Cooperative | None:
    """The cooperative a user represents (its source record), or None for everyone else."""
    if not getattr(user, "is_authenticated", False):
        return None
    representative = (
        Representative.objects.filter(user=user, user__is_active=True)
        .select_related("cooperative")
        .first()
    )
    return representative.cooperative if representative else None
