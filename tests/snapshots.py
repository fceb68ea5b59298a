"""Snapshots of the test database: a process restores in a moment what migrating (≈ 12 s) or
loading the demo site (≈ 25 s) would take it, so that each of the suite's processes
(pytest-xdist) does not pay for both, and the next run does not either.

- SQLite (the test database lives in memory): the database is copied to and from a file in
  var/test-snapshots/ with SQLite's backup API.
- PostgreSQL: the snapshot is a template database, `CREATE DATABASE … TEMPLATE …`.

A snapshot is keyed by a fingerprint of what makes it (the migrations and locked packages;
for the demo also the project's code and demo data), so any change makes it afresh. One
process builds it under a file lock while the others wait, then restore it. With
`--create-db` a snapshot serves only the run that made it: CI always builds afresh, once."""

import fcntl
import hashlib
import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
SNAPSHOT_ROOT = BASE_DIR / "var" / "test-snapshots"
# The same in all the processes of one run (pytest-xdist sets it in its workers).
RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex
NOT_SOURCES = {
    ".venv",
    "node_modules",
    "var",
    "static",
    "media",
    "tests",
    ".git",
    "staticfiles",
    "bench",
}


def digest(paths: Iterable[Path]) -> str:
    hashed = hashlib.sha256()
    for path in sorted(paths):
        hashed.update(path.relative_to(BASE_DIR).as_posix().encode() + path.read_bytes())
    return hashed.hexdigest()


def migrations_fingerprint() -> str:
    return digest([*BASE_DIR.glob("*/migrations/*.py"), BASE_DIR / "uv.lock", Path(__file__)])


def demo_fingerprint() -> str:
    """Whatever the demo's rows may depend on: all the project's code and the demo's data."""
    sources = [
        path
        for top in BASE_DIR.iterdir()
        if top.is_dir() and top.name not in NOT_SOURCES and not top.name.startswith(".")
        for path in top.rglob("*")
        if path.is_file() and path.suffix in {".py", ".csv", ".json", ".jpg", ".png", ".svg"}
    ]
    return digest([*sources, BASE_DIR / "uv.lock", Path(__file__)])


def in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def snapshots_supported() -> bool:
    return in_memory_sqlite() or connection.vendor == "postgresql"


class Snapshot:
    """One kind of snapshot (`name`) of this connection's database and of the uploaded files
    its rows name (`media`: their names in MEDIA_ROOT), which live outside the database."""

    def __init__(
        self,
        name: str,
        fingerprint: Callable[[], str],
        fresh_only: bool,
        media: Callable[[], Iterable[str]] = tuple,
    ) -> None:
        self.name = name
        self.media = media
        self.fingerprint = fingerprint()[:16]
        self.fresh_only = fresh_only  # --create-db: only a snapshot made by this run serves
        SNAPSHOT_ROOT.mkdir(parents=True, exist_ok=True)
        self.file = SNAPSHOT_ROOT / f"{name}-{connection.vendor}-{self.fingerprint}.sqlite3"
        self.record = self.file.with_suffix(".run")
        self.media_copy = self.file.with_suffix(".media")
        # PostgreSQL: one template for the run's processes (test_x_gw0, test_x_gw1…).
        own, worker = connection.settings_dict["NAME"], os.environ.get("PYTEST_XDIST_WORKER")
        self.template = f"{own.removesuffix(f'_{worker}') if worker else own}_{name}"

    def restore_or_make(self, make: Callable[[], None]) -> None:
        """Restore the snapshot, or `make` the database and snapshot it."""
        with (SNAPSHOT_ROOT / f"{self.file.stem}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if self.is_current():
                self._restore()
            else:
                make()
                self._save()

    # Which run made it --------------------------------------------------------------------

    def _stamp(self) -> str:
        return f"{self.fingerprint} {RUN_ID}"

    def is_current(self) -> bool:
        stamp = self._read_stamp()
        if not stamp:
            return False
        fingerprint, _, run = stamp.partition(" ")
        return fingerprint == self.fingerprint and (run == RUN_ID or not self.fresh_only)

    def _read_stamp(self) -> str | None:
        if in_memory_sqlite():
            if not (self.file.is_file() and self.record.is_file()):
                return None
            return self.record.read_text()
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [self.template],
            )
            row = cursor.fetchone()
        return row[0] if row else None

    # Copying ------------------------------------------------------------------------------

    def _restore(self) -> None:
        # The files first: MEDIA_ROOT may be another than the one the snapshot was made with.
        if self.media_copy.is_dir():
            shutil.copytree(self.media_copy, settings.MEDIA_ROOT, dirs_exist_ok=True)
        if in_memory_sqlite():
            connection.ensure_connection()
            source = sqlite3.connect(self.file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            return
        own = connection.settings_dict["NAME"]
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{own}"')
            cursor.execute(f'CREATE DATABASE "{own}" TEMPLATE "{self.template}"')

    def _save(self) -> None:
        self._save_media()
        if in_memory_sqlite():
            staging = self.file.with_suffix(f".{os.getpid()}")
            target = sqlite3.connect(staging)
            try:
                connection.ensure_connection()
                connection.connection.backup(target)
            finally:
                target.close()
            for older in SNAPSHOT_ROOT.glob(f"{self.name}-{connection.vendor}-*"):
                if older.suffix in {".sqlite3", ".run"}:
                    older.unlink(missing_ok=True)
            staging.replace(self.file)
            self.record.write_text(self._stamp())
            return
        own = connection.settings_dict["NAME"]
        connection.close()  # a template must have no other session
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.template}"')
            cursor.execute(f'CREATE DATABASE "{self.template}" TEMPLATE "{own}"')
            cursor.execute(f"COMMENT ON DATABASE \"{self.template}\" IS '{self._stamp()}'")

    def _save_media(self) -> None:
        for older in SNAPSHOT_ROOT.glob(f"{self.name}-{connection.vendor}-*.media"):
            shutil.rmtree(older, ignore_errors=True)
        for name in self.media():
            target = self.media_copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(settings.MEDIA_ROOT) / name, target)


@contextmanager
def migrated_database(tmp_path: Path) -> Iterator[tuple[str, Callable[[str], list]]]:
    """A database of its own for a deployment run in a subprocess, already migrated as this
    run's snapshot is (the subprocess's `migrate` then only finishes the work): its URL and a
    function that runs one SQL statement on it and returns the rows. SQLite: a file under
    tmp_path; PostgreSQL: a database made from the template, dropped afterwards. Without a
    current snapshot, an empty SQLite file: the subprocess migrates everything."""
    snapshot = Snapshot("migrated", migrations_fingerprint, fresh_only=False)
    if connection.vendor == "postgresql" and snapshot.is_current():
        name = f"{snapshot.template}_{uuid.uuid4().hex[:8]}"
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{snapshot.template}"')
        db = connection.settings_dict
        url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
        try:
            yield url, lambda sql: _postgresql_rows(name, sql)
        finally:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    path = tmp_path / "db.sqlite3"
    if in_memory_sqlite() and snapshot.is_current():
        shutil.copyfile(snapshot.file, path)
    yield f"sqlite:///{path}", lambda sql: _sqlite_rows(path, sql)


def _sqlite_rows(path: Path, sql: str) -> list:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def _postgresql_rows(name: str, sql: str) -> list:
    import psycopg2

    db = connection.settings_dict
    with (
        psycopg2.connect(
            dbname=name, user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"]
        ) as own,
        own.cursor() as cursor,
    ):
        cursor.execute(sql)
        return cursor.fetchall() if cursor.description else []
