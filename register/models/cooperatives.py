"""The cooperative record: what a buyer needs to know and check about a certified supplier."""

import datetime

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from stdnum.it import codicefiscale, iva
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin
from wagtail_localize.fields import TranslatableField

from ..comuni import settle_place
from ..forms import OwnLocaleForm
from ..integrity import TERM_FIELDS, wrong_locale_terms
from ..numbers import certificate_problem, normalise_certificate, normalise_vat, vat_problem
from ..panels import CertificationHistoryPanel
from ..routes import RESERVED_SLUGS
from .events import (
    EventKind,
    Status,
    certification_summary,
    derive_status,
    statuses_condition,
)


class LegalForm(models.TextChoices):
    WORKER = "lavoro", _("Worker cooperative")
    SOCIAL_A = "sociale-a", _("Social cooperative, type A")
    SOCIAL_B = "sociale-b", _("Social cooperative, type B")
    CONSORTIUM = "consorzio", _("Consortium")


class AlboSection(models.TextChoices):
    PREVALENT = "prevalente", _("Cooperatives with prevalent mutuality")
    OTHER = "diversa", _("Other cooperatives")


class RegionalSection(models.TextChoices):
    """The sections of a region's register of social cooperatives (law 381/1991, art. 9; in
    Lombardy the "Albo regionale delle cooperative sociali")."""

    A = "A", _("Section A: social cooperatives of type A")
    B = "B", _("Section B: social cooperatives of type B")
    C = "C", _("Section C: consortia of social cooperatives")


# Which sections a legal form may be entered in: a worker cooperative is in none; a social
# cooperative of either type in A or B (one of mixed purpose is entered in both, and gives
# one); a consortium only in C, and a consortium of worker cooperatives in none.
REGIONAL_SECTIONS = {
    LegalForm.SOCIAL_A: {RegionalSection.A, RegionalSection.B},
    LegalForm.SOCIAL_B: {RegionalSection.A, RegionalSection.B},
    LegalForm.CONSORTIUM: {RegionalSection.C},
}


REGIONAL_FIELDS = ("regional_register_section", "regional_register_number", "legal_form")


def validate_vat(value: str) -> None:
    if problem := vat_problem(value):
        raise ValidationError(problem, code="invalid_vat")


def validate_fiscal_code(value: str) -> None:
    if not (iva.is_valid(value) or codicefiscale.is_valid(value)):
        raise ValidationError(_("%(value)s is not a valid fiscal code."), params={"value": value})


def terms_in_locale(terms, locale) -> list:
    """The same sectors or areas in `locale`, matched by their translation key."""
    terms = list(terms)
    if not terms:
        return []
    model = type(terms[0])
    keys = [term.translation_key for term in terms]
    return list(model.objects.filter(translation_key__in=keys, locale=locale))


class CooperativeQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def canonical(self) -> "CooperativeQuerySet":
        """One row per cooperative: the source-language record, which holds its facts."""
        return self.filter(locale__language_code=settings.LANGUAGE_CODE)

    def public(self) -> "CooperativeQuerySet":
        """Published and certified at some point: drafts and pending records are never shown."""
        return self.canonical().filter(live=True, certification_kind__isnull=False)

    def in_status(self, *statuses: str, today: datetime.date | None = None):
        return self.filter(statuses_condition(statuses, today))


class Cooperative(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    """A cooperative of the register. Facts live on the Italian record; the English record,
    made with wagtail-localize, only carries the translated texts."""

    # Identity
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=False)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    vat_number = models.CharField(
        _("VAT number"),
        max_length=11,
        validators=[RegexValidator(r"^\d{11}$", _("Eleven digits, without IT.")), validate_vat],
    )
    fiscal_code = models.CharField(
        _("fiscal code"), max_length=16, blank=True, validators=[validate_fiscal_code]
    )
    albo_number = models.CharField(
        _("Albo number"),
        max_length=20,
        blank=True,
        help_text=_("Number in the national register of cooperatives (Albo), e.g. A123456."),
    )
    albo_section = models.CharField(
        _("Albo section"), max_length=20, choices=AlboSection.choices, blank=True
    )
    albo_category = models.CharField(_("Albo category"), max_length=120, blank=True)
    rea_number = models.CharField(
        _("REA number"), max_length=20, blank=True, help_text=_("E.g. BG-123456.")
    )
    regional_register_section = models.CharField(
        _("regional register section"),
        max_length=1,
        choices=RegionalSection.choices,
        blank=True,
        help_text=_(
            "Social cooperatives and their consortia: the section of the regional register."
        ),
    )
    regional_register_number = models.CharField(
        _("regional register number"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9/.-]*$",
                _("Letters, digits, dashes, dots and slashes, e.g. 1234 or 612/A."),
            )
        ],
        help_text=_("Number in the regional register of social cooperatives, with its section."),
    )

    # Seat
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
        help_text=_(
            "Filled in from the municipality when saved. Correct them if the seat is elsewhere; "
            "empty both to take the municipality's centre again."
        ),
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )

    # What and where
    sectors = ParentalManyToManyField(
        "register.Sector", verbose_name=_("sectors"), related_name="cooperatives"
    )
    areas = ParentalManyToManyField(
        "register.Area", verbose_name=_("areas served"), related_name="cooperatives"
    )
    description = RichTextField(_("description"), features=["bold", "italic", "link", "ul"])
    services = RichTextField(_("services"), blank=True, features=["bold", "italic", "ul"])

    # Contacts
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Workforce
    workers = models.PositiveIntegerField(_("workers"), null=True, blank=True)
    members = models.PositiveIntegerField(_("members"), null=True, blank=True)
    disadvantaged_workers = models.PositiveIntegerField(
        _("disadvantaged workers"),
        null=True,
        blank=True,
        help_text=_("Social cooperatives of type B: people in job placement."),
    )

    # Requirements of the mark, each with the date it was last verified
    audit_passed_on = models.DateField(_("positive cooperative audit"), null=True, blank=True)
    extra_assembly_on = models.DateField(_("additional members' meeting"), null=True, blank=True)
    ccnl_applied = models.CharField(_("collective agreement applied"), max_length=255, blank=True)
    ccnl_verified_on = models.DateField(_("agreement verified on"), null=True, blank=True)
    quality_path = models.CharField(_("quality certification path"), max_length=255, blank=True)
    quality_verified_on = models.DateField(_("quality path verified on"), null=True, blank=True)
    training = models.CharField(_("training"), max_length=255, blank=True)
    training_verified_on = models.DateField(_("training verified on"), null=True, blank=True)

    # The certificate; the dates and the current state follow the event history
    certificate_number = models.CharField(
        _("certificate number"),
        max_length=30,
        blank=True,
        validators=[RegexValidator(r"^[A-Z0-9-]+$", _("Capital letters, digits and dashes."))],
    )
    first_certified_on = models.DateField(_("first issued on"), null=True, editable=False)
    certified_until = models.DateField(_("valid until"), null=True, editable=False)
    certification_kind = models.CharField(
        _("latest event"), max_length=20, choices=EventKind.choices, null=True, editable=False
    )
    certification_date = models.DateField(_("latest event on"), null=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    revisions = GenericRelation("wagtailcore.Revision", related_query_name="cooperative")
    # Representatives' changes go through the "Cooperative profile review" workflow
    # (representatives/migrations): a register manager publishes them.
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="cooperative",
        for_concrete_model=False,
    )

    objects = CooperativeQuerySet.as_manager()
    base_form_class = OwnLocaleForm

    translatable_fields = [
        TranslatableField("description"),
        TranslatableField("services"),
        TranslatableField("quality_path"),
        TranslatableField("training"),
    ]

    search_fields = [
        index.SearchField("name", boost=4),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.SearchField("services"),
        index.SearchField("comune", boost=2),
        index.SearchField("vat_number"),
        index.SearchField("certificate_number"),
        index.FilterField("live"),
        index.FilterField("name"),
        index.FilterField("legal_form"),
        index.FilterField("certification_kind"),
        index.FilterField("certified_until"),
        index.FilterField("certification_date"),
        index.FilterField("updated_at"),
        index.FilterField("locale"),
        index.FilterField("translation_key"),
        # For the facet counts in the search cluster (register.facets.ElasticsearchFacets).
        index.FilterField("facet_sector_ids", type="IntegerField"),
        index.FilterField("facet_area_ids", type="IntegerField"),
    ]

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("legal_form"),
                FieldRowPanel([FieldPanel("vat_number"), FieldPanel("fiscal_code")]),
                FieldRowPanel([FieldPanel("albo_number"), FieldPanel("albo_section")]),
                FieldRowPanel([FieldPanel("albo_category"), FieldPanel("rea_number")]),
                FieldRowPanel(
                    [
                        FieldPanel("regional_register_section"),
                        FieldPanel("regional_register_number"),
                    ]
                ),
            ],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel(
                    [FieldPanel("postcode"), FieldPanel("comune"), FieldPanel("province")]
                ),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Registered office"),
        ),
        InlinePanel(
            "operating_sites",
            heading=_("Operating sites"),
            label=_("operating site"),
            help_text=_("Further places where the cooperative works, beside its seat."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
                FieldPanel("areas"),
                FieldPanel("description"),
                FieldPanel("services"),
            ],
            heading=_("What it does and where"),
        ),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("email"), FieldPanel("phone"), FieldPanel("logo")],
            heading=_("Contacts"),
        ),
        FieldRowPanel(
            [FieldPanel("workers"), FieldPanel("members"), FieldPanel("disadvantaged_workers")],
            heading=_("Workforce"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audit_passed_on"),
                FieldPanel("extra_assembly_on"),
                FieldRowPanel([FieldPanel("ccnl_applied"), FieldPanel("ccnl_verified_on")]),
                FieldRowPanel([FieldPanel("quality_path"), FieldPanel("quality_verified_on")]),
                FieldRowPanel([FieldPanel("training"), FieldPanel("training_verified_on")]),
            ],
            heading=_("Requirements of the mark"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("certificate_number"),
                CertificationHistoryPanel(heading=_("Certification history")),
            ],
            heading=_("Certificate and history"),
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_cooperative_slug"),
            models.UniqueConstraint(fields=["vat_number", "locale"], name="unique_cooperative_vat"),
            models.UniqueConstraint(
                fields=["certificate_number", "locale"],
                condition=~Q(certificate_number=""),
                name="unique_cooperative_certificate",
            ),
        ]
        indexes = [
            models.Index(fields=["certification_kind", "certified_until"]),
            models.Index(fields=["certification_date"]),
        ]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude=None) -> None:
        # Normalise before the field validators run, so "IT 01234 567 890" is accepted.
        self.vat_number = normalise_vat(self.vat_number or "")
        self.certificate_number = normalise_certificate(self.certificate_number or "")
        self.province = (self.province or "").strip().upper()
        self.regional_register_number = "".join(
            (self.regional_register_number or "").upper().split()
        )
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # The pair and the legal form together: said on the field at fault, or else on one of
        # the three that is checked (an import row may change only one of them).
        checked = [name for name in REGIONAL_FIELDS if name not in (exclude or ())]
        if checked and not set(REGIONAL_FIELDS) & set(errors):
            for name, problem in self.regional_register_problems().items():
                errors[name if name in checked else checked[0]] = [problem]
        # Beside the field's own validators: a certificate number must never read as a VAT
        # number (register.numbers), and the message says what is wrong with it.
        checked = self.certificate_number and "certificate_number" not in (exclude or ())
        if checked and (problem := certificate_problem(self.certificate_number)):
            errors["certificate_number"] = [problem]
        if "slug" not in (exclude or ()) and self.slug in RESERVED_SLUGS:
            errors["slug"] = [
                _("“%(slug)s” is the address of a page of the register: choose another slug.")
                % {"slug": self.slug}
            ]
        # The comune must be one of ISTAT's list: its name is written as ISTAT does and its
        # centre fills in coordinates left empty (register.comuni.settle_place).
        place_checked = "comune" not in (exclude or ()) and not {"comune", "province"} & set(errors)
        if place_checked and (problem := settle_place(self)):
            errors["comune"] = [problem]
        if errors:
            raise ValidationError(errors)

    def regional_register_problems(self) -> dict[str, str]:
        """What is wrong with the regional register's section and number, by field: both or
        neither, and a section the legal form can be entered in."""
        section, number = self.regional_register_section, self.regional_register_number
        if section and section not in RegionalSection.values:
            return {}  # the field's own choices say what is wrong
        if number and not section:
            return {"regional_register_section": _("Give the section of the regional register.")}
        if section and not number:
            return {"regional_register_number": _("Give the number in the regional register.")}
        if section and section not in REGIONAL_SECTIONS.get(self.legal_form, ()):
            form = dict(LegalForm.choices).get(self.legal_form, "–")
            return {
                "regional_register_section": _(
                    "Section %(section)s of the regional register of social cooperatives is not "
                    "for this legal form (%(form)s)."
                )
                % {"section": section, "form": form}
            }
        return {}

    def clean(self) -> None:
        super().clean()
        # Sectors and areas exist once per language: a record points at those of its own, or
        # it vanishes from every page and list that reads its language's vocabulary.
        locale = self.locale if self.locale_id else self.get_default_locale()
        errors = {}
        for name in TERM_FIELDS:
            wrong = wrong_locale_terms(getattr(self, name).all(), locale.pk)
            if wrong:
                errors[name] = ValidationError(
                    _(
                        "Only %(field)s in the language of this record (%(language)s) can be "
                        "chosen. In another language: %(terms)s."
                    ),
                    params={
                        "field": self._meta.get_field(name).verbose_name,
                        "language": locale.get_display_name(),
                        "terms": ", ".join(f"“{term}”" for term in wrong),
                    },
                    code="term_of_another_language",
                )
        if errors:
            raise ValidationError(errors)

    def copy_for_translation(self, locale, exclude_fields=None):
        """The translation points at the same sectors and areas in its own language (Wagtail
        would copy the source's own terms). A term not yet translated into that language is
        left out: a record may only hold terms of its language."""
        translation = super().copy_for_translation(locale, exclude_fields=exclude_fields)
        for name in TERM_FIELDS:
            getattr(translation, name).set(terms_in_locale(getattr(self, name).all(), locale))
        return translation

    @classmethod
    def get_indexed_objects(cls):
        # The facet fields read each record's sectors and areas: two queries per batch.
        return super().get_indexed_objects().prefetch_related("sectors", "areas")

    def facet_sector_ids(self) -> list[int]:
        return [sector.pk for sector in self.sectors.all()]

    def facet_area_ids(self) -> list[int]:
        """The areas served and the provinces of its zones: a province includes its zones."""
        return sorted({i for area in self.areas.all() for i in (area.pk, area.parent_id) if i})

    @property
    def status(self) -> Status:
        return self.status_on(timezone.localdate())

    def status_on(self, today: datetime.date) -> Status:
        return derive_status(self.certification_kind, self.certified_until, today)

    def get_status_display(self) -> str:
        """The status in the reader's language, as the public site labels it."""
        return self.status.label

    @property
    def regional_register_display(self) -> str:
        """The entry as "section B, no. 1234", in the reader's language; "" when none."""
        if not (self.regional_register_section and self.regional_register_number):
            return ""
        return _("section %(section)s, no. %(number)s") % {
            "section": self.regional_register_section,
            "number": self.regional_register_number,
        }

    @property
    def vat_display(self) -> str:
        return f"IT{self.vat_number}"

    @property
    def history_summary(self) -> str:
        """The certification history as short lines, for the admin's inspect view."""
        return format_html_join(
            "",
            "<p>{} – {} {}</p>",
            (
                (event.date.strftime("%d/%m/%Y"), event.get_kind_display(), event.public_note)
                for event in self.certification_events.all()
            ),
        )

    def refresh_certification(self) -> None:
        """Recompute the certificate's dates and latest event from the history."""
        values = certification_summary(list(self.certification_events.order_by("date", "id")))
        # An update, not a save: a draft being edited must not be published by an event.
        type(self).objects.filter(pk=self.pk).update(**values, updated_at=timezone.now())
        for field, value in values.items():
            setattr(self, field, value)

    # In a revision that may change only some fields (a representative's: register.admin_scope),
    # their names; every other field keeps the record's current value when it is published.
    EDITS_KEY = "_edits_only"

    def with_content_json(self, content):
        # The certification follows the event history, not the revision being published.
        obj = super().with_content_json(content)
        for field in (
            "first_certified_on",
            "certified_until",
            "certification_kind",
            "certification_date",
        ):
            setattr(obj, field, getattr(self, field))
        if (edits := content.get(self.EDITS_KEY)) is not None:
            for field in self._meta.concrete_fields:
                if field.editable and not field.primary_key and field.name not in edits:
                    setattr(obj, field.attname, getattr(self, field.attname))
            for field in self._meta.many_to_many:
                if field.name not in edits:
                    setattr(obj, field.name, list(getattr(self, field.name).all()))
        return obj
