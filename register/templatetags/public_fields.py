"""`{% field_heading "vat_number" %}`: a public field's heading (register.schema) in the active
language, so that the pages name a field as the spreadsheet and the data dictionary do."""

from django import template

from ..schema import FIELDS

register = template.Library()


@register.simple_tag
def field_heading(name: str) -> str:
    return FIELDS[name].heading
