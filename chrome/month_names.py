"""Month names for the site's catalogues. Italian writes them in lower case ("24 novembre
2026"), while Django's own Italian catalogue capitalises them; marking them here puts them in
our catalogue, which Django reads before its own. Nothing imports this module."""

from django.utils.translation import gettext_noop

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
