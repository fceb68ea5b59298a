"""Backups (infrastructure/backup.py, docs/backup.md): a backup of the suite's database, SQLite or
PostgreSQL, restored by `manage.py restore` in another process into an EMPTY database, holds
the same cooperatives and pages, serves them, and brings the media back byte for byte."""

import io
import json
import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Page

from infrastructure.backup import MANIFEST
from register.models import Cooperative, RegisterPage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

# What a restored site must hold, read with the ORM on both sides.
SNAPSHOT = """
import json, django
django.setup()
from wagtail.models import Page
from register.models import Cooperative
print(json.dumps({
    "cooperatives": sorted(Cooperative.objects.values_list(
        "pk", "locale__language_code", "vat_number", "name", "live", "certification_kind",
        "certified_until")),
    "pages": sorted(Page.objects.values_list("pk", "url_path", "title", "live")),
}, default=str))
"""

SERVE = """
import django
django.setup()
from django.test import Client
response = Client().get({url!r})
print(response.status_code, {name!r} in response.content.decode())
"""


def snapshot_here() -> dict:
    return json.loads(
        json.dumps(
            {
                "cooperatives": sorted(
                    Cooperative.objects.values_list(
                        "pk",
                        "locale__language_code",
                        "vat_number",
                        "name",
                        "live",
                        "certification_kind",
                        "certified_until",
                    )
                ),
                "pages": sorted(Page.objects.values_list("pk", "url_path", "title", "live")),
            },
            default=str,
        )
    )


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    (root / "documents").mkdir(parents=True)
    (root / "documents" / "regolamento.pdf").write_bytes(b"%PDF-1.4 regolamento\n" * 50)
    (root / "images").mkdir()
    (root / "images" / "logo.png").write_bytes(bytes(range(256)) * 8)
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database of the suite's kind, as a DATABASE_URL for another process."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"restore_{secrets.token_hex(4)}"
    admin = psycopg2.connect(
        dbname="postgres",
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"],
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def manage(
    database_url: str, media: Path, *args: str, code: str | None = None, private: Path | None = None
):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MEDIA_ROOT"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media),
        PRIVATE_MEDIA_ROOT=str(private or media.with_name(f"{media.name}-private")),
    )
    command = [sys.executable, "-c", code] if code else [sys.executable, "manage.py", *args]
    return subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )


def test_a_backup_restored_into_an_empty_database_has_the_same_register_and_pages(
    tmp_path, media_root, empty_database, settings
):
    expected = snapshot_here()
    assert len(expected["cooperatives"]) >= 10 and len(expected["pages"]) >= 20
    # A renewal's evidence lives outside the media (private): the backup keeps it too.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    evidence = settings.PRIVATE_MEDIA_ROOT / "evidence" / "verbale.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.7 verbale di revisione")

    call_command("backup", output=tmp_path / "backups", stdout=io.StringIO())
    [backup] = (tmp_path / "backups").iterdir()
    manifest = json.loads((backup / MANIFEST).read_text())
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["media"]["files"] == 2
    assert manifest["private"]["files"] == 1

    restored_media = tmp_path / "restored-media"
    restored_private = tmp_path / "restored-private"
    result = manage(
        empty_database, restored_media, "restore", str(backup), private=restored_private
    )
    assert result.returncode == 0, result.stderr
    assert "Restored the" in result.stdout

    found = manage(empty_database, restored_media, code=SNAPSHOT)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout.strip().splitlines()[-1]) == expected

    # The restored site serves a cooperative's page.
    cooperative = Cooperative.objects.public().order_by("name").first()
    register = RegisterPage.objects.get(locale__language_code="it")
    url = f"{register.url}{cooperative.slug}/"
    served = manage(
        empty_database, restored_media, code=SERVE.format(url=url, name=cooperative.name)
    )
    assert served.stdout.strip().splitlines()[-1] == "200 True", served.stderr

    for path in ("documents/regolamento.pdf", "images/logo.png"):
        assert (restored_media / path).read_bytes() == (media_root / path).read_bytes()
    assert (restored_private / "evidence" / "verbale.pdf").read_bytes() == evidence.read_bytes()
    assert not (restored_media / "evidence").exists()  # never among the public media

    # A second restore would overwrite what is there now: refused unless asked for.
    again = manage(empty_database, restored_media, "restore", str(backup))
    assert again.returncode != 0
    assert "already has tables" in again.stderr


def test_a_damaged_backup_is_refused(tmp_path, media_root):
    call_command("backup", output=tmp_path, no_media=True, stdout=io.StringIO())
    [backup] = tmp_path.glob("registroimpact-*")
    manifest = json.loads((backup / MANIFEST).read_text())
    assert manifest["media"] is None
    database = backup / manifest["database"]["file"]
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(backup), replace=True)


def test_old_backups_beyond_keep_are_removed(tmp_path, media_root):
    output = tmp_path / "backups"
    for stamp in ("20250101-000000", "20250102-000000", "20250103-000000"):
        (output / f"registroimpact-{stamp}").mkdir(parents=True)
    call_command("backup", output=output, keep=2, no_media=True, stdout=io.StringIO())
    left = sorted(path.name for path in output.iterdir())
    assert len(left) == 2
    assert left[0] == "registroimpact-20250103-000000"


# Processes that share the page cache in Redis, as gunicorn's workers and an operator do.
WITH_PAGE_CACHE = """
import django
django.setup()
from django.core.management import CommandError, call_command
from django.test import Client
from django.test.utils import override_settings
from register.models import Cooperative
caches = {{
    "default": {{"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    "pages": {{
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": {redis!r},
        "KEY_PREFIX": {prefix!r},
    }},
}}
def serve(url, name):
    response = Client().get(url)
    print(response.status_code, response["X-Wagtail-Cache"], name in response.content.decode())
with override_settings(WAGTAIL_CACHE=True, CACHES=caches):
{code}
"""


def test_a_restored_database_is_served_at_once_from_the_page_cache(
    tmp_path, media_root, empty_database, page_cache, redis_url
):
    _server, prefix = page_cache
    call_command("backup", output=tmp_path / "backups", no_media=True, stdout=io.StringIO())
    [backup] = (tmp_path / "backups").iterdir()
    cooperative = Cooperative.objects.public().order_by("name").first()
    url = f"{RegisterPage.objects.get(locale__language_code='it').url}{cooperative.slug}/"

    def with_page_cache(*lines: str) -> list[str]:
        code = "\n".join(f"    {line}" for line in lines)
        script = WITH_PAGE_CACHE.format(redis=redis_url, prefix=prefix, code=code)
        done = manage(empty_database, tmp_path / "restored-media", code=script)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()

    # A site restored, then changed behind its back (no signal): served and kept as changed.
    served = with_page_cache(
        f"call_command('restore', {str(backup)!r}, no_media=True)",
        f"Cooperative.objects.filter(pk={cooperative.pk}).update(name='Nome Dopo Il Backup')",
        f"serve({url!r}, 'Nome Dopo Il Backup')",
        f"serve({url!r}, 'Nome Dopo Il Backup')",
    )
    assert served[-2:] == ["200 miss True", "200 hit True"]

    # The operator restores the backup again over it, in a process of their own.
    with_page_cache(f"call_command('restore', {str(backup)!r}, replace=True, no_media=True)")

    # The next visitor, in another process, gets the restored record, not the kept page.
    assert with_page_cache(f"serve({url!r}, {cooperative.name!r})")[-1:] == ["200 miss True"]


def test_a_site_database_in_wal_mode_is_backed_up_as_one_self_contained_file(tmp_path):
    """The site's SQLite runs with a write-ahead log (config/settings/base.py); its backup is
    one file in the ordinary journal mode, with no -wal or -shm file beside it."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's journal mode only")
    site_database = tmp_path / "site.sqlite3"
    with sqlite3.connect(site_database) as copy:
        connection.connection.backup(copy)
    copy.close()
    url = f"sqlite:///{site_database}"
    probe = "import django; django.setup(); from django.db import connection; "
    probe += "print(connection.cursor().execute('PRAGMA journal_mode').fetchone()[0])"
    assert manage(url, tmp_path / "media", code=probe).stdout.strip() == "wal"

    result = manage(
        url, tmp_path / "media", "backup", "--output", str(tmp_path / "out"), "--no-media"
    )

    assert result.returncode == 0, result.stderr
    [backup] = (tmp_path / "out").iterdir()
    assert sorted(path.name for path in backup.iterdir()) == ["database.sqlite3", MANIFEST]
    assert (backup / "database.sqlite3").read_bytes()[18:20] == b"\x01\x01"  # not WAL
