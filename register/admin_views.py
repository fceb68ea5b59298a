"""The admin's import of cooperatives: upload a spreadsheet; the worker checks it in the
background (register/import_jobs.py) while the job's page shows its progress; then read the
problems, or the preview of the changes and confirm; the worker imports it, and the page shows
what was written. The rules are those of `manage.py import_cooperatives`
(register/importing.py); the columns are documented in register/IMPORT.md."""

import datetime
from pathlib import Path

from django import forms
from django.conf import settings
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.auth import user_passes_test

from infrastructure.worker import queue_health

from .import_jobs import (
    cancel_job,
    confirm_job,
    create_job,
    discard_stale_jobs,
    jobs_for_listing,
    read_progress,
)
from .importing import COLUMNS, ENGLISH_COLUMNS, MAX_UPLOAD_BYTES, MODEL_FIELDS, REQUIRED_COLUMNS
from .models import Area, Cooperative, ImportJob, JobState, LegalForm, Sector
from .models.cooperatives import AlboSection, RegionalSection

PERMISSIONS = ("register.add_cooperative", "register.change_cooperative")
TEMPLATE_FILE = Path(__file__).resolve().parent / "import_template.csv"
REFRESH_SECONDS = 2  # how often a running job's page refreshes itself
JOBS_LISTED = 50


def can_import(user) -> bool:
    return user.has_perms(PERMISSIONS)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("A .csv file saved as “CSV UTF-8”, or an .xlsx file; up to 10 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 10 MB: split it into smaller files.")
            )
        return upload


def _context(**extra) -> dict:
    return {
        "page_title": _("Import cooperatives"),
        "header_icon": "upload",
        "template_url": reverse("register_import_template"),
        "required_columns": REQUIRED_COLUMNS,
        "columns": list(COLUMNS),
        "legal_forms": LegalForm.choices,
        "albo_sections": AlboSection.choices,
        "regional_sections": RegionalSection.choices,
        "sectors": Sector.objects.filter(locale__language_code=settings.LANGUAGE_CODE),
        "areas": Area.objects.filter(locale__language_code=settings.LANGUAGE_CODE),
        **extra,
    }


@user_passes_test(can_import)
def import_view(request):
    """Upload: the file becomes an import job, checked in the background (register/import_jobs.py);
    its page shows the progress, then the problems or the preview to confirm."""
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            job = create_job(upload.read(), Path(upload.name).name, request.user)
            return redirect("register_import_job", job.pk)
    return TemplateResponse(request, "register/admin/import_upload.html", _context(form=form))


# Import jobs ---------------------------------------------------------------------------------


def _field_labels() -> dict[str, str]:
    """What the report calls each column that a row changes, in the reader's language."""
    labels = {name: Cooperative._meta.get_field(name).verbose_name for name in MODEL_FIELDS}
    labels.update(
        sectors=Cooperative._meta.get_field("sectors").verbose_name,
        areas=Cooperative._meta.get_field("areas").verbose_name,
        issued_on=_("issue date"),
        valid_until=_("valid until"),
        issue_note=_("note of the issue"),
        english=_("English translation"),
    )
    labels.update(
        {
            column: _("%(field)s in English") % {"field": labels[source]}
            for column, source in ENGLISH_COLUMNS.items()
        }
    )
    return labels


def _report_rows(report: dict) -> list[dict]:
    labels = _field_labels()
    rows = []
    for row in report.get("rows", []):
        issue = row.get("issue")
        rows.append(
            {
                **row,
                "changes": [labels.get(name, name) for name in row.get("changes", [])],
                "issue": [datetime.date.fromisoformat(day) for day in issue] if issue else None,
            }
        )
    return rows


PHASES = {
    "validate": gettext_lazy("Checking the rows"),
    "apply": gettext_lazy("Writing the cooperatives"),
}


def _status(job: ImportJob) -> dict:
    """What the progress bar shows: the phase, rows done of rows in all, and whether the job
    waits for a worker that is not running (the queue's health, as /health/ reports it)."""
    progress = read_progress(job)
    done, total = progress.get("done", 0), progress.get("total", 0)
    waiting = job.state == JobState.QUEUED
    queue = queue_health() if waiting else None
    return {
        "phase": PHASES.get(progress.get("phase"), ""),
        "phase_code": progress.get("phase", ""),
        "done": done,
        "total": total,
        "percent": done * 100 // total if total else 0,
        "waiting": waiting,
        "worker_missing": bool(queue and queue["status"] == "stale"),
    }


def _job(request, job_id) -> ImportJob:
    return get_object_or_404(ImportJob.objects.select_related("user"), pk=job_id)


@user_passes_test(can_import)
def job_view(request, job_id):
    """One job: its progress while queued or running (the page refreshes itself), then the
    preview to confirm, the problems, or what was written."""
    discard_stale_jobs()
    job = _job(request, job_id)
    report = job.report or {}
    return TemplateResponse(
        request,
        "register/admin/import_job.html",
        _context(
            page_title=_("Import of %(file)s") % {"file": job.filename},
            job=job,
            status=_status(job) if job.is_working else None,
            refresh_seconds=REFRESH_SECONDS if job.is_working else None,
            counts=job.counts or {},
            rows=_report_rows(report),
            hidden_rows=report.get("hidden_rows", 0),
            problems=report.get("problems", []),
            hidden_problems=report.get("hidden_problems", 0),
            publication=report.get("publication", ""),
            register_changed=report.get("changed", False),
            is_uploader=job.user_id == request.user.pk,
            form=UploadForm() if job.state == JobState.FAILED else None,
            cooperatives_url=reverse("wagtailsnippets_register_cooperative:list"),
        ),
    )


@require_POST
@user_passes_test(can_import)
def job_confirm_view(request, job_id):
    """Import a checked file; only its uploader confirms the preview they were shown."""
    job = _job(request, job_id)
    if job.user_id != request.user.pk or not confirm_job(job, request.POST.get("fingerprint", "")):
        messages.error(
            request, _("This preview can no longer be confirmed: check the job's state below.")
        )
    return redirect("register_import_job", job.pk)


@require_POST
@user_passes_test(can_import)
def job_cancel_view(request, job_id):
    job = _job(request, job_id)
    if job.user_id == request.user.pk and cancel_job(job):
        messages.success(request, _("Import cancelled: nothing was written."))
    else:
        messages.error(request, _("This import can no longer be cancelled."))
    return redirect("register_import_job", job.pk)


@user_passes_test(can_import)
def jobs_view(request):
    """The recent import jobs of every register manager."""
    discard_stale_jobs()
    return TemplateResponse(
        request,
        "register/admin/import_jobs.html",
        {
            "page_title": _("Import jobs"),
            "header_icon": "list-ul",
            "jobs": jobs_for_listing()[:JOBS_LISTED],
            "upload_url": reverse("register_import"),
        },
    )


@user_passes_test(can_import)
def template_view(request):
    return FileResponse(
        TEMPLATE_FILE.open("rb"),
        as_attachment=True,
        filename="cooperative-import-template.csv",
        content_type="text/csv; charset=utf-8",
    )
