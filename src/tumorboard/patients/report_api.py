"""A case's imaging, pathology and other reports in the JSON API (site-scoped by the door)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from tumorboard.accounts import audit, people
from tumorboard.core.api_schemas import ApiDate, responses
from tumorboard.patients import queries, report_queries, report_services
from tumorboard.patients.report_models import ClinicalReport, ReportAttachment

router = Router(tags=["reports"])

ReportTypeName = Literal["imaging", "pathology", "endoscopy", "molecular", "other"]
VERSION_HELP = ("The version you read (from GET). When the report has been amended since, "
                "the amendment is refused with 409 and nothing is written.")


class ReportIn(Schema):
    report_type: ReportTypeName
    report_date: ApiDate
    title: str = Field(..., max_length=200)
    author_name: str = Field(..., max_length=200, description="as written on the report")
    text: str
    viewer_link: str = Field("", max_length=500,
                             description="http(s) link to the PACS or slide viewer")


class ReportAmendIn(Schema):
    reason: str = Field(..., max_length=300)
    version: int = Field(..., ge=1, description=VERSION_HELP)
    report_type: ReportTypeName | None = None
    report_date: ApiDate | None = None
    title: str | None = Field(None, max_length=200)
    author_name: str | None = Field(None, max_length=200)
    text: str | None = None
    viewer_link: str | None = Field(None, max_length=500)


class AttachmentOut(Schema):
    id: uuid.UUID
    file_name: str
    content_type: str
    size: int
    sha256: str
    download: str


class ReportOut(Schema):
    id: uuid.UUID
    case: uuid.UUID
    version: int
    current: bool
    supersedes: uuid.UUID | None
    amendment_reason: str
    report_type: str
    report_date: dt.date
    title: str
    author_name: str
    author: str | None
    text: str
    viewer_link: str
    recorded_by: str | None
    created: dt.datetime
    attachments: list[AttachmentOut]


def _attachment(a: ReportAttachment) -> dict[str, Any]:
    return {"id": a.external_id, "file_name": a.original_name, "content_type": a.content_type,
            "size": a.size, "sha256": a.sha256,
            "download": reverse("report-file", kwargs={"attachment_id": a.external_id})}


def report_out(report: ClinicalReport, files: list[ReportAttachment],
               current: bool = True) -> dict[str, Any]:
    fields = ("version", "amendment_reason", "report_type", "report_date", "title",
              "author_name", "text", "viewer_link", "created")
    return {**{name: getattr(report, name) for name in fields},
            "id": report.external_id, "case": report.case.external_id, "current": current,
            "supersedes": report.supersedes.external_id if report.supersedes else None,
            "author": people.display_name(report.author_user) if report.author_user else None,
            "recorded_by": people.display_name(report.created_by) if report.created_by
            else None, "attachments": [_attachment(a) for a in files]}


@router.get("/cases/{case_id}/reports", response=responses({200: list[ReportOut]}))
def list_case_reports(request: HttpRequest, case_id: uuid.UUID) -> list[dict[str, Any]]:
    """The current version of each report of the case, newest first."""
    case = queries.get_case(request.user, case_id, request=request)
    rows = report_queries.current_reports(case)
    audit.record(user=request.user, action="view", object_type="clinical_report",
                 patient_id=case.patient.external_id, site_id=case.site_id, request=request,
                 detail={"case": str(case.external_id),
                         "reports": [str(r.report.external_id) for r in rows]})
    return [report_out(r.report, r.files) for r in rows]


@router.post("/cases/{case_id}/reports", response=responses({201: ReportOut}))
def add_case_report(request: HttpRequest, case_id: uuid.UUID,
                    body: ReportIn) -> Status[dict[str, Any]]:
    case = queries.get_case(request.user, case_id, write=True)
    report = report_services.do_add_report(request.user, case, body.model_dump(),
                                           request=request)
    return Status(201, report_out(report, []))


@router.get("/reports/{uuid:report_id}", response=responses({200: ReportOut}))
def read_report(request: HttpRequest, report_id: uuid.UUID) -> dict[str, Any]:
    report = report_queries.get_report(request.user, report_id, request=request)
    return report_out(report, report_queries.files_of(report),
                      report_queries.is_current(report))


@router.post("/reports/{uuid:report_id}/amend", response=responses({201: ReportOut}, 409))
def amend_report(request: HttpRequest, report_id: uuid.UUID,
                 body: ReportAmendIn) -> Status[dict[str, Any]]:
    """A new version of the report that supersedes this one; this one stays readable."""
    report = report_queries.get_report(request.user, report_id, write=True)
    values = body.model_dump(exclude_unset=True, exclude={"reason", "version"})
    amended = report_services.do_amend_report(request.user, report, values,
                                              reason=body.reason,
                                              expected_version=body.version, request=request)
    return Status(201, report_out(amended, report_queries.files_of(amended)))
