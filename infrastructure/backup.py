"""Backups of the database and the uploaded media, and their restore (docs/backup.md).

A backup is a directory holding the database (SQLite: a copy made with SQLite's online backup
API, consistent while the site runs; PostgreSQL: `pg_dump --format=custom`), the media folder
as a tar.gz (when media are on local disk; object storage keeps its own versions), the private
files (renewal evidence, PRIVATE_MEDIA_ROOT) as another, and a manifest with checksums. A
restore checks the checksums and, unless told to replace, refuses to write over a database
that already has tables or a media folder that has files.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.utils import timezone

from infrastructure.invalidation import content_changed

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
PRIVATE_ARCHIVE = "private.tar.gz"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


@dataclass
class Restored:
    database: str
    media_files: int | None
    private_files: int | None = None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _vendor() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _postgres_env() -> dict[str, str]:
    """libpq's variables for the configured database, so no password is on a command line."""
    db = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error


def media_on_local_disk() -> bool:
    return isinstance(storages["default"], FileSystemStorage)


# Backup ------------------------------------------------------------------------------------


def _dump_database(target: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
            # The site's database runs in WAL mode (config/settings/base.py); the backup is one
            # self-contained file, readable where no -wal or -shm file can be made beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        copy.close()
        with sqlite3.connect(f"file:{target}?mode=ro", uri=True) as check:
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("The copy of the database failed its integrity check.")
        check.close()
    else:
        name = connection.settings_dict["NAME"]
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), name],
            _postgres_env(),
        )
        _run(["pg_restore", "--list", str(target)])  # readable from end to end


def _archive_media(target: Path, root: Path) -> int:
    count = 0
    with tarfile.open(target, "w:gz") as archive:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(root)))
                    count += 1
    return count


def backup(output: Path, *, media: bool = True, keep: int | None = None) -> Path:
    """Write a new backup directory under `output` and return it."""
    vendor = _vendor()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = Path(output) / f"registroimpact-{stamp}"
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    manifest: dict = {"created_at": timezone.now().isoformat(), "media": None}
    try:
        database_file = partial / DATABASE_FILES[vendor]
        _dump_database(database_file)
        manifest["database"] = {
            "vendor": vendor,
            "file": database_file.name,
            "sha256": _sha256(database_file),
        }
        if media and media_on_local_disk():
            archive = partial / MEDIA_ARCHIVE
            files = _archive_media(archive, Path(settings.MEDIA_ROOT))
            manifest["media"] = {"file": archive.name, "files": files, "sha256": _sha256(archive)}
        if media:
            # Never public, so never on the media's object storage: always on this disk.
            archive = partial / PRIVATE_ARCHIVE
            files = _archive_media(archive, Path(settings.PRIVATE_MEDIA_ROOT))
            manifest["private"] = {"file": archive.name, "files": files, "sha256": _sha256(archive)}
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        # Only a complete backup carries the final name.
        partial.rename(target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if keep:
        older = sorted(p for p in Path(output).glob("registroimpact-*") if p.is_dir())
        for stale in older[:-keep]:
            if not stale.name.endswith(".partial"):
                shutil.rmtree(stale)
    return target


# Restore -----------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((Path(source) / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} is not a backup: no readable {MANIFEST}.") from error
    for part in (manifest["database"], manifest["media"], manifest.get("private")):
        if part and _sha256(Path(source) / part["file"]) != part["sha256"]:
            raise BackupError(f"{part['file']} does not match its checksum: the copy is damaged.")
    return manifest


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _restore_database(source: Path, replace: bool) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup_copy:
            backup_copy.backup(connection.connection)
        backup_copy.close()
    else:
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        command += ["--single-transaction", "--dbname", connection.settings_dict["NAME"]]
        if replace:
            command += ["--clean", "--if-exists"]
        _run([*command, str(source)], _postgres_env())
    connection.close()


def _restore_media(source: Path, root: Path, replace: bool) -> int:
    if root.is_dir() and any(p.is_file() for p in root.rglob("*")) and not replace:
        raise BackupError(f"{root} already holds files; restore with --replace to overwrite.")
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source, "r:gz") as archive:
        members = [member for member in archive.getmembers() if member.isfile()]
        # The "data" filter refuses absolute paths, "..", links out of the folder, devices.
        archive.extractall(root, members=members, filter="data")
    return len(members)


def restore(source: Path, *, replace: bool = False, media: bool = True) -> Restored:
    manifest = read_manifest(source)
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"This backup is of a {manifest['database']['vendor']} database; "
            f"the configured one is {vendor}."
        )
    if not replace and not _database_is_empty():
        raise BackupError(
            "The configured database already has tables; restore into an empty database, "
            "or use --replace to overwrite it."
        )
    _restore_database(Path(source) / manifest["database"]["file"], replace)
    media_files = private_files = None
    if media and manifest["media"]:
        media_root = Path(settings.MEDIA_ROOT)
        media_files = _restore_media(Path(source) / manifest["media"]["file"], media_root, replace)
    if media and manifest.get("private"):  # backups made before there were private files
        private_root = Path(settings.PRIVATE_MEDIA_ROOT)
        private_files = _restore_media(
            Path(source) / manifest["private"]["file"], private_root, replace
        )
    content_changed()  # everything cached from the database that was there before
    return Restored(database=vendor, media_files=media_files, private_files=private_files)
