"""A cooperative's further operating sites (some members work from two or more places)."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from ..comuni import settle_place


class OperatingSite(Orderable):
    """One operating site: a child of the record (modelcluster), so drafts and revisions keep
    it. Its coordinates come from its comune unless an editor corrects them."""

    cooperative = ParentalKey(
        "register.Cooperative", on_delete=models.CASCADE, related_name="operating_sites"
    )
    label = models.CharField(
        _("name of the site"),
        max_length=120,
        blank=True,
        help_text=_("E.g. “Warehouse” or “Treviglio workshop”; shown as written."),
    )
    street = models.CharField(_("street address"), max_length=255, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=5, blank=True, validators=[RegexValidator(r"^\d{5}$")]
    )
    comune = models.CharField(_("municipality"), max_length=120)
    province = models.CharField(
        _("province"),
        max_length=2,
        default="BG",
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two capital letters, e.g. BG."))],
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("Filled in from the municipality; empty both to take its centre again."),
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("street"),
        FieldRowPanel([FieldPanel("postcode"), FieldPanel("comune"), FieldPanel("province")]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("operating site")
        verbose_name_plural = _("operating sites")

    def __str__(self) -> str:
        return ", ".join(part for part in (self.label, self.comune) if part)

    def clean_fields(self, exclude=None) -> None:
        self.province = (self.province or "").strip().upper()
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        settled = "comune" not in errors and "province" not in errors
        if settled and (problem := settle_place(self)):
            errors["comune"] = [problem]
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        settle_place(self)  # whatever path saves it, an empty point is filled in
        super().save(*args, **kwargs)
