"""An import of cooperatives run in the background (register/import_jobs.py): who uploaded
which file, where the job stands, and its report once checked or done."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    READY = "ready", _("Checked, waiting for confirmation")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class JobStep(models.TextChoices):
    CHECK = "check", _("Check")  # validate the file and preview the changes: writes nothing
    IMPORT = "import", _("Import")  # validate again and write, all or nothing


class ImportJob(models.Model):
    """One uploaded file, checked then (once confirmed) imported by tasks of the worker.

    The file's bytes are kept here, in the database, never under MEDIA_ROOT, only while the job
    needs them: they are removed when the job is done, failed or cancelled. The progress of a
    running step is kept in the shared cache (register/import_jobs.py), since the step's own
    transaction holds the database; this row says where the job stands between steps."""

    FINISHED = (JobState.DONE, JobState.FAILED, JobState.CANCELLED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    # The uploader's admin language: the task writes the report in it.
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    state = models.CharField(
        _("state"), max_length=12, choices=JobState.choices, default=JobState.QUEUED
    )
    step = models.CharField(max_length=8, choices=JobStep.choices, default=JobStep.CHECK)
    data = models.BinaryField(null=True, editable=False)  # the uploaded file, while needed
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_processed = models.PositiveIntegerField(_("rows processed"), default=0)
    # The plan's fingerprint when checked: the confirmation imports what the preview showed.
    fingerprint = models.CharField(max_length=64, blank=True)
    # {"create": n, "update": n, "unchanged": n} once checked.
    counts = models.JSONField(null=True, blank=True)
    # The line-level report: {"problems": [{"line", "column", "reason"}], "rows": [...],
    # "hidden_rows": n, "hidden_problems": n, "publication": "…", "changed": bool}.
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)  # a failure not tied to a line

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return self.filename

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED

    @property
    def is_working(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.RUNNING)
