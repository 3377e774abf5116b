"""Report pages: add a report to a case, read one with its versions and files, amend it,
attach a file, download a file. Thin: the door, the form, one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tumorboard.accounts import door
from tumorboard.core import forms as core_forms
from tumorboard.patients import queries, report_files, report_queries, report_services
from tumorboard.patients.report_forms import AmendForm, AttachForm, ReportForm
from tumorboard.patients.report_models import ClinicalReport
from tumorboard.patients.validation import InvalidInput, StaleVersion


def report_add(request: HttpRequest, case_id: str) -> HttpResponse:
    case = queries.get_case(request.user, case_id, write=True)
    form = ReportForm(request.POST or None, site_id=case.site_id)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = report_services.do_add_report(request.user, case, form.values(),
                                                       request=request)
                messages.success(request, _("Report recorded."))
                return redirect("report-detail", report_id=report.external_id)
            except InvalidInput as error:
                core_forms.add_service_errors(form, error.errors)
        status = 400
    return render(request, "patients/reports/report_form.html",
                  {"form": form, "case": case, "patient": case.patient}, status=status)


def _detail(request: HttpRequest, report: ClinicalReport, status: int = 200,
            **forms: Any) -> HttpResponse:
    current = report_queries.is_current(report)
    can_write = current and door.may(request.user, door.CLINICAL, door.CHANGE)
    if can_write and "amend_form" not in forms:
        forms["amend_form"] = AmendForm(
            initial={**{f: getattr(report, f) for f in ReportForm.Meta.fields},
                     "version": report.version}, site_id=report.case.site_id)
    return render(request, "patients/reports/report.html", {
        "report": report, "case": report.case, "patient": report.case.patient,
        "versions": report_queries.versions(report), "files": report_queries.files_of(report),
        "current": current, "can_write": can_write,
        "attach_form": forms.get("attach_form") or AttachForm(),
        "amend_form": forms.get("amend_form"), "max_mb": report_files.max_bytes() // 2**20,
    }, status=status)


@require_GET
def report_detail(request: HttpRequest, report_id: str) -> HttpResponse:
    return _detail(request, report_queries.get_report(request.user, report_id, request=request))


@require_POST
def report_amend(request: HttpRequest, report_id: str) -> HttpResponse:
    report = report_queries.get_report(request.user, report_id, write=True)
    form = AmendForm(request.POST, site_id=report.case.site_id)
    status = 400
    if form.is_valid():
        try:
            amended = report_services.do_amend_report(
                request.user, report, form.values(), reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"], request=request)
            messages.success(request, _("The report was amended; the earlier version is kept."))
            return redirect("report-detail", report_id=amended.external_id)
        except StaleVersion:
            form.add_error(None, _("This report was amended by someone else meanwhile: "
                                   "nothing was saved. Open the current version."))
            status = 409
        except InvalidInput as error:
            core_forms.add_service_errors(form, error.errors)
    return _detail(request, report, status, amend_form=form)


@require_POST
def report_attach(request: HttpRequest, report_id: str) -> HttpResponse:
    report = report_queries.get_report(request.user, report_id, write=True)
    form = AttachForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report_services.do_attach_file(request.user, report, upload.chunks(),
                                           name=upload.name or "", size=upload.size,
                                           request=request)
            messages.success(request, _("File attached."))
            return redirect("report-detail", report_id=report.external_id)
        except InvalidInput as error:
            core_forms.add_service_errors(form, error.errors)
    return _detail(request, report, 400, attach_form=form)


@require_GET
def attachment_download(request: HttpRequest, attachment_id: str) -> FileResponse:
    """The file, through the door and the audit trail, always as a download."""
    attachment = report_queries.get_attachment(request.user, attachment_id, request=request)
    try:
        handle = open(report_files.path_of(attachment.stored_name), "rb")  # noqa: SIM115
    except (FileNotFoundError, ValueError):
        raise Http404(_("No such record.")) from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
