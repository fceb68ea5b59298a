"""The enquiry form: the fields editors define in the admin, plus two that are always there:
consent to the privacy notice (required) and a honeypot that people never see."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from infrastructure.forms import honeypot_field, style_widgets

# A field only a robot fills in: hidden from sight and from assistive technology.
HONEYPOT = "contact_website"
CONSENT = "privacy_consent"


class ContactForm(BaseForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT] = honeypot_field()
        self.fields[CONSENT] = forms.BooleanField(
            label=_(
                "I have read the privacy notice and agree that my data are used to answer "
                "this request."
            ),
            error_messages={"required": _("Please confirm that you have read the privacy notice.")},
        )
        style_widgets(self.fields.values())
        self.is_spam = False

    def clean(self) -> dict:
        cleaned_data = super().clean()
        # Filled in: a robot. Kept out of the data so it is neither stored nor mailed.
        self.is_spam = bool(cleaned_data.pop(HONEYPOT, ""))
        return cleaned_data


class ContactFormBuilder(FormBuilder):
    def get_form_class(self) -> type[ContactForm]:
        return type("ContactFormWithFields", (ContactForm,), self.formfields)
