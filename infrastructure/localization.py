"""Translate content through wagtail-localize from code (demo content, imports)."""

import html
import re

from django.db.models import Model
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def publish_translation(instance: Model, language_code: str, strings: dict[str, str]) -> Model:
    """Translate `instance` into `language_code` with wagtail-localize and publish it.

    `strings` maps each source string to its translation. Every translatable segment must be
    covered (here or by an earlier translation), so that no half-translated page is ever
    published. The result is an ordinary wagtail-localize translation: editors keep working on
    it in the admin's translation editor.
    """
    locale = Locale.objects.get(language_code=language_code)
    lookup = {normalise(source): target for source, target in strings.items()}
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    translation, _created = Translation.objects.update_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    po = translation.export_po()
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        # A string given here, else the translation it already has (a page gaining a block).
        target = lookup.get(normalise(entry.msgid)) or entry.msgstr or None
        if target is None and not any(char.isalpha() for char in entry.msgid):
            target = entry.msgid  # figures and codes read the same in every language
        if target is None:
            missing.append(entry.msgid)
        else:
            entry.msgstr = target
    if missing:
        raise ValueError(f"No {language_code} translation for: {missing}")
    translation.import_po(po, tool_name="registroimpact")
    translation.save_target(publish=True)
    return translation.get_target_instance()
