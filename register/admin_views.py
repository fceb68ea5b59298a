"""The admin's import of cooperatives: upload a spreadsheet, read the validation report or the
preview of the changes, confirm. The rules are those of `manage.py import_cooperatives`
(register/importing.py); the columns are documented in register/IMPORT.md."""

import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.auth import user_passes_test

from .importing import (
    COLUMNS,
    ENGLISH_COLUMNS,
    MAX_UPLOAD_BYTES,
    MODEL_FIELDS,
    REQUIRED_COLUMNS,
    ImportApplyError,
    ImportPlan,
    apply_plan,
    plan_import,
)
from .models import Area, Cooperative, LegalForm, Sector
from .models.cooperatives import AlboSection

PERMISSIONS = ("register.add_cooperative", "register.change_cooperative")
SESSION_KEY = "register_import"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
STALE_AFTER = 24 * 3600  # seconds: uploads never confirmed are removed after a day
PREVIEW_LIMIT = 1000  # rows or problems listed on a page
TEMPLATE_FILE = Path(__file__).resolve().parent / "import_template.csv"


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


# The uploaded file waits between the preview and the confirmation in a file named by a random
# token; only the session knows the token, so nobody else can confirm someone's upload.


def _imports_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _path(token: str) -> Path | None:
    return _imports_dir() / token if TOKEN.match(token or "") else None


def _store(request, data: bytes, filename: str, fingerprint: str) -> str:
    _discard(request)
    directory = _imports_dir()
    directory.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in directory.iterdir():
        try:
            if old.is_file() and now - old.stat().st_mtime > STALE_AFTER:
                old.unlink()
        except OSError:
            pass
    token = secrets.token_urlsafe(32)
    path = directory / token
    path.write_bytes(data)
    path.chmod(0o600)
    request.session[SESSION_KEY] = {
        "token": token,
        "filename": filename,
        "fingerprint": fingerprint,
    }
    return token


def _discard(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    path = _path(pending.get("token", "")) if pending else None
    if path:
        path.unlink(missing_ok=True)


def _context(**extra) -> dict:
    return {
        "page_title": _("Import cooperatives"),
        "header_icon": "upload",
        "template_url": reverse("register_import_template"),
        "required_columns": REQUIRED_COLUMNS,
        "columns": list(COLUMNS),
        "legal_forms": LegalForm.choices,
        "albo_sections": AlboSection.choices,
        "sectors": Sector.objects.filter(locale__language_code=settings.LANGUAGE_CODE),
        "areas": Area.objects.filter(locale__language_code=settings.LANGUAGE_CODE),
        **extra,
    }


def _render_report(request, plan: ImportPlan, form=None):
    return TemplateResponse(
        request,
        "register/admin/import_report.html",
        _context(
            plan=plan,
            problems=plan.problems[:PREVIEW_LIMIT],
            hidden_problems=max(0, len(plan.problems) - PREVIEW_LIMIT),
            form=form or UploadForm(),
        ),
    )


def _render_preview(request, plan: ImportPlan, token: str):
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
    changed = [row for row in plan.rows if row.action != "unchanged"]
    rows = []
    for row in changed[:PREVIEW_LIMIT]:
        is_public, reason = row.publication()
        rows.append(
            {
                "line": row.line,
                "vat_number": row.vat_number,
                "name": row.name,
                "action": row.action,
                "changes": [labels[name] for name in row.changes],
                "warnings": row.warnings,
                "issue": row.issue,
                "is_public": is_public,
                "not_public_because": reason,
            }
        )
    return TemplateResponse(
        request,
        "register/admin/import_preview.html",
        _context(
            plan=plan,
            counts=plan.counts,
            publication=plan.publication_summary(done=False),
            rows=rows,
            hidden_rows=max(0, len(changed) - PREVIEW_LIMIT),
            token=token,
            fingerprint=plan.fingerprint(),
        ),
    )


@user_passes_test(can_import)
def import_view(request):
    """Upload: the report of the problems, or the preview of the changes."""
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            name = Path(upload.name).name
            plan = plan_import(data, name)
            if not plan.is_valid:
                _discard(request)
                return _render_report(request, plan)
            token = _store(request, data, name, plan.fingerprint())
            return _render_preview(request, plan, token)
    return TemplateResponse(request, "register/admin/import_upload.html", _context(form=form))


@require_POST
@user_passes_test(can_import)
def confirm_view(request):
    """Apply the previewed file, after validating it again against the register as it is now."""
    pending = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    path = _path(pending.get("token", ""))
    if not pending or token != pending.get("token") or path is None or not path.exists():
        messages.error(request, _("This preview is no longer available: upload the file again."))
        return redirect("register_import")
    data = path.read_bytes()
    filename = pending["filename"]
    try:
        with transaction.atomic():
            plan = plan_import(data, filename)
            if not plan.is_valid:
                _discard(request)
                return _render_report(request, plan)
            if plan.fingerprint() != request.POST.get("fingerprint"):
                pending["fingerprint"] = plan.fingerprint()
                request.session[SESSION_KEY] = pending
                messages.warning(
                    request,
                    _(
                        "The register has changed since the preview: check the changes again "
                        "and confirm."
                    ),
                )
                return _render_preview(request, plan, token)
            apply_plan(plan, user=request.user)
    except ImportApplyError as error:
        messages.error(request, str(error))
        return redirect("register_import")
    _discard(request)
    counts = plan.counts
    messages.success(
        request,
        _(
            "Import of %(file)s done: %(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged."
        )
        % {
            "file": filename,
            "created": counts["create"],
            "updated": counts["update"],
            "unchanged": counts["unchanged"],
        }
        + (f" {plan.publication_summary()}." if counts["create"] + counts["update"] else ""),
    )
    return redirect("wagtailsnippets_register_cooperative:list")


@require_POST
@user_passes_test(can_import)
def cancel_view(request):
    _discard(request)
    messages.success(request, _("Import cancelled: nothing was written."))
    return redirect("register_import")


@user_passes_test(can_import)
def template_view(request):
    return FileResponse(
        TEMPLATE_FILE.open("rb"),
        as_attachment=True,
        filename="cooperative-import-template.csv",
        content_type="text/csv; charset=utf-8",
    )
