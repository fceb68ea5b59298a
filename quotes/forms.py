"""The requests' forms: plain HTML forms checked here, with the site's honeypot
(infrastructure.forms). Sectors and areas are the register's own options and codes
(register.filters.RegisterFilters), so a request matches what the listing would show."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from infrastructure.forms import honeypot_field, style_widgets
from register.comuni import comuni
from register.filters import RegisterFilters
from register.vocabulary import Vocabulary

from .models import (
    DESCRIPTION_MAX_LENGTH,
    MAX_SECTORS,
    MESSAGE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Answer,
    Budget,
    Outcome,
    Purpose,
    RejectionReason,
)

HONEYPOT = "website"
# The furthest deadline for answers: a request is for work being planned, not a standing offer.
LONGEST_DEADLINE = datetime.timedelta(days=180)


def _capped(label, limit: int, **kwargs) -> dict:
    """A text field's length cap, with a message saying the limit (not Django's count)."""
    return {
        "label": label,
        "max_length": limit,
        "error_messages": {
            "max_length": _("Use at most %(limit_value)d characters (this has %(show_value)d).")
        },
        **kwargs,
    }


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self.fields.values())

    def full_clean(self) -> None:
        super().full_clean()
        # Each field with an error points at its message (quotes/includes/field.html).
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                described = [f"{self[name].auto_id}_error"]
                if self.fields[name].help_text:
                    described.insert(0, f"{self[name].auto_id}_helptext")
                widget.attrs["aria-describedby"] = " ".join(described)
                widget.attrs["aria-invalid"] = "true"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class RequestForm(StyledForm):
    title = forms.CharField(**_capped(_("What you need, in a line"), TITLE_MAX_LENGTH))
    description = forms.CharField(
        **_capped(
            _("Description of the work"),
            DESCRIPTION_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 8}),
            help_text=_("Quantities, place, times, requirements. No personal data of others."),
        )
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one sector."),
            "invalid_choice": _("“%(value)s” is not one of the options."),
        },
    )
    area = forms.ChoiceField(
        label=_("Area of the work"),
        error_messages={
            "required": _("Choose the area where the work is."),
            "invalid_choice": _("“%(value)s” is not one of the options."),
        },
    )
    comune = forms.CharField(**_capped(_("Municipality (optional)"), 100, required=False))
    answer_by = forms.DateField(
        label=_("Answers wanted by"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the date by which you want answers."),
            "invalid": _("Enter a date, such as 2027-03-31."),
        },
    )
    expected_start = forms.DateField(
        label=_("Expected start of the work"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter when the work should start."),
            "invalid": _("Enter a date, such as 2027-03-31."),
        },
    )
    budget = forms.ChoiceField(
        label=_("Budget (optional)"),
        required=False,
        choices=[("", _("Not stated")), *Budget.choices],
        error_messages={"invalid_choice": _("“%(value)s” is not one of the options.")},
    )
    purpose = forms.ChoiceField(
        label=_("The request is for"),
        choices=Purpose.choices,
        initial=Purpose.ORDINARY,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what the request is for."),
            "invalid_choice": _("“%(value)s” is not one of the options."),
        },
    )
    company = forms.CharField(
        **_capped(_("Company"), 200, widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    )
    contact_name = forms.CharField(
        **_capped(_("Your name"), 200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter the e-mail address the answers should go to."),
            "invalid": _("Enter a valid e-mail address, such as name@example.org."),
        },
    )
    phone = forms.CharField(
        **_capped(
            _("Phone (optional)"),
            40,
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        )
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that this request is kept and sent "
            "to the matching cooperatives as it says."
        ),
        error_messages={"required": _("Tick the box to agree to the privacy notice.")},
    )

    def __init__(self, *args, vocabulary: Vocabulary, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        filters = RegisterFilters(None, vocabulary).form.fields
        self.fields["sectors"].choices = [(s.code, s.name) for s in vocabulary.sectors]
        self.fields["area"].choices = [("", _("Choose…")), *filters["area"].choices[1:]]
        self.fields[HONEYPOT] = honeypot_field()
        style_widgets([self.fields[HONEYPOT]])
        for name in (
            "title",
            "company",
            "contact_name",
            "email",
            "area",
            "answer_by",
            "expected_start",
            "description",
        ):
            self.fields[name].widget.attrs["required"] = "required"
        self.is_spam = False

    def clean_sectors(self) -> list[str]:
        sectors = self.cleaned_data["sectors"]
        if len(sectors) > MAX_SECTORS:
            raise forms.ValidationError(
                ngettext(
                    "Choose at most %(limit)s sector.",
                    "Choose at most %(limit)s sectors.",
                    MAX_SECTORS,
                )
                % {"limit": MAX_SECTORS},
                code="too_many",
            )
        return sectors

    def clean_comune(self) -> str:
        """The comune as ISTAT writes it (the matching measures from it), or a clear message."""
        value = self.cleaned_data["comune"].strip()
        if not value:
            return ""
        found = comuni().resolve(value)
        if found is None:
            raise forms.ValidationError(
                _("“%(name)s” is not an Italian municipality in ISTAT's list: check the spelling.")
                % {"name": value}
            )
        return found.label

    def clean_answer_by(self) -> datetime.date:
        value = self.cleaned_data["answer_by"]
        today = timezone.localdate()
        if value <= today:
            raise forms.ValidationError(
                _("The deadline for answers must be after today."), code="past"
            )
        if value > today + LONGEST_DEADLINE:
            raise forms.ValidationError(
                gettext("The deadline for answers may be at most %(days)s days from today.")
                % {"days": LONGEST_DEADLINE.days},
                code="too_far",
            )
        return value

    def clean(self) -> dict:
        cleaned_data = super().clean()
        self.is_spam = bool(cleaned_data.pop(HONEYPOT, ""))
        start, deadline = cleaned_data.get("expected_start"), cleaned_data.get("answer_by")
        if start and deadline and start < deadline:
            self.add_error(
                "expected_start",
                forms.ValidationError(
                    _(
                        "The work can start only after the deadline for answers: choose that day "
                        "or a later one."
                    ),
                    code="before_deadline",
                ),
            )
        return cleaned_data

    def visible_fields(self) -> list:
        return [field for field in super().visible_fields() if field.name != HONEYPOT]

    @property
    def honeypot(self):
        return self[HONEYPOT]

    def request_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("consent", None)
        return data


class AnswerForm(StyledForm):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=Answer.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether you are interested."),
            "invalid_choice": _("“%(value)s” is not one of the options."),
        },
    )
    message = forms.CharField(
        **_capped(
            _("Message to the company"),
            MESSAGE_MAX_LENGTH,
            required=False,
            widget=forms.Textarea(attrs={"rows": 6}),
        )
    )
    contact_name = forms.CharField(**_capped(_("Contact name"), 200, required=False))
    contact_email = forms.EmailField(
        label=_("Contact e-mail"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Enter a valid e-mail address, such as name@example.org.")},
    )
    contact_phone = forms.CharField(**_capped(_("Contact phone (optional)"), 40, required=False))

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if cleaned_data.get("answer") == Answer.INTERESTED:
            if not cleaned_data.get("message", "").strip():
                self.add_error("message", _("Write a message to the company."))
            if not cleaned_data.get("contact_name", "").strip():
                self.add_error("contact_name", _("Enter whom the company should contact."))
            if not cleaned_data.get("contact_email") and "contact_email" not in self.errors:
                self.add_error("contact_email", _("Enter the e-mail address to answer to."))
        return cleaned_data


class OutcomeForm(StyledForm):
    outcome = forms.ChoiceField(
        label=_("What followed the request?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what followed."),
            "invalid_choice": _("“%(value)s” is not one of the options."),
        },
    )
    cooperatives = forms.MultipleChoiceField(
        label=_("With which cooperatives?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("“%(value)s” is not one of the options.")},
    )

    def __init__(self, *args, recipients, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cooperatives"].choices = [(str(r.pk), r.name) for r in recipients]

    def clean(self) -> dict:
        cleaned_data = super().clean()
        outcome = cleaned_data.get("outcome")
        if outcome and outcome != Outcome.NONE and not cleaned_data.get("cooperatives"):
            self.add_error(
                "cooperatives", _("Tick the cooperatives the order or convention is with.")
            )
        return cleaned_data


class ModerationForm(forms.Form):
    """A register manager's decision (the admin): approve, or reject with a reason."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve and send")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Reason for rejecting"),
        required=False,
        choices=[("", "—"), *RejectionReason.choices],
    )
    note = forms.CharField(
        **_capped(
            _("Note for the register's staff (never sent)"),
            MESSAGE_MAX_LENGTH,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    )

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if cleaned_data.get("decision") == "reject" and not cleaned_data.get("reason"):
            self.add_error("reason", _("Choose why the request is rejected."))
        return cleaned_data
