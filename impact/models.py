"""A cooperative's figures for one year, as it declared them (its social report, its
accounts), with their source and the date of the declaration. One row per cooperative and
year, on the cooperative's source-language record, which holds its facts (its translation
shares them)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from register.models import Cooperative

from . import rules


def _count(label: str, help_text: str = "") -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, null=True, blank=True, help_text=help_text)


class YearlyFiguresQuerySet(models.QuerySet):
    def public(self) -> "YearlyFiguresQuerySet":
        """The figures of the cooperatives the register shows (its own rule of what is public)."""
        return self.filter(cooperative__in=Cooperative.objects.public())


class YearlyFigures(models.Model):
    cooperative = models.ForeignKey(
        "register.Cooperative",
        verbose_name=_("cooperative"),
        on_delete=models.CASCADE,
        related_name="yearly_figures",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(rules.FIRST_YEAR)]
    )
    value_of_production = models.DecimalField(
        _("value of production (euro)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    employees = _count(_("people employed"))
    permanent_employees = _count(_("of whom with a permanent contract"))
    members = _count(_("members"))
    disadvantaged_workers = _count(_("disadvantaged workers"))
    disabled_workers = _count(
        _("disabled workers (law 68/1999)"), _("Part of the disadvantaged workers.")
    )
    other_disadvantaged_workers = _count(
        _("other disadvantaged workers (law 381/1991)"),
        _("Part of the disadvantaged workers: with the disabled workers, they add up to them."),
    )
    placed_art14 = _count(
        _("people placed through conventions under art. 14 of d.lgs. 276/2003"),
        _("Disabled people hired by a company and placed at the cooperative."),
    )
    placed_art5 = _count(
        _("people placed through conventions under art. 5 of law 381/1991"),
    )
    training_hours = _count(_("training hours"))
    source = models.CharField(
        _("source"), max_length=255, help_text=_("For example: bilancio sociale 2024.")
    )
    declared_on = models.DateField(_("declared on"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = YearlyFiguresQuerySet.as_manager()

    class Meta:
        verbose_name = _("yearly figures")
        verbose_name_plural = _("yearly figures")
        ordering = ["cooperative__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "year"], name="unique_yearly_figures_per_year"
            ),
            # The rules of rules.problems() a database can hold too.
            models.CheckConstraint(
                condition=Q(permanent_employees__isnull=True)
                | Q(employees__isnull=True)
                | Q(permanent_employees__lte=F("employees")),
                name="permanent_within_employees",
            ),
            models.CheckConstraint(
                condition=Q(value_of_production__isnull=True) | Q(value_of_production__gte=0),
                name="value_of_production_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative} · {self.year}"

    @property
    def placed_total(self) -> int | None:
        """The people placed through either kind of convention; None if neither is declared."""
        parts = [part for part in (self.placed_art14, self.placed_art5) if part is not None]
        return sum(parts) if parts else None

    def clean(self) -> None:
        super().clean()
        if self.cooperative_id and (
            self.cooperative.locale.language_code != settings.LANGUAGE_CODE
        ):
            raise ValidationError(
                {"cooperative": _("Figures belong to the cooperative's Italian record.")}
            )
        values = {name: getattr(self, name) for name in ("year", "declared_on", *rules.FIGURES)}
        found = rules.problems(values, timezone.localdate())
        if found:
            raise ValidationError(found)
