"""The yearly figures in the admin, for register managers (the model's add, change and delete
permissions, given to their group by migration 0002): a list filtered by year and cooperative,
the form, and the spreadsheet import beside them."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from register.models import Cooperative

from .models import YearlyFigures


def _years(request=None) -> list[tuple[int, int]]:
    years = YearlyFigures.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(year, year) for year in years]


class YearlyFiguresFilterSet(WagtailFilterSet):
    year = django_filters.TypedChoiceFilter(label=_("Year"), choices=_years, coerce=int)
    cooperative = django_filters.ModelChoiceFilter(
        label=_("Cooperative"),
        queryset=Cooperative.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by(
            "name"
        ),
    )

    class Meta:
        model = YearlyFigures
        fields = ["year", "cooperative"]


class YearlyFiguresViewSet(SnippetViewSet):
    model = YearlyFigures
    icon = "table"
    menu_label = _("Yearly figures")
    menu_name = "yearly-figures"
    add_to_admin_menu = True
    menu_order = 210  # after the register's menu
    copy_view_enabled = False
    filterset_class = YearlyFiguresFilterSet
    list_display = ["cooperative", "year", "value_of_production", "employees", "declared_on"]
    list_export = [
        "cooperative",
        "year",
        "value_of_production",
        "employees",
        "disadvantaged_workers",
        "source",
        "declared_on",
    ]
    ordering = ["cooperative__name", "-year"]
    panels = [
        FieldRowPanel([FieldPanel("cooperative"), FieldPanel("year")]),
        FieldPanel("value_of_production"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("employees"), FieldPanel("permanent_employees")]),
                FieldPanel("members"),
                FieldPanel("training_hours"),
            ],
            heading=_("People"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("disadvantaged_workers"),
                FieldRowPanel(
                    [FieldPanel("disabled_workers"), FieldPanel("other_disadvantaged_workers")]
                ),
            ],
            heading=_("Disadvantaged workers"),
        ),
        MultiFieldPanel(
            [FieldPanel("placed_art14"), FieldPanel("placed_art5")],
            heading=_("People placed through conventions with companies"),
        ),
        FieldRowPanel([FieldPanel("source"), FieldPanel("declared_on")]),
    ]
