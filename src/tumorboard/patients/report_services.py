"""Every change to a case's reports goes through these functions: atomic and audited.

A report is evidence, so it is never edited: ``do_amend_report`` adds the next version of
the same series, which supersedes the one it was made from, with a reason."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.patients import report_files
from tumorboard.patients.models import Case
from tumorboard.patients.report_models import ClinicalReport, ReportAttachment, ReportType
from tumorboard.patients.services import clinicians_of
from tumorboard.patients.validation import InvalidInput, StaleVersion

REPORT_FIELDS = ("report_type", "report_date", "author_name", "author_user", "title", "text",
                 "viewer_link")
TEXT_LIMITS = {"author_name": 200, "title": 200, "viewer_link": 500}


def link_error(link: str) -> str | None:
    """Why a viewer link is refused: only http(s) links to a host (no javascript:, data:,
    file:...)."""
    try:
        parts = urlsplit(link)
        host = parts.hostname
    except ValueError:  # e.g. "http://[" (an unclosed IPv6 address)
        host = None
    if not host or parts.scheme.lower() not in ("http", "https"):
        return gettext("Only http:// or https:// links to the hospital's viewer are allowed.")
    return None


def _text_errors(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in ("author_name", "title", "text"):
        if not str(values.get(name) or "").strip():
            errors[name] = gettext("This field is required.")
    for name, limit in TEXT_LIMITS.items():
        if len(str(values.get(name) or "")) > limit:
            errors[name] = gettext("At most %(n)d characters.") % {"n": limit}
    link = str(values.get("viewer_link") or "")
    if link and "viewer_link" not in errors and (problem := link_error(link)):
        errors["viewer_link"] = problem
    return errors


def report_errors(case: Case, values: dict[str, Any]) -> dict[str, str]:
    """Every problem of a report's values, by field."""
    unknown = sorted(set(values) - set(REPORT_FIELDS))
    if unknown:
        return {unknown[0]: gettext("This field is unknown or cannot be changed here.")}
    errors = _text_errors(values)
    if values.get("report_type") not in ReportType.values:
        errors["report_type"] = gettext("Choose a type of report.")
    day = values.get("report_date")
    if not isinstance(day, dt.date):
        errors["report_date"] = gettext("Enter the date of the report.")
    elif day > timezone.localdate():
        errors["report_date"] = gettext("The date of the report is in the future.")
    elif day < case.patient.birth_date:
        errors["report_date"] = gettext("The date of the report is before the date of birth.")
    author = values.get("author_user")
    if author is not None and not clinicians_of(case.site_id).filter(pk=author.pk).exists():
        errors["author_user"] = gettext("Choose a clinician of this site.")
    return errors


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.strip() if isinstance(v, str) and k != "text" else v)
            for k, v in values.items()}


def _audit(user: AnyUser, action: str, report: ClinicalReport, request: HttpRequest | None,
           detail: dict[str, Any]) -> None:
    audit.record(user=user, action=action, object_type="clinical_report",
                 object_id=report.external_id, patient_id=report.case.patient.external_id,
                 site_id=report.case.site_id, request=request, detail=detail)


def _recorder(user: AnyUser) -> User | None:
    return user if isinstance(user, User) else None


@transaction.atomic
def do_add_report(user: AnyUser, case: Case, values: dict[str, Any], *,
                  request: HttpRequest | None = None) -> ClinicalReport:
    door.check(user, case, door.CHANGE)
    values = _clean(values)
    errors = report_errors(case, values)
    if errors:
        raise InvalidInput(errors)
    report = ClinicalReport.objects.create(case=case, created_by=_recorder(user), **values)
    _audit(user, "create", report, request, {"fields": sorted(values)})
    return report


@transaction.atomic
def do_amend_report(user: AnyUser, report: ClinicalReport, values: dict[str, Any], *,
                    reason: str, expected_version: int | None = None,
                    request: HttpRequest | None = None) -> ClinicalReport:
    """The next version of ``report``'s series, superseding it. Only the current version
    can be amended; one read before another's amendment is refused (409)."""
    door.check(user, report, door.CHANGE)
    current = (ClinicalReport.objects.select_for_update().filter(series=report.series)
               .order_by("-version").values_list("version", flat=True).first())
    expected = report.version if expected_version is None else int(expected_version)
    if current != expected or current != report.version:
        raise StaleVersion(expected, int(current or 0))
    kept = {name: getattr(report, name) for name in REPORT_FIELDS}
    merged = {**kept, **_clean(values)}
    errors = report_errors(report.case, merged)
    if not reason.strip():
        errors["reason"] = gettext("Say why the report is amended.")
    if errors:
        raise InvalidInput(errors)
    try:
        with transaction.atomic():
            amended = ClinicalReport.objects.create(
                case=report.case, series=report.series, version=report.version + 1,
                supersedes=report, amendment_reason=reason.strip()[:300],
                created_by=_recorder(user), **merged)
    except IntegrityError:
        raise StaleVersion(expected, report.version + 1) from None
    changed = sorted(k for k in REPORT_FIELDS if merged[k] != kept[k])
    _audit(user, "update", amended, request,
           {"fields": changed, "supersedes": str(report.external_id)})
    return amended


@transaction.atomic
def do_attach_file(user: AnyUser, report: ClinicalReport, chunks: Iterable[bytes], *,
                   name: str, size: int | None = None,
                   request: HttpRequest | None = None) -> ReportAttachment:
    """Check, store and record a file of a report. Nothing is written when a check fails;
    the file is removed again when the row cannot be written."""
    door.check(user, report, door.CHANGE)
    if ClinicalReport.objects.filter(supersedes=report).exists():
        raise InvalidInput({"report": gettext(
            "This version of the report has been amended: attach the file to the current "
            "version.")})
    received = report_files.receive(chunks, size, name)
    attachment_id = uuid.uuid4()
    stored = report_files.stored_name(report.case.external_id, attachment_id)
    report_files.write(stored, received.content)
    try:
        with transaction.atomic():
            attachment = ReportAttachment.objects.create(
                report=report, external_id=attachment_id, stored_name=stored,
                original_name=received.original_name, content_type=received.content_type,
                size=len(received.content), sha256=received.sha256,
                created_by=_recorder(user))
            audit.record(user=user, action="create", object_type="report_attachment",
                         object_id=attachment.external_id,
                         patient_id=report.case.patient.external_id,
                         site_id=report.case.site_id, request=request,
                         detail={"report": str(report.external_id), "sha256": received.sha256,
                                 "size": attachment.size,
                                 "content_type": received.content_type})
    except BaseException:
        report_files.remove(stored)
        raise
    return attachment
