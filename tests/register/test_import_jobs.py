"""The admin's import as background jobs (register/import_jobs.py): the upload becomes a job,
the worker's tasks check and import it while its page shows the progress, then the report;
all or nothing; the file kept privately only while the job needs it; who may see the jobs;
both languages; and the progress bar of the import and generator commands in a terminal."""

import datetime
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from wagtail.users.models import UserProfile

from infrastructure.worker import start_worker, stop_worker
from register import import_jobs, writing
from register.import_jobs import JobProgress, check_import, run_import
from register.models import Cooperative, ImportJob
from tests.factories import AreaFactory, ImportJobFactory, SectorFactory
from tests.register.test_import import bad_check_digit, row, snapshot, vat, write_csv

pytestmark = [pytest.mark.django_db]

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def terms(db) -> None:
    """The sector and area codes of the test files (tests.register.test_import.row)."""
    SectorFactory(code="pulizie", english="Cleaning")
    SectorFactory(code="logistica", english="Logistics")
    AreaFactory(code="bg-isola", english="Isola")


@pytest.fixture
def more_terms(terms) -> None:
    """Enough terms for the generator, which draws up to three sectors and two areas."""
    SectorFactory(code="ristorazione")
    AreaFactory(code="bg-citta")


def member(group: str, username: str, language: str = "en") -> tuple[User, Client]:
    user = User.objects.create_user(username, f"{username}@example.org", "unused")
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def manager() -> tuple[User, Client]:
    return member("Register managers", "first-manager")


def upload(client: Client, path: Path, **extra):
    with path.open("rb") as handle:
        return client.post(reverse("register_import"), {"file": handle}, **extra)


def job_page(client: Client, job: ImportJob) -> str:
    response = client.get(reverse("register_import_job", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


def rows(count: int, first: int = 1) -> list[dict]:
    return [row(number) for number in range(first, first + count)]


# The flow ----------------------------------------------------------------------------------


def test_upload_queues_a_job_that_the_tasks_check_then_import(terms, manager, settings, tmp_path):
    settings.TASKS = DATABASE_QUEUE  # queued for a worker, run below as the worker runs them
    settings.MEDIA_ROOT = str(tmp_path / "media")
    _user, client = manager
    path = write_csv(tmp_path / "three.csv", rows(3))

    response = upload(client, path)

    job = ImportJob.objects.get()
    assert response.url == reverse("register_import_job", args=[job.pk])
    assert (job.state, job.step, job.filename) == ("queued", "check", "three.csv")
    assert bytes(job.data) == path.read_bytes()
    task = DBTaskResult.objects.get(task_path="register.import_jobs.check_import")
    assert (task.args_kwargs["args"], task.status) == ([str(job.pk)], "READY")
    page = job_page(client, job)
    assert "Queued: waiting for the background worker to start it." in page
    assert "does not seem to be running" not in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page

    check_import.call(str(job.pk))  # what the worker does with the queued task

    job.refresh_from_db()
    assert (job.state, job.counts) == ("ready", {"create": 3, "update": 0, "unchanged": 0})
    page = job_page(client, job)
    assert "three.csv is valid. Importing it will create 3, update 0" in page
    assert 'http-equiv="refresh"' not in page  # nothing running: no refresh
    assert not Cooperative.objects.filter(vat_number=vat(1)).exists()

    client.post(
        reverse("register_import_job_confirm", args=[job.pk]), {"fingerprint": job.fingerprint}
    )
    job.refresh_from_db()
    assert (job.state, job.step) == ("queued", "import")
    assert DBTaskResult.objects.filter(task_path="register.import_jobs.run_import").exists()

    run_import.call(str(job.pk))

    job.refresh_from_db()
    assert (job.state, job.rows_total, job.rows_processed) == ("done", 3, 3)
    assert job.data is None  # the file is gone with the job done
    assert job.finished_at is not None
    assert Cooperative.objects.filter(vat_number__in=[vat(n) for n in (1, 2, 3)]).count() == 3
    page = job_page(client, job)
    assert "Import of three.csv done: 3 created, 0 updated, 0 unchanged." in page
    assert "Cooperativa Prova Import 3" in page  # the report's rows
    assert "Created" in page
    # The uploaded file was never written under MEDIA_ROOT.
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))
    # A task run again (a worker retrying) finds the job no longer queued and does nothing.
    assert run_import.call(str(job.pk)) == "skipped"


def test_a_job_waiting_for_a_stopped_worker_says_so_and_can_be_cancelled(
    terms, manager, settings, tmp_path
):
    settings.TASKS = DATABASE_QUEUE
    _user, client = manager
    upload(client, write_csv(tmp_path / "waiting.csv", rows(1)))
    job = ImportJob.objects.get()
    # Nobody ran the queue for ten minutes: /health/ calls it stale.
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))

    page = job_page(client, job)

    assert "Queued: waiting for the background worker to start it." in page
    assert "The background worker does not seem to be running" in page
    assert "manage.py db_worker" in page
    response = client.post(reverse("register_import_job_cancel", args=[job.pk]), follow=True)
    assert "Import cancelled: nothing was written." in response.content.decode()
    job.refresh_from_db()
    assert (job.state, job.data) == ("cancelled", None)
    # The worker, started later, leaves the cancelled job alone.
    assert check_import.call(str(job.pk)) == "skipped"
    assert not Cooperative.objects.filter(vat_number=vat(1)).exists()


def test_a_job_whose_worker_died_is_failed_with_the_reason(manager):
    user, client = manager
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    # Uploaded from the English admin: the reason is written in the uploader's language.
    killed = ImportJobFactory(filename="interrotto.csv", state="running", user=user, language="en")
    # Started as long ago, but its worker wrote progress a minute ago: still working.
    slow = ImportJobFactory(filename="lungo.csv", state="running", user=user)
    ImportJob.objects.filter(pk__in=[killed.pk, slow.pk]).update(started_at=an_hour_ago)
    JobProgress(slow)("apply", 500, 10_000)

    page = job_page(client, killed)

    assert "The background worker stopped before this import finished" in page
    assert "nothing was written" in page
    killed.refresh_from_db()
    assert (killed.state, killed.data) == ("failed", None)
    slow.refresh_from_db()
    assert slow.state == "running"
    assert "500 of 10,000" in job_page(client, slow)


def test_a_bad_line_at_the_end_fails_the_job_with_its_error_and_writes_nothing(
    terms, manager, tmp_path
):
    _user, client = manager
    before = snapshot()
    path = write_csv(
        tmp_path / "bad-end.csv", [*rows(299), row(300, vat_number=bad_check_digit(vat(300)))]
    )

    response = upload(client, path, follow=True)

    job = ImportJob.objects.get()
    assert (job.state, job.rows_total, job.data) == ("failed", 300, None)
    [problem] = job.report["problems"]
    assert (problem["line"], problem["column"]) == (301, "vat_number")
    assert "check digit" in problem["reason"]
    page = response.content.decode()
    assert "bad-end.csv: 1 problem found. Nothing was written" in page
    assert "<td>301</td>" in page
    assert snapshot() == before


def test_a_failure_while_writing_rolls_back_every_batch(terms, manager, tmp_path, monkeypatch):
    """All or nothing in the task too: the last step of the write (the search index) fails after
    every batch of records was written in the transaction; nothing stays."""
    monkeypatch.setattr(writing, "BATCH_SIZE", 50)

    def index_down(cooperatives):
        raise RuntimeError("search index down")

    _user, client = manager
    before = snapshot()
    response = upload(client, write_csv(tmp_path / "many.csv", rows(200)), follow=True)
    job = ImportJob.objects.get()
    monkeypatch.setattr(writing, "_index", index_down)

    response = client.post(
        reverse("register_import_job_confirm", args=[job.pk]),
        {"fingerprint": job.fingerprint},
        follow=True,
    )

    job.refresh_from_db()
    assert (job.state, job.data) == ("failed", None)
    assert "unexpected error; nothing was written" in job.error
    assert "unexpected error; nothing was written" in response.content.decode()
    assert snapshot() == before


class CountingCache:
    """The shared cache, recording what the task writes to it."""

    def __init__(self, cache) -> None:
        self.cache = cache
        self.written: list[dict] = []

    def set(self, key, value, timeout=None):
        self.written.append(value)
        return self.cache.set(key, value, timeout)

    def __getattr__(self, name):
        return getattr(self.cache, name)


def test_the_task_writes_its_progress_every_few_hundred_rows(terms, manager, tmp_path, monkeypatch):
    counting = CountingCache(import_jobs.shared_cache())
    monkeypatch.setattr(import_jobs, "shared_cache", lambda: counting)
    _user, client = manager
    upload(client, write_csv(tmp_path / "six-hundred.csv", rows(600)))
    job = ImportJob.objects.get()

    client.post(
        reverse("register_import_job_confirm", args=[job.pk]), {"fingerprint": job.fingerprint}
    )

    written = [(entry["phase"], entry["done"], entry["total"]) for entry in counting.written]
    # The check, then the import (which validates again and writes in batches of 500): a few
    # cache writes for 1,200 validated rows and 600 written ones, not one per row.
    validate = [1, 251, 501, 600]
    assert written == [
        *[("validate", done, 600) for done in validate],
        *[("validate", done, 600) for done in validate],
        ("apply", 0, 600),
        ("apply", 500, 600),
        ("apply", 600, 600),
    ]
    job.refresh_from_db()
    assert job.state == "done"
    assert import_jobs.shared_cache().get(f"register-import-job:{job.pk}") is None


# The job's page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "phase", "label", "text"),
    [
        ("en", "validate", "Checking the rows", "4,200 of 10,000 rows (42%)"),
        ("it", "validate", "Controllo delle righe", "4.200 di 10.000 righe (42%)"),
        ("en", "apply", "Writing the cooperatives", "4,200 of 10,000 cooperatives written (42%)"),
        ("it", "apply", "Scrittura delle cooperative", "4.200 di 10.000 cooperative scritte (42%)"),
    ],
)
def test_a_running_job_shows_an_accessible_progress_bar(language, phase, label, text):
    user, client = member("Register managers", f"manager-{language}", language)
    job = ImportJobFactory(state="running", step="import", user=user, rows_total=10_000)
    JobProgress(job)(phase, 4200, 10_000)  # as the worker's task leaves it in the shared cache

    page = job_page(client, job)

    assert f'<label for="import-job-progress">{label}</label>' in page
    assert re.search(r'<progress id="import-job-progress" [^>]*max="10000" value="4200">42%<', page)
    assert text in page
    assert re.search(r'<div id="import-job-live" aria-live="polite">', page)
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert "register/admin/import_job" in page  # the script that updates it in place


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Import jobs", "Done", "2 created, 1 updated, 0 unchanged", "Failed"]),
        (
            "it",
            ["Importazioni", "Completata", "2 create, 1 aggiornate, 0 invariate", "Non riuscita"],
        ),
    ],
)
def test_the_list_of_jobs_in_both_languages(language, expected):
    user, client = member("Register managers", f"lister-{language}", language)
    ImportJobFactory(filename="fatto.csv", user=user)
    ImportJobFactory(filename="sbagliato.csv", state="failed", user=user)
    stale = ImportJobFactory(filename="dimenticato.csv", state="ready", user=user)
    ImportJob.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )

    response = client.get(reverse("register_import_jobs"))

    page = response.content.decode()
    for text in expected:
        assert text in page
    assert page.index("dimenticato.csv") > page.index("sbagliato.csv")  # newest first
    stale.refresh_from_db()
    assert (stale.state, stale.data) == ("cancelled", None)  # never confirmed: removed
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("register_import_jobs") in home  # in the Register menu


def test_only_register_managers_see_the_jobs_and_only_the_uploader_confirms(
    terms, manager, tmp_path
):
    _uploader, client = manager
    upload(client, write_csv(tmp_path / "shared.csv", rows(1)))
    job = ImportJob.objects.get()
    _other, other_manager = member("Register managers", "second-manager")
    _editor, editor = member("Editors", "an-editor")

    for url in (reverse("register_import_jobs"), reverse("register_import_job", args=[job.pk])):
        assert other_manager.get(url).status_code == 200
        answer = editor.get(url)
        assert answer.status_code in (302, 403)
        assert answer.status_code == 403 or answer.url == reverse("wagtailadmin_home")
    menu = editor.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("register_import_jobs") not in menu

    page = job_page(other_manager, job)
    assert "Only the manager who uploaded the file can confirm or cancel this import." in page
    assert "Confirm the import" not in page
    for view in ("register_import_job_confirm", "register_import_job_cancel"):
        for client_ in (other_manager, editor):
            client_.post(reverse(view, args=[job.pk]), {"fingerprint": job.fingerprint})
    job.refresh_from_db()
    assert job.state == "ready"  # neither confirmed nor cancelled by anyone else
    assert not Cooperative.objects.filter(vat_number=vat(1)).exists()
    assert Client().get(reverse("register_import_job", args=[job.pk])).status_code == 302
    assert other_manager.get(reverse("register_import_job", args=[uuid.uuid4()])).status_code == 404


def test_the_report_speaks_the_uploaders_language(terms, tmp_path):
    _user, client = member("Register managers", "italian-manager", "it")
    path = write_csv(tmp_path / "errato.csv", [row(1, vat_number=bad_check_digit(vat(1)))])

    page = upload(client, path, follow=True).content.decode()

    [problem] = ImportJob.objects.get().report["problems"]
    assert "cifra di controllo" in problem["reason"]
    assert "errato.csv: 1 problema trovato." in page


# The terminal ----------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def import_output(path: Path, stderr: io.StringIO, *args: str) -> str:
    with translation.override("en"):
        call_command("import_cooperatives", str(path), *args, stdout=io.StringIO(), stderr=stderr)
    return stderr.getvalue()


def test_the_import_command_shows_a_few_progress_lines_in_a_log(terms, tmp_path):
    output = import_output(write_csv(tmp_path / "log.csv", rows(600)), io.StringIO())

    lines = output.splitlines()
    validating = [line for line in lines if line.startswith("Validating")]
    importing = [line for line in lines if line.startswith("Importing")]
    assert [line.split("] ")[1] for line in validating] == [
        " 25% 150/600 rows",
        " 50% 300/600 rows",
        " 75% 450/600 rows",
        "100% 600/600 rows",
    ]
    # The write path reports batches of 500: the quarters it passes.
    assert [line.split("] ")[1] for line in importing] == [" 83% 500/600 rows", "100% 600/600 rows"]
    assert lines[-1].startswith("Done in ")
    assert "\r" not in output


def test_the_import_command_redraws_one_bar_on_a_terminal(terms, tmp_path):
    output = import_output(write_csv(tmp_path / "tty.csv", rows(40)), Terminal())

    validating, importing, done = output.split("\n")[:3]
    assert validating.count("\r") == 40  # every row of a short file, redrawn in place
    assert validating.endswith("Validating [" + "#" * 30 + "] 100% 40/40 rows")
    assert importing.endswith("Importing  [" + "#" * 30 + "] 100% 40/40 rows")
    assert done.startswith("Done in ")


def test_the_commands_are_silent_with_verbosity_zero(more_terms, tmp_path):
    path = write_csv(tmp_path / "quiet.csv", rows(600))
    assert import_output(path, Terminal(), "--verbosity", "0") == ""
    stderr = Terminal()
    call_command(
        "generate_cooperatives",
        "--count",
        "20",
        "--verbosity",
        "0",
        stdout=io.StringIO(),
        stderr=stderr,
    )
    assert stderr.getvalue() == ""


def test_the_generator_shows_its_progress(more_terms):
    log, terminal = io.StringIO(), Terminal()
    call_command(
        "generate_cooperatives",
        "--count",
        "600",
        "--batch-size",
        "150",
        stdout=io.StringIO(),
        stderr=log,
    )
    call_command(
        "generate_cooperatives",
        "--count",
        "30",
        "--batch-size",
        "10",
        stdout=io.StringIO(),
        stderr=terminal,
    )

    assert [line.split("] ")[1] for line in log.getvalue().splitlines()] == [
        " 25% 150/600 cooperatives",
        " 50% 300/600 cooperatives",
        " 75% 450/600 cooperatives",
        "100% 600/600 cooperatives",
    ]
    assert terminal.getvalue().count("\r") == 3
    assert terminal.getvalue().endswith("Writing    [" + "#" * 30 + "] 100% 30/30 cooperatives\n")


# The real worker ---------------------------------------------------------------------------

DRIVER = """
import json, re, sys, time, django
django.setup()
from django.contrib.auth.models import User
from django.test import Client
from wagtail.users.models import UserProfile
from register.models import Cooperative, ImportJob

user = User.objects.create_superuser("worker-manager", "worker@example.org", "unused")
profile = UserProfile.get_for_user(user)
profile.preferred_language = "en"
profile.save()
client = Client()
client.force_login(user)
BAR = re.compile(r'<label for="import-job-progress">([^<]*)</label>\\s*'
                 r'<progress id="import-job-progress" [^>]*max="(\\d+)" value="(\\d+)"')

def follow(url):
    seen, deadline = [], time.monotonic() + 120
    while time.monotonic() < deadline:
        page = client.get(url).content.decode()
        if 'id="import-job-status"' not in page:
            return seen, page
        bar = BAR.search(page)
        if bar and (not seen or seen[-1] != list(bar.groups())):
            seen.append(list(bar.groups()))
        time.sleep(0.05)
    raise SystemExit("the job did not end within 120 s")

with open(sys.argv[1], "rb") as handle:
    url = client.post("/admin/register/import/", {"file": handle})["Location"]
checked, page = follow(url)
fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
client.post(url + "confirm/", {"fingerprint": fingerprint})
imported, page = follow(url)
job = ImportJob.objects.get()
print(json.dumps({
    "checked": checked, "imported": imported, "state": job.state, "file_kept": job.data is not None,
    "created": Cooperative.objects.filter(slug__startswith="cooperativa-prova-import").count(),
    "report": "Import of worker.csv done: 2,000 created, 0 updated, 0 unchanged." in page,
}))
"""


def copy_of_the_database(tmp_path: Path) -> tuple[str, callable]:
    """The suite's database (the demo) for two other processes that commit: a file copy of
    SQLite's, a new PostgreSQL database restored from a dump of the test database."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = tmp_path / "db.sqlite3"
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{target}", lambda: None
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are needed to copy the PostgreSQL database")
    db = connection.settings_dict
    name = f"{db['NAME']}_jobs_{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "PGHOST": db["HOST"] or "",
        "PGPORT": str(db["PORT"] or ""),
        "PGUSER": db["USER"] or "",
        "PGPASSWORD": db["PASSWORD"] or "",
    }
    subprocess.run(["createdb", name], env=env, check=True, timeout=60)
    dump = subprocess.run(
        ["pg_dump", "--format=custom", db["NAME"]],
        env=env,
        capture_output=True,
        check=True,
        timeout=120,
    )
    subprocess.run(
        ["pg_restore", "--no-owner", "--dbname", name],
        input=dump.stdout,
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
    )

    def drop() -> None:
        subprocess.run(["dropdb", "--force", name], env=env, check=False, timeout=60)

    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
    return url, drop


@pytest.mark.demo  # a copy of the demo site, whose sectors and areas the file uses
def test_the_worker_imports_a_large_file_while_the_page_shows_the_count_growing(tmp_path):
    path = write_csv(tmp_path / "worker.csv", rows(2000))
    database_url, drop = copy_of_the_database(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TASKS_BACKEND": "database",
        "TEST_SHARED_CACHE_DIR": str(tmp_path / "shared-cache"),
    }
    log = tmp_path / "worker.log"
    worker = start_worker(env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        driven = subprocess.run(
            [sys.executable, "-c", DRIVER, str(path)],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        stop_worker(worker)
        drop()
    assert driven.returncode == 0, driven.stderr[-3000:] + log.read_text()[-3000:]
    result = json.loads(driven.stdout.strip().splitlines()[-1])
    assert (result["state"], result["file_kept"]) == ("done", False)
    assert result["created"] == 2000
    assert result["report"]
    # While the worker held its transaction open, the page read the count as it grew.
    for step in ("checked", "imported"):
        counts = [int(value) for label, total, value in result[step]]
        assert counts == sorted(counts) or step == "imported", result[step]
    during = [
        int(value)
        for label, total, value in result["checked"] + result["imported"]
        if 0 < int(value) < int(total)
    ]
    assert len(during) >= 2, result
    # Among them, counts of the write itself, read while its transaction was open.
    assert any(
        label == "Writing the cooperatives" and 0 < int(value) < int(total)
        for label, total, value in result["imported"]
    ), result
    assert {label for label, _total, _value in result["imported"]} <= {
        "Checking the rows",
        "Writing the cooperatives",
    }
