"""The forms of alert subscriptions: plain HTML forms, checked here, with the site's honeypot
(infrastructure.forms). Numbers are read as everywhere in the register (register.numbers);
a listing's filters are the listing's own fields and codes (register.filters)."""

import re
from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from infrastructure.forms import honeypot_field, style_widgets
from register.filters import RegisterFilters
from register.numbers import Number, read_number
from register.vocabulary import Vocabulary

from .models import MAX_NUMBERS, Frequency

HONEYPOT = "website"
# The filters a listing is followed by: the listing's own, except words, status and order
# (an entry is a cooperative that becomes active and matches them).
LISTING_FILTERS = ("sector", "area", "form")
# Numbers are pasted one a line, or separated by commas or semicolons (none holds those).
BETWEEN_NUMBERS = re.compile(r"[\r\n,;]+")
NUMBERS_MAX_LENGTH = MAX_NUMBERS * 40
# Problems listed one by one before the rest are summed up.
PROBLEMS_SHOWN = 20


def read_numbers(text: str) -> tuple[list[Number], list[str]]:
    """The distinct valid numbers in pasted text, in order, and what is wrong with the rest
    (each with its line)."""
    numbers: dict[tuple[str, str], Number] = {}
    problems = []
    for position, value in enumerate(BETWEEN_NUMBERS.split(text), start=1):
        if not value.strip():
            continue
        number = read_number(value)
        if number.is_valid:
            numbers.setdefault((number.kind, number.value), number)
        else:
            problems.append(
                gettext("Entry %(position)s: %(problem)s")
                % {"position": position, "problem": number.problem}
            )
    return list(numbers.values()), problems


class NumbersField(forms.CharField):
    """VAT or certificate numbers as pasted, cleaned to the list of distinct numbers; any
    entry that is not a valid number refuses the whole (nothing is stored half)."""

    widget = forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "autocomplete": "off"})

    def __init__(self, **kwargs) -> None:
        # The browser's limit too (maxlength); the message is this field's own (clean()).
        kwargs.setdefault("max_length", NUMBERS_MAX_LENGTH)
        kwargs.setdefault(
            "error_messages", {"required": _("Enter at least one VAT or certificate number.")}
        )
        super().__init__(**kwargs)

    def clean(self, value) -> list[Number]:
        if value and len(value) > NUMBERS_MAX_LENGTH:
            raise forms.ValidationError(
                gettext("That is too much text for %(limit)s numbers: paste at most %(limit)s.")
                % {"limit": MAX_NUMBERS},
                code="max_length",
            )
        text = super().clean(value)
        if not text:
            return []
        numbers, problems = read_numbers(text)
        if problems:
            shown = problems[:PROBLEMS_SHOWN]
            if len(problems) > PROBLEMS_SHOWN:
                more = len(problems) - PROBLEMS_SHOWN
                shown.append(
                    ngettext("…and %(count)s more.", "…and %(count)s more.", more) % {"count": more}
                )
            raise forms.ValidationError(shown, code="invalid_numbers")
        if not numbers:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(numbers) > MAX_NUMBERS:
            raise forms.ValidationError(
                gettext("Follow at most %(limit)s suppliers at a time; these are %(count)s.")
                % {"limit": MAX_NUMBERS, "count": len(numbers)},
                code="too_many",
            )
        return numbers


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self.fields.values())


class AddressForm(StyledForm):
    """An e-mail address, and the honeypot: `is_spam` after validation."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter the e-mail address the alerts should go to."),
            "invalid": _("Enter a valid e-mail address, such as name@example.org."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT] = honeypot_field()
        style_widgets([self.fields[HONEYPOT]])
        self.is_spam = False

    def clean(self) -> dict:
        cleaned_data = super().clean()
        self.is_spam = bool(cleaned_data.pop(HONEYPOT, ""))
        return cleaned_data

    def visible_fields(self) -> list:
        return [field for field in super().visible_fields() if field.name != HONEYPOT]

    @property
    def honeypot(self):
        return self[HONEYPOT]


class FollowSuppliersForm(AddressForm):
    field_order = ["numbers", "email"]
    numbers = NumbersField(label=_("VAT or certificate numbers"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["numbers"].help_text = gettext(
            "One a line (or separated by commas), with or without IT and spaces; at most %(limit)s."
        ) % {"limit": MAX_NUMBERS}


def listing_fields(vocabulary: Vocabulary) -> dict[str, forms.Field]:
    """The listing's sector, area and legal form fields, with its options and codes."""
    fields = RegisterFilters(None, vocabulary).form.fields
    chosen = {}
    for name in LISTING_FILTERS:
        field = fields[name]
        # The listing ignores an unknown option; a subscription refuses it.
        field.error_messages = {
            **field.error_messages,
            "invalid_choice": _("“%(value)s” is not one of the options."),
        }
        chosen[name] = field
    return chosen


class FollowListingForm(AddressForm):
    def __init__(self, *args, vocabulary: Vocabulary, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        fields = listing_fields(vocabulary)
        style_widgets(fields.values())
        # The filters first, then the address (the honeypot stays last).
        self.fields = {**fields, **self.fields}

    def filters(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in LISTING_FILTERS}


class AddNumbersForm(StyledForm):
    numbers = NumbersField(
        label=_("Add VAT or certificate numbers"),
        help_text=_("One a line (or separated by commas), with or without IT and spaces."),
    )


class SettingsForm(StyledForm):
    frequency = forms.ChoiceField(
        label=_("When to write"), choices=Frequency.choices, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(label=_("Language of the messages"), choices=())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()


def language_choices() -> list[tuple[str, str]]:
    """Each language named in itself, as the language switcher names it."""
    return [
        (code, get_language_info(code)["name_local"].capitalize())
        for code, _name in settings.LANGUAGES
    ]


class RemoveForm(StyledForm):
    """The followed items ticked for removal (ids of this subscription's rows only)."""

    numbers = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    listings = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, number_ids: Iterable[int], listing_ids: Iterable[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["numbers"].choices = [(str(pk), str(pk)) for pk in number_ids]
        self.fields["listings"].choices = [(str(pk), str(pk)) for pk in listing_ids]

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if not cleaned_data.get("numbers") and not cleaned_data.get("listings"):
            raise forms.ValidationError(_("Tick what you no longer want to follow."))
        return cleaned_data


class EraseForm(StyledForm):
    sure = forms.BooleanField(
        label=_("Yes, erase this subscription and everything kept about it."),
        error_messages={"required": _("Tick the box to confirm: erasing cannot be undone.")},
    )
