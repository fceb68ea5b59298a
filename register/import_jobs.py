"""The admin's import as background work: an uploaded file becomes an `ImportJob`, which two
tasks of the worker (`manage.py db_worker`) run with the rules of register/importing.py.

    upload ──> job queued (the file's bytes in the job's row, never under MEDIA_ROOT)
           ──> check_import: validate every row, work out the changes (writes nothing)
               ├─ problems ──> failed, with the line-level report; the file is removed
               └─ valid ─────> ready: the preview, waiting for the uploader's confirmation
    confirm ─> run_import: validate again, then write all or nothing (apply_plan)
               ├─ written ───> done, with the report; the file is removed
               ├─ problems or a refused write ──> failed, nothing written; the file is removed
               └─ the register changed since the preview ──> ready again, with the new preview
    cancel (queued or ready) ──> cancelled; the file is removed

Progress: a step's writes are one transaction, which holds the database (SQLite allows one
writer; PostgreSQL would show a row updated inside it only at the commit). So the task keeps
its progress in the shared cache (`infrastructure.invalidation.shared_cache()`: Redis, or files
on one machine), every PROGRESS_EVERY rows, one cache write each; the admin reads it from there
and falls back to the job's row. The job's row itself is written only between transactions.
"""

from __future__ import annotations

import datetime
import logging
import time
from contextlib import suppress
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from infrastructure.invalidation import shared_cache

from .importing import ImportApplyError, ImportPlan, apply_plan, plan_import
from .models import ImportJob, JobState, JobStep

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 250  # rows between two writes of a job's progress to the cache
PROGRESS_TIMEOUT = 24 * 3600  # seconds; a progress entry outlives any step
STALE_AFTER = datetime.timedelta(days=1)  # a checked file never confirmed is removed then
# A running step writes its progress at least every few minutes (every PROGRESS_EVERY rows, or
# each batch written); one silent for this long has lost its worker (stopped, killed, machine
# restarted) and will never finish.
INTERRUPTED_AFTER = datetime.timedelta(minutes=30)
REPORT_LIMIT = 1000  # rows or problems kept in the report (the counts cover all of them)


# Progress ------------------------------------------------------------------------------------


def _progress_key(job_id: object) -> str:
    return f"register-import-job:{job_id}"


class JobProgress:
    """The `progress` callback of plan_import() and apply_plan() for one job: the phase
    ("validate" or "apply"), rows done and rows in all, into the shared cache at the first
    call, every PROGRESS_EVERY rows and at the end of each phase: not a write per row."""

    def __init__(self, job: ImportJob) -> None:
        self.key = _progress_key(job.pk)
        self.phase = ""
        self.written = 0
        self.rows = 0  # rows of the file, once the validation has started

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase == "validate":
            self.rows = total
        if phase == self.phase and done < total and done - self.written < PROGRESS_EVERY:
            return
        self.phase, self.written = phase, done
        # Progress is a courtesy: a cache that is down must not stop the import.
        with suppress(Exception):
            shared_cache().set(
                self.key,
                {"phase": phase, "done": done, "total": total, "at": time.time()},
                PROGRESS_TIMEOUT,
            )


def read_progress(job: ImportJob) -> dict[str, Any]:
    """Where a running job's step stands: {"phase", "done", "total"}; the job's row has the
    counts of the steps it finished."""
    found = None
    with suppress(Exception):
        found = shared_cache().get(_progress_key(job.pk))
    if isinstance(found, dict) and job.state == JobState.RUNNING:
        return found
    # Not started, or still reading the file (or the cache is out of reach): no count yet.
    return {"phase": "", "done": 0, "total": 0}


def _forget_progress(job: ImportJob) -> None:
    with suppress(Exception):
        shared_cache().delete(_progress_key(job.pk))


# Starting and stopping -------------------------------------------------------------------------


def create_job(data: bytes, filename: str, user) -> ImportJob:
    """A job for an uploaded file, with its check queued."""
    discard_stale_jobs()
    job = ImportJob.objects.create(
        user=user,
        filename=filename,
        data=data,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        state=JobState.QUEUED,
        step=JobStep.CHECK,
    )
    _enqueue(job, check_import)
    return job


def confirm_job(job: ImportJob, fingerprint: str) -> bool:
    """Queue the import of a checked job whose preview the user confirmed; False when the job
    is not waiting for this confirmation (already confirmed, cancelled, or another preview)."""
    confirmed = ImportJob.objects.filter(
        pk=job.pk, state=JobState.READY, fingerprint=fingerprint
    ).update(state=JobState.QUEUED, step=JobStep.IMPORT)
    if confirmed:
        _enqueue(job, run_import)
    return bool(confirmed)


def cancel_job(job: ImportJob) -> bool:
    """Cancel a job that is not running: its file is removed, nothing is written."""
    return bool(
        ImportJob.objects.filter(pk=job.pk, state__in=(JobState.QUEUED, JobState.READY)).update(
            state=JobState.CANCELLED, data=None, finished_at=timezone.now()
        )
    )


def discard_stale_jobs() -> int:
    """Checked files that nobody confirmed within STALE_AFTER are cancelled and removed, and
    steps whose worker is gone are failed: a manager sees why, and may upload the file again."""
    # Read first, write only what is found: the pages call this while a worker may hold
    # SQLite's one write lock for minutes, and even an UPDATE of no row waits for it.
    now = timezone.now()
    discarded = 0
    if unconfirmed := list(
        ImportJob.objects.filter(
            state=JobState.READY, created_at__lt=now - STALE_AFTER
        ).values_list("pk", flat=True)
    ):
        discarded = ImportJob.objects.filter(pk__in=unconfirmed, state=JobState.READY).update(
            state=JobState.CANCELLED, data=None, finished_at=now
        )
    for job in ImportJob.objects.filter(
        state=JobState.RUNNING, started_at__lt=now - INTERRUPTED_AFTER
    ).only("pk", "started_at", "language"):
        last_seen = job.started_at.timestamp()
        with suppress(Exception):
            last_seen = max(last_seen, shared_cache().get(_progress_key(job.pk))["at"])
        if time.time() - last_seen > INTERRUPTED_AFTER.total_seconds():
            # The writing is one transaction: a step that stopped wrote nothing.
            with translation.override(job.language or settings.LANGUAGE_CODE):
                _finish(job, JobState.FAILED, error=str(INTERRUPTED_MESSAGE))
            discarded += 1
    return discarded


INTERRUPTED_MESSAGE = gettext_lazy(
    "The background worker stopped before this import finished, so nothing was written. "
    "Upload the file again."
)


def _enqueue(job: ImportJob, step_task) -> None:
    # With the immediate backend (the tests) the step runs here and now; the task's id is
    # written apart so that it never overwrites what the step wrote.
    result = step_task.enqueue(str(job.pk))
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))


def _start(job_id: str, step: str) -> ImportJob | None:
    """Claim a queued job for its step: a job cancelled meanwhile, or a task run twice, is
    left alone."""
    claimed = ImportJob.objects.filter(pk=job_id, state=JobState.QUEUED, step=step).update(
        state=JobState.RUNNING, started_at=timezone.now(), rows_processed=0
    )
    return ImportJob.objects.get(pk=job_id) if claimed else None


def _finish(job: ImportJob, state: str, **fields) -> None:
    """The job's outcome, written once the step's transaction is over; a finished job's file
    is removed."""
    fields.update(state=state)
    if state in ImportJob.FINISHED:
        fields.update(data=None, finished_at=timezone.now())
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    _forget_progress(job)


# The two steps ------------------------------------------------------------------------------


@task()
def check_import(job_id: str) -> str:
    """Validate the job's file and store the preview (or the problems). Writes no cooperative."""
    job = _start(job_id, JobStep.CHECK)
    if job is None:
        return "skipped"
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            progress = JobProgress(job)
            plan = plan_import(bytes(job.data), job.filename, progress=progress)
            return _checked(job, plan, progress)
        except Exception:
            _failed_unexpectedly(job)
            raise


@task()
def run_import(job_id: str) -> str:
    """Validate the confirmed file again against the register as it is now and write it, all
    rows or none, as the command does (plan, then apply_plan(), which checks that nothing the
    plan relies on changed meanwhile)."""
    job = _start(job_id, JobStep.IMPORT)
    if job is None:
        return "skipped"
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            progress = JobProgress(job)
            plan = plan_import(bytes(job.data), job.filename, progress=progress)
            if not plan.is_valid or plan.fingerprint() != job.fingerprint:
                return _checked(job, plan, progress, changed=True)
            # The page says "writing" from now on, not "checked" until the first batch is in.
            counts = plan.counts
            progress("apply", 0, counts["create"] + counts["update"])
            try:
                apply_plan(plan, user=job.user, progress=progress)
            except ImportApplyError as error:
                _finish(job, JobState.FAILED, error=str(error), rows_total=progress.rows)
                return JobState.FAILED
            _finish(
                job,
                JobState.DONE,
                rows_processed=progress.rows,
                rows_total=progress.rows,
                counts=plan.counts,
                report=plan_report(plan, done=True),
            )
            return JobState.DONE
        except Exception:
            _failed_unexpectedly(job)
            raise


def _checked(
    job: ImportJob, plan: ImportPlan, progress: JobProgress, *, changed: bool = False
) -> str:
    """The outcome of a validation: failed with the problems, or ready with the preview."""
    if not plan.is_valid:
        _finish(
            job,
            JobState.FAILED,
            rows_total=progress.rows,
            rows_processed=progress.rows,
            report=plan_report(plan),
            error=_("Nothing was written: correct the file and upload it again."),
        )
        return JobState.FAILED
    _finish(
        job,
        JobState.READY,
        fingerprint=plan.fingerprint(),
        rows_total=progress.rows,
        rows_processed=progress.rows,
        counts=plan.counts,
        report=plan_report(plan, changed=changed),
    )
    return JobState.READY


def _failed_unexpectedly(job: ImportJob) -> None:
    logger.exception("Import job %s (%s) stopped by an error", job.pk, job.filename)
    _finish(
        job,
        JobState.FAILED,
        error=_(
            "The import stopped because of an unexpected error; nothing was written. The error "
            "is in the worker's log: ask the site's administrator."
        ),
    )


# The report ---------------------------------------------------------------------------------


def plan_report(plan: ImportPlan, *, done: bool = False, changed: bool = False) -> dict:
    """What the job's page shows, as JSON: the problems by line, or the cooperatives created
    or updated (the preview's rows, then what was written) and what becomes public."""
    problems = [
        {"line": problem.line, "column": problem.column, "reason": problem.reason}
        for problem in plan.problems
    ]
    written = [row for row in plan.rows if row.action != "unchanged"]
    rows = []
    for row in written[:REPORT_LIMIT]:
        is_public, reason = row.publication()
        rows.append(
            {
                "line": row.line,
                "vat_number": row.vat_number,
                "name": row.name,
                "action": row.action,
                "changes": list(row.changes),
                "warnings": list(row.warnings),
                "issue": [day.isoformat() for day in row.issue] if row.issue else None,
                "is_public": is_public,
                "not_public_because": reason,
            }
        )
    return {
        "problems": problems[:REPORT_LIMIT],
        "hidden_problems": max(0, len(problems) - REPORT_LIMIT),
        "rows": rows,
        "hidden_rows": max(0, len(written) - REPORT_LIMIT),
        "publication": plan.publication_summary(done=done) if written else "",
        "changed": changed,
    }


def jobs_for_listing():
    """The recent jobs, without their files."""
    return ImportJob.objects.defer("data", "report").select_related("user")
