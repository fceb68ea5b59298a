"""The "ask about the mark" page: a form whose fields editors manage in the admin, with every
submission kept in the admin (Forms) and, if an address is set, sent by e-mail."""

import logging

from django import forms
from django.core.mail import EmailMessage
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, FormSubmission
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from infrastructure.mail import addresses_by_language

from .forms import CONSENT, HONEYPOT, ContactForm, ContactFormBuilder

logger = logging.getLogger(__name__)


class ContactFormField(TranslatableMixin, AbstractFormField):
    """One question of the form; translated with its page, its name kept across languages so
    that the submissions of both languages have the same columns."""

    page = ParentalKey("ContactFormPage", on_delete=models.CASCADE, related_name="form_fields")

    translatable_fields = [
        TranslatableField("label"),
        TranslatableField("help_text"),
        TranslatableField("choices"),
        TranslatableField("default_value"),
        SynchronizedField("clean_name"),
        SynchronizedField("field_type"),
        SynchronizedField("required"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("form field")


class ContactFormPage(AbstractEmailForm):
    """Ask about the mark or how to apply for it."""

    introduction = models.TextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(
        _("thank-you text"),
        blank=True,
        help_text=_("Shown after the form has been sent."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page the consent checkbox links to."),
    )

    form_builder = ContactFormBuilder

    content_panels = [
        *AbstractEmailForm.content_panels,
        FieldPanel("introduction"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        PageChooserPanel("privacy_page"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    # Addresses are the same in every language.
    override_translatable_fields = [SynchronizedField("to_address")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("enquiry form page")

    def get_data_fields(self) -> list[tuple[str, str]]:
        return [*super().get_data_fields(), (CONSENT, _("Privacy consent"))]

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        privacy = self.privacy_page.localized if self.privacy_page else None
        context["privacy_url"] = privacy.get_url(request) if privacy and privacy.live else None
        return context

    def process_form_submission(self, form: ContactForm) -> FormSubmission | None:
        if form.is_spam:
            # Answered like any other, so the robot learns nothing; nothing kept or sent.
            logger.info("Enquiry on page %s dropped: the honeypot was filled in", self.pk)
            return None
        return super().process_form_submission(form)

    def send_mail(self, form: ContactForm) -> None:
        """The office's notice of a request, queued, in each reader's language (their admin
        language, else Italian): subject and questions from this page's translation in that
        language, the answers as typed, and the language the visitor wrote in."""
        for language, addresses in addresses_by_language(self.to_address.split(",")).items():
            locale = Locale.objects.filter(language_code=language).first()
            page = (locale and self.get_translation_or_none(locale)) or self
            with translation.override(language):
                body = page.render_email(form)
                sent_from = gettext("Sent from %(url)s (%(language)s)") % {
                    "language": translation.get_language_info(self.locale.language_code)[
                        "name_translated"
                    ],
                    "url": self.full_url,
                }
            EmailMessage(
                subject=page.subject,
                body=f"{sent_from}\n\n{body}",
                from_email=self.from_address or None,
                to=addresses,
                headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
            ).send()

    def render_email(self, form: ContactForm) -> str:
        # The questions as this page asks them: the visitor may have used another translation
        # (the names of the questions are the same in every language).
        labels = {field.clean_name: field.label for field in self.get_form_fields()}
        asked = {bound.name: bound.label for bound in form}
        for bound in form:
            bound.label = labels.get(bound.name, bound.label)  # the consent's: gettext_lazy
        try:
            return super().render_email(form)
        finally:
            for bound in form:
                bound.label = asked[bound.name]

    def serve_after_csrf_failure(self, request: HttpRequest) -> HttpResponse:
        """The form again, filled in with what was typed and a new security token, after a
        submission refused by the CSRF check (infrastructure.error_views): nothing is lost but the
        consent, which must be given again, and the honeypot."""
        form = self.get_form(page=self, user=request.user)
        typed = {}
        for name, field in form.fields.items():
            if name in {HONEYPOT, CONSENT} or name not in request.POST:
                continue
            many = isinstance(field.widget, forms.SelectMultiple | forms.CheckboxSelectMultiple)
            typed[name] = request.POST.getlist(name) if many else request.POST.get(name)
        form = self.get_form(page=self, user=request.user, initial=typed)
        context = self.get_context(request)
        context.update(form=form, csrf_failed=True)
        return render(request, self.get_template(request), context, status=403)

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().serve(request, *args, **kwargs)
        # The form carries a CSRF token and the answer may echo what was typed: no cache,
        # shared or not, may keep either.
        add_never_cache_headers(response)
        return response
