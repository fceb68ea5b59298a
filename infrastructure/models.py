"""The rate limits' shared counts."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateLimitCount(models.Model):
    """The requests one client made under one rate-limit rule in one window
    (infrastructure.ratelimit), counted here when there is no Redis, so that every worker
    process shares the count."""

    key = models.CharField(max_length=255, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    # When the window ends, on the limiter's clock (seconds since the epoch).
    expires = models.FloatField(db_index=True)

    class Meta:
        verbose_name = _("rate-limit count")
        verbose_name_plural = _("rate-limit counts")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
