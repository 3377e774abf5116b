"""Reading a case's reports: the current version of each, a report's versions and the files
of its series. Reads write nothing but the audit trail's record of the read (the door)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from tumorboard.accounts import door
from tumorboard.accounts.access import AnyUser
from tumorboard.patients.models import Case
from tumorboard.patients.report_models import ClinicalReport, ReportAttachment

EXCERPT_LINES = 3
EXCERPT_CHARS = 400


@dataclass(frozen=True)
class ReportRow:
    report: ClinicalReport
    files: list[ReportAttachment]
    excerpt: str


def get_report(user: AnyUser, external_id: object, *, write: bool = False,
               request: HttpRequest | None = None) -> ClinicalReport:
    return door.get(user, ClinicalReport, external_id,
                    action=door.CHANGE if write else door.VIEW, request=request)


def get_attachment(user: AnyUser, external_id: object, *,
                   request: HttpRequest | None = None) -> ReportAttachment:
    """A file, if the user may read its case's reports; the read is recorded as an export
    with the file's digest."""
    return door.get(user, ReportAttachment, external_id, request=request, record="export",
                    detail=lambda a: {"sha256": a.sha256, "report": str(a.report.external_id)})


def excerpt(text: str) -> str:
    """The first lines of a report, as the room's screen and the lists show it."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    shown = "\n".join(lines[:EXCERPT_LINES])
    cut = len(lines) > EXCERPT_LINES or len(shown) > EXCERPT_CHARS
    return shown[:EXCERPT_CHARS].rstrip() + ("…" if cut else "")


def current_reports(case: Case) -> list[ReportRow]:
    """The current version of each report of the case, newest report first, with the
    files of all its versions."""
    reports = list(ClinicalReport.objects.filter(case=case, superseded_by__isnull=True)
                   .select_related("author_user__profile").order_by("-report_date", "-id"))
    files: dict[object, list[ReportAttachment]] = {}
    for attachment in ReportAttachment.objects.filter(
            report__series__in=[r.series for r in reports]).select_related("report"):
        files.setdefault(attachment.report.series, []).append(attachment)
    return [ReportRow(r, files.get(r.series, []), excerpt(r.text)) for r in reports]


def versions(report: ClinicalReport) -> list[ClinicalReport]:
    """Every version of the report's series, newest first."""
    return list(ClinicalReport.objects.filter(series=report.series)
                .select_related("created_by__profile", "author_user__profile")
                .order_by("-version"))


def files_of(report: ClinicalReport) -> list[ReportAttachment]:
    return list(ReportAttachment.objects.filter(report__series=report.series)
                .select_related("report", "created_by__profile").order_by("created", "id"))


def is_current(report: ClinicalReport) -> bool:
    return not ClinicalReport.objects.filter(supersedes=report).exists()
