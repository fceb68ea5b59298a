"""The spreadsheet import of yearly figures in the admin, for register managers: upload, and
either the problems line by line (nothing written) or every row written at once. The upload
form and the problems' table are the cooperative import's (register.admin_views)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from register.admin_views import UploadForm

from .importing import COLUMNS, REQUIRED_COLUMNS, plan_import

PERMISSIONS = ("impact.add_yearlyfigures", "impact.change_yearlyfigures")
PROBLEMS_LISTED = 200


def can_import(user) -> bool:
    return user.is_active and user.has_perms(PERMISSIONS)


def import_figures(request: HttpRequest) -> HttpResponse:
    if not can_import(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {
        "page_title": _("Import yearly figures"),
        "header_icon": "upload",
        "form": form,
        "required_columns": REQUIRED_COLUMNS,
        "columns": COLUMNS,
    }
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        plan = plan_import(upload.read(), upload.name)
        if not plan.is_valid:
            context["problems"] = plan.problems[:PROBLEMS_LISTED]
            context["hidden_problems"] = max(len(plan.problems) - PROBLEMS_LISTED, 0)
            return TemplateResponse(request, "impact/admin/import.html", context, status=400)
        written = plan.write()
        messages.success(
            request,
            ngettext(
                "%(count)s row of yearly figures imported.",
                "%(count)s rows of yearly figures imported.",
                written,
            )
            % {"count": written},
        )
        return redirect(reverse("wagtailsnippets_impact_yearlyfigures:list"))
    return TemplateResponse(request, "impact/admin/import.html", context)
