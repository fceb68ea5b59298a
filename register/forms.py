"""Admin forms of the register's records."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale, TranslatableMixin


class OwnLocaleForm(WagtailAdminModelForm):
    """Offers, for every choice of a translatable record (a cooperative's sectors and areas, a
    zone's province), only the records of the edited record's own language: each exists once
    per language, with the same name translated, and the other language's would be invalid."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or Locale.get_default().pk
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and issubclass(
                field.queryset.model, TranslatableMixin
            ):
                field.queryset = field.queryset.filter(locale_id=locale_id)
