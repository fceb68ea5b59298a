"""The import's English columns and the note of the first issue (register/IMPORT.md)."""

import pytest
from wagtail.models import Locale

from tests.register.test_import import certified, imported, row, run, run_failing, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site", "translated_vocabulary")]

ENGLISH = {
    "description_en": "First line & <b>not HTML</b>.\nSecond line.",
    "services_en": "- Cleaning\n- Logistics",
    "quality_path_en": "ISO 9001 under way",
    "training_en": "Safety courses",
}
ITALIAN = {
    "services": "- Pulizie\n- Logistica",
    "quality_path": "ISO 9001 in corso",
    "training": "Corsi sulla sicurezza",
}


def english_of(cooperative):
    return cooperative.get_translation_or_none(Locale.objects.get(language_code="en"))


def test_the_english_columns_publish_the_translation(client, tmp_path):
    path = write_csv(
        tmp_path / "english.csv",
        [certified(1, issue_note="Prima certificazione.", **ITALIAN, **ENGLISH), row(2)],
    )
    out, _err = run(path)
    assert "created 2, updated 0, unchanged 0" in out

    english = english_of(imported(1))
    assert english is not None and english.live
    assert "First line &amp; &lt;b&gt;not HTML&lt;/b&gt;." in english.description
    assert "<li>Logistics</li>" in english.services
    assert (english.quality_path, english.training) == ("ISO 9001 under way", "Safety courses")
    assert english_of(imported(2)) is None  # no English given: none made, as before
    [event] = imported(1).certification_events.all()
    assert event.public_note == "Prima certificazione."
    page = client.get(f"/en/register/{english.slug}/").content.decode()
    assert "Second line." in page

    # The same file again changes nothing; a new Italian text with its English updates both.
    out, _err = run(path)
    assert "created 0, updated 0, unchanged 2" in out
    changed = {**ENGLISH, "training_en": "Safety and first-aid courses"}
    rows = [certified(1, **{**ITALIAN, "training": "Corsi di primo soccorso"}, **changed)]
    out, _err = run(write_csv(tmp_path / "changed.csv", rows))
    assert "created 0, updated 1, unchanged 0" in out
    assert english_of(imported(1)).training == "Safety and first-aid courses"


def test_an_english_text_must_follow_the_italian_paragraphs(tmp_path):
    rows = [row(1, **ITALIAN, services_en="- Cleaning\nLogistics and more")]
    _error, problems = run_failing(write_csv(tmp_path / "english.csv", rows))
    assert len(problems) == 1
    assert problems[0].endswith(
        "english.csv:2:services_en:The translation must have the paragraphs and list items "
        "of services, in the same order (2)."
    )
