"""SiteSettings and FooterText moved from home to chrome (chrome/migrations, home 0004) with
their rows, and with everything that points at them by content type: revisions, translations
and wagtail-localize's sources. Played on a database of its own (SQLite, or PostgreSQL when
the suite runs there), migrated to just before the move, filled as the old code left it, and
migrated to the end."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

SCRIPT = r"""
import json, uuid
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# The database as the old code left it: home's models migrated, chrome's none yet.
call_command("migrate", "home", "0003_ratelimitcount", verbosity=0)
call_command("migrate", "wagtail_localize", verbosity=0)
old = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
ContentType = old.get_model("contenttypes", "ContentType")
footer_type, _ = ContentType.objects.get_or_create(app_label="home", model="footertext")
settings_type, _ = ContentType.objects.get_or_create(app_label="home", model="sitesettings")
Locale = old.get_model("wagtailcore", "Locale")
italian = Locale.objects.get(language_code="it")
english = Locale.objects.get(language_code="en")
Site = old.get_model("wagtailcore", "Site")
SiteSettings = old.get_model("home", "SiteSettings")
SiteSettings.objects.create(site=Site.objects.get(is_default_site=True), organisation="Old Coop")
FooterText = old.get_model("home", "FooterText")
key = uuid.uuid4()
source = FooterText.objects.create(locale=italian, translation_key=key, body="<p>Testo</p>")
target = FooterText.objects.create(locale=english, translation_key=key, body="<p>Text</p>")
Revision = old.get_model("wagtailcore", "Revision")
revision = Revision.objects.create(
    content_type=footer_type, base_content_type=footer_type, object_id=str(source.pk),
    object_str="Footer text", content={"pk": source.pk, "body": "<p>Testo</p>"},
    created_at=timezone.now(),
)
FooterText.objects.filter(pk=source.pk).update(latest_revision=revision, live_revision=revision)
TranslatableObject = old.get_model("wagtail_localize", "TranslatableObject")
TranslationSource = old.get_model("wagtail_localize", "TranslationSource")
translatable = TranslatableObject.objects.create(translation_key=key, content_type=footer_type)
TranslationSource.objects.create(
    object=translatable, specific_content_type=footer_type, locale=italian,
    object_repr="Footer text", content_json="{}", created_at=timezone.now(),
    last_updated_at=timezone.now(),
)

call_command("migrate", verbosity=0)  # the move

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Revision
from wagtail_localize.models import TranslationSource
from chrome.models import FooterText, SiteSettings

moved = ContentType.objects.get_for_model(FooterText)
home_types = ContentType.objects.filter(app_label="home", model__in=["footertext", "sitesettings"])
footers = [
    [f.pk, f.locale.language_code, str(f.translation_key), f.body] for f in FooterText.objects.all()
]
moved_tables = ("footertext", "sitesettings", "ratelimitcount")
print(json.dumps({
    "footer_type": [moved.pk, moved.app_label, footer_type.pk],
    "settings_type": [ContentType.objects.get_for_model(SiteSettings).pk, settings_type.pk],
    "home_types": list(home_types.values_list("model", flat=True)),
    "footers": sorted(footers),
    "source_pk": source.pk,
    "revision_of": Revision.objects.get(pk=revision.pk).content_object.pk,
    "latest_revision": FooterText.objects.get(pk=source.pk).latest_revision_id == revision.pk,
    "translation_of": FooterText.objects.get(pk=target.pk).get_translation(italian.pk).pk,
    "localize_source": TranslationSource.objects.get(object_id=key).get_source_instance().pk,
    "organisation": SiteSettings.objects.get().organisation,
    "tables": sorted(t for t in connection.introspection.table_names() if t.endswith(moved_tables)),
}))
"""


def own_database(tmp_path: Path) -> tuple[str, callable]:
    """A new database beside the suite's, of the same kind, and how to drop it."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'migration.sqlite3'}", lambda: None
    db = connection.settings_dict
    name = f"{db['NAME']}_migration_{uuid.uuid4().hex[:8]}"
    server = {key: db[key.upper()] for key in ("host", "port", "user", "password")}

    def execute(statement: str) -> None:
        admin = psycopg2.connect(dbname="postgres", **server)
        admin.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
        try:
            with admin.cursor() as cursor:
                cursor.execute(statement)
        finally:
            admin.close()

    execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        execute(f'DROP DATABASE IF EXISTS "{name}"')

    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
    return url, drop


@pytest.mark.django_db
def test_the_footer_and_settings_move_to_chrome_with_revisions_and_translations(tmp_path):
    url, drop = own_database(tmp_path)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": url}
    try:
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    finally:
        drop()
    assert result.returncode == 0, result.stderr
    moved = json.loads(result.stdout.strip().splitlines()[-1])
    footer_pk, footer_label, old_footer_pk = moved["footer_type"]
    # The same content type, relabelled: whatever pointed at it by id still does.
    assert (footer_pk, footer_label) == (old_footer_pk, "chrome")
    assert moved["settings_type"][0] == moved["settings_type"][1]
    assert moved["home_types"] == []
    (it_pk, it, key, it_body), (_en_pk, en, en_key, en_body) = moved["footers"]
    assert (it, it_body, en, en_body) == ("it", "<p>Testo</p>", "en", "<p>Text</p>")
    assert key == en_key and it_pk == moved["source_pk"]
    assert moved["revision_of"] == it_pk and moved["latest_revision"]
    assert moved["translation_of"] == it_pk
    assert moved["localize_source"] == it_pk
    assert moved["organisation"] == "Old Coop"
    assert moved["tables"] == [
        "chrome_footertext",
        "chrome_sitesettings",
        "infrastructure_ratelimitcount",
    ]
