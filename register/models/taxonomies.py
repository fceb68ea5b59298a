"""Sectors and areas: translatable names behind stable, language-neutral codes."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..comuni import comune_names, comuni
from ..forms import OwnLocaleForm


class Taxonomy(TranslatableMixin, models.Model):
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("Used in addresses and filters, the same in every language. Do not change it."),
    )
    name = models.CharField(_("name"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("code"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Sector(Taxonomy):
    """What a cooperative does: cleaning, catering, logistics…"""

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("sort_order")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="unique_sector_code_locale")
        ]


class Area(Taxonomy):
    """Where a cooperative works: a province, or a zone within one."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="zones",
        help_text=_("Leave empty for a province; choose the province for a zone within it."),
    )
    comuni = models.TextField(
        _("municipalities"),
        blank=True,
        help_text=_(
            "For a zone: the municipalities it is made of, by name or ISTAT code, separated by "
            "semicolons or on lines of their own. They draw the zone on the map of the province."
        ),
    )

    translatable_fields = [
        *Taxonomy.translatable_fields,
        TranslatableField("parent"),
        SynchronizedField("comuni"),
    ]
    base_form_class = OwnLocaleForm
    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("parent"),
        FieldPanel("comuni"),
        FieldPanel("sort_order"),
    ]

    class Meta(Taxonomy.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="unique_area_code_locale")
        ]

    def clean(self) -> None:
        super().clean()
        locale = self.locale if self.locale_id else self.get_default_locale()
        if self.parent_id and self.parent.locale_id != locale.pk:
            raise ValidationError(
                {
                    "parent": ValidationError(
                        _(
                            "Choose a province in the language of this area (%(language)s): "
                            "“%(parent)s” is in another language."
                        ),
                        params={"language": locale.get_display_name(), "parent": self.parent},
                        code="term_of_another_language",
                    )
                }
            )

        if self.comuni.strip():
            province = self.parent.code.upper() if self.parent_id else self.code.upper()
            unknown = [
                name
                for name in comune_names(self.comuni)
                if comuni().resolve(name) is None and comuni().named(name, province) is None
            ]
            if unknown:
                raise ValidationError(
                    {
                        "comuni": ValidationError(
                            _("Not municipalities of ISTAT's list: %(names)s."),
                            params={"names": ", ".join(f"“{name}”" for name in unknown)},
                            code="unknown_comuni",
                        )
                    }
                )

    def comune_codes(self) -> list[str]:
        """The ISTAT codes of the zone's municipalities, as far as they are known."""
        province = self.parent.code.upper() if self.parent_id else self.code.upper()
        found = []
        for name in comune_names(self.comuni):
            comune = comuni().named(name, province) or comuni().resolve(name)
            if comune:
                found.append(comune.istat)
        return found

    @property
    def is_province(self) -> bool:
        return self.parent_id is None
