"""The register in the admin: cooperatives, their certification events, sectors and areas."""

import datetime
import re

import django_filters
from django.conf import settings
from django.db.models import Choices, OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, LocaleColumn
from wagtail.coreutils import get_locales_display_names
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    InspectView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from chrome.robots import HOOK as ROBOTS_DISALLOWED
from infrastructure.ratelimit import FORMS_EXEMPT
from infrastructure.ratelimit import HOOK as RATE_LIMITED_PATHS

from . import admin_views, public_paths
from .admin_scope import CooperativePermissionPolicy, ScopedPanelMixin, confined, scope_for
from .models import (
    Area,
    CertificationEvent,
    Cooperative,
    LegalForm,
    RegisterPage,
    Sector,
    Status,
)
from .statistics import active_counts
from .vocabulary import Vocabulary


def source_language(queryset):
    return queryset.filter(locale__language_code=settings.LANGUAGE_CODE)


# How the register's admin shows values: real dates (never "just now" or "3 days ago": a
# validity ends on a day), labels rather than codes, and a dash rather than "None" or nothing.
EMPTY = "–"


def display_value(value):
    if value is None or value == "":
        return EMPTY
    if isinstance(value, Choices):
        return value.label
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return value


class ValueColumn(Column):
    """A listing column that shows its value as display_value() does."""

    def get_value(self, instance):
        return display_value(super().get_value(instance))


class RegisterInspectView(InspectView):
    """The detail of a record, with the listing's rules for empty values, codes and dates."""

    def get_field_display_value(self, field_name, field):
        return display_value(super().get_field_display_value(field_name, field))


TRANSLATION = "_translation_"  # prefix of the annotations holding each translation's id


class TranslationsColumn(Column):
    """The translations of a source record, each linked to its editor; a dash when none."""

    cell_template_name = "register/admin/translations_cell.html"

    def __init__(self, url_name: str, **kwargs):
        self.url_name = url_name
        super().__init__("translations", label=_("Translations"), **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        names = get_locales_display_names()
        context["translations"] = [
            {
                "language": names.get(int(key.removeprefix(TRANSLATION))),
                "url": reverse(self.url_name, args=[pk]),
            }
            for key, pk in sorted(vars(instance).items())
            if key.startswith(TRANSLATION) and pk is not None
        ]
        context["empty"] = EMPTY
        return context


def with_translations(queryset):
    """Source records, each annotated with the id of its record in every other locale."""
    model = queryset.model
    return source_language(queryset).annotate(
        **{
            f"{TRANSLATION}{locale.pk}": Subquery(
                model.objects.filter(
                    translation_key=OuterRef("translation_key"), locale=locale
                ).values("pk")[:1]
            )
            for locale in Locale.objects.exclude(language_code=settings.LANGUAGE_CODE)
        }
    )


class CooperativeFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, method="filter_status", empty_label=_("Any")
    )
    legal_form = django_filters.ChoiceFilter(label=_("Legal form"), choices=LegalForm.choices)
    sectors = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=lambda request: source_language(Sector.objects.all())
    )
    areas = django_filters.ModelChoiceFilter(
        label=_("Area"), queryset=lambda request: source_language(Area.objects.all())
    )

    class Meta:
        model = Cooperative
        fields = ["status", "legal_form", "sectors", "areas"]

    def _add_locale_filter(self):
        # One row per cooperative: the listing holds the source records only (their
        # translations are in the Translations column), so there is no locale to choose.
        pass

    def filter_status(self, queryset, name, value):
        return queryset.in_status(value)


class CooperativeEditView(ScopedPanelMixin, EditView):
    pass


class CooperativeViewSet(SnippetViewSet):
    model = Cooperative
    icon = "group"
    menu_label = _("Cooperatives")
    edit_view_class = CooperativeEditView
    list_display = [
        "name",
        "vat_number",
        "comune",
        ValueColumn("get_status_display", label=_("Status")),
        ValueColumn("certified_until", label=_("Valid until"), sort_key="certified_until"),
        TranslationsColumn("wagtailsnippets_register_cooperative:edit"),
        ValueColumn("updated_at", label=_("Last updated"), sort_key="updated_at"),
    ]
    filterset_class = CooperativeFilterSet
    inspect_view_class = RegisterInspectView

    def get_queryset(self, request):
        queryset = with_translations(Cooperative.objects.all())
        if (scope := scope_for(request.user)) is not None:
            queryset = queryset.filter(pk__in=scope.cooperatives.values("pk"))
        return queryset

    @property
    def permission_policy(self):
        # Model permissions for the groups; a representative's own record only
        # (register.admin_scope), on every view of the viewset.
        return CooperativePermissionPolicy(self.model)

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = confined(pattern.name, pattern.callback)
        return patterns

    search_fields = ["name", "vat_number", "certificate_number", "comune"]
    # Managers look records up by exact identifiers: the ORM's substring match suits that
    # better than full-text search (and the SQLite full-text backend cannot order by name).
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields = [
        "name",
        "legal_form",
        "vat_number",
        "fiscal_code",
        "albo_number",
        "rea_number",
        "regional_register_section",
        "regional_register_number",
        "comune",
        "certificate_number",
        "status",
        "first_certified_on",
        "certified_until",
        "history_summary",
    ]
    list_export = [
        "name",
        "vat_number",
        "fiscal_code",
        "certificate_number",
        "legal_form",
        "get_status_display",
        "first_certified_on",
        "certified_until",
        "street",
        "postcode",
        "comune",
        "province",
        "email",
        "phone",
        "website",
        "workers",
        "members",
        "disadvantaged_workers",
    ]
    export_filename = "cooperative-registro-impact"
    export_headings = {"get_status_display": _("Status")}


class CertificationEventPermissionPolicy(ModelPermissionPolicy):
    """The history is append-only: nobody edits or deletes an event, not even a superuser."""

    def user_has_permission(self, user, action):
        if action in {"change", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class CertificationEventForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cooperative"].queryset = source_language(Cooperative.objects.all())


class RecordEventView(CreateView):
    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or CertificationEvent()
        cooperative = self.request.GET.get("cooperative", "")
        if cooperative.isdigit():
            instance.cooperative_id = int(cooperative)
        return instance

    def save_instance(self):
        self.form.instance.recorded_by = self.request.user
        return super().save_instance()


class CertificationEventViewSet(SnippetViewSet):
    model = CertificationEvent
    icon = "date"
    menu_label = _("Certification events")
    add_view_class = RecordEventView
    edit_handler = ObjectList(
        [
            FieldPanel("cooperative"),
            FieldPanel("kind"),
            FieldPanel("date"),
            FieldPanel("valid_until"),
            FieldPanel("public_note"),
            FieldPanel("public_note_en"),
        ],
        base_form_class=CertificationEventForm,
    )
    list_display = [
        "cooperative",
        ValueColumn("get_kind_display", label=_("Event"), sort_key="kind"),
        ValueColumn("date", label=_("Date"), sort_key="date"),
        ValueColumn("valid_until", label=_("Valid until"), sort_key="valid_until"),
    ]
    list_filter = ["kind"]
    search_fields = ["public_note", "public_note_en"]
    inspect_view_enabled = True
    inspect_view_class = RegisterInspectView
    copy_view_enabled = False

    @property
    def permission_policy(self):
        return CertificationEventPermissionPolicy(self.model)


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    list_display = ["name", "code", LocaleColumn()]
    search_fields = ["name", "code"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    list_display = ["name", "code", ValueColumn("parent", label=_("Province")), LocaleColumn()]
    search_fields = ["name", "code"]


class ImportMenuItem(MenuItem):
    """Shown only to users who may add and change cooperatives."""

    def is_shown(self, request) -> bool:
        return admin_views.can_import(request.user)


class RegisterViewSetGroup(SnippetViewSetGroup):
    items = (CooperativeViewSet, CertificationEventViewSet, SectorViewSet, AreaViewSet)
    menu_icon = "group"
    menu_label = _("Register")
    menu_name = "register"
    menu_order = 200

    def get_submenu_items(self) -> list:
        # The import (register/admin_views.py) and its jobs after the records it writes.
        import_item = ImportMenuItem(
            _("Import cooperatives"),
            reverse_lazy("register_import"),
            name="import-cooperatives",
            icon_name="upload",
            order=1000,
        )
        jobs_item = ImportMenuItem(
            _("Import jobs"),
            reverse_lazy("register_import_jobs"),
            name="import-jobs",
            icon_name="list-ul",
            order=1010,
        )
        return [*super().get_submenu_items(), import_item, jobs_item]


register_snippet(RegisterViewSetGroup)


# --- Import of cooperatives from a spreadsheet (register/admin_views.py), under
# /admin/register/import/ ----------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("register/import/", admin_views.import_view, name="register_import"),
        path("register/import/jobs/", admin_views.jobs_view, name="register_import_jobs"),
        path(
            "register/import/jobs/<uuid:job_id>/",
            admin_views.job_view,
            name="register_import_job",
        ),
        path(
            "register/import/jobs/<uuid:job_id>/confirm/",
            admin_views.job_confirm_view,
            name="register_import_job_confirm",
        ),
        path(
            "register/import/jobs/<uuid:job_id>/cancel/",
            admin_views.job_cancel_view,
            name="register_import_job_cancel",
        ),
        path(
            "register/import/template.csv",
            admin_views.template_view,
            name="register_import_template",
        ),
    ]


# --- End of the import section -------------------------------------------------------------------


@hooks.register("home_page_sections", order=10)
def register_search_section(request, home_page) -> str:
    """The register's search box and verification form on the home page."""
    register_page = (
        RegisterPage.objects.live()
        .filter(locale_id=home_page.locale_id)
        .descendant_of(home_page)
        .first()
    )
    if register_page is None:
        return ""
    vocabulary = Vocabulary()
    return render_to_string(
        "register/includes/home_section.html",
        {
            "register_page": register_page,
            "vocabulary": vocabulary,
            "total": active_counts(vocabulary)["total"],
        },
        request=request,
    )


# The register's addresses for robots.txt and the rate limits, from its pages and routes.
@hooks.register(ROBOTS_DISALLOWED)
def register_is_not_for_crawlers() -> list[str]:
    return public_paths.robots_disallowed()


@hooks.register(RATE_LIMITED_PATHS)
def register_is_rate_limited() -> list:
    return public_paths.rate_limited()


@hooks.register(FORMS_EXEMPT)
def bulk_verification_has_a_limit_of_its_own() -> list[str]:
    # Its own rule ("bulk-verification") is the limit a buyer meets; the site-wide "forms"
    # rule would stop one at the fourth list checked and downloaded in two formats.
    return [f"{re.escape(path)}$" for path in public_paths.bulk_verification_paths()]
