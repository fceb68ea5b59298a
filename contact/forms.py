"""The enquiry form: the fields editors define in the admin, plus two that are always there:
consent to the privacy notice (required) and a honeypot that people never see."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

# A field only a robot fills in: hidden from sight and from assistive technology.
HONEYPOT = "contact_website"
CONSENT = "privacy_consent"


class ContactForm(BaseForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[CONSENT] = forms.BooleanField(
            label=_(
                "I have read the privacy notice and agree that my data are used to answer "
                "this request."
            ),
            error_messages={"required": _("Please confirm that you have read the privacy notice.")},
        )
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-control")
        self.is_spam = False

    def clean(self) -> dict:
        cleaned_data = super().clean()
        # Filled in: a robot. Kept out of the data so it is neither stored nor mailed.
        self.is_spam = bool(cleaned_data.pop(HONEYPOT, ""))
        return cleaned_data


class ContactFormBuilder(FormBuilder):
    def get_form_class(self) -> type[ContactForm]:
        return type("ContactFormWithFields", (ContactForm,), self.formfields)
