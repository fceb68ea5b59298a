"""The renewal's forms in the admin: a requirement's facts and one more document, a manager's
review of a requirement, the decision."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Item, RenewalSettings
from .uploads import check_upload


class ItemForm(forms.ModelForm):
    document = forms.FileField(
        label=_("Add a document"),
        required=False,
        help_text=_("PDF, PNG or JPEG, up to the size the register accepts."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    class Meta:
        model = Item
        fields = ["facts", "fact_date", "answer"]
        widgets = {
            "facts": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 3}),
            "fact_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        item = self.instance
        self.fields["facts"].label = _("Facts")
        self.fields["fact_date"].label = _("Date")
        self.fields["answer"].label = _("Your answer to the reviewer")
        if not item.is_dated:
            del self.fields["fact_date"]
        if item.state != "more_asked":
            del self.fields["answer"]
        limit = RenewalSettings.load().max_evidence_mb
        self.fields["document"].help_text = _(
            "PDF, PNG or JPEG, up to %(max)s MB. Its type is checked by its content."
        ) % {"max": limit}

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            try:
                check_upload(upload, RenewalSettings.load().max_evidence_bytes)
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return upload


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Review"),
        choices=[("accept", _("Accept")), ("more", _("Ask for more"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment for the representative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "more" and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what more is needed: the representative reads it."))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("renew", _("Renew the mark")), ("refuse", _("Refuse the renewal"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for a refusal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not data.get("reason", "").strip():
            self.add_error(
                "reason", _("Give the reason for the refusal: the representative reads it.")
            )
        return data
