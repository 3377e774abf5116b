"""FHIR Bulk Data Access (IG v2) `$export`: kick-off records a job and enqueues it on
Django's task framework (django-tasks, database backend); the worker writes one NDJSON file
per resource type; the requester polls the job and downloads the files.

Scope: the patients of the requester's sites (system level `[base]/$export` and
`[base]/Patient/$export` alike: tumorboard holds no other data). Every exported patient is
audited (`export`, channel fhir)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.fhir import export
from tumorboard.fhir.models import ExportJob, ExportStatus
from tumorboard.fhir.problems import refuse
from tumorboard.patients.models import Patient

OUTPUT_FORMATS = ("application/fhir+ndjson", "application/ndjson", "ndjson")
UNSUPPORTED = ("_since", "_typeFilter", "_elements", "patient", "includeAssociatedData")


def export_dir(job: ExportJob) -> Path:
    return Path(settings.MEDIA_ROOT) / "fhir-export" / str(job.external_id)


def _types(raw: str) -> list[str]:
    types = [t.strip() for t in raw.split(",") if t.strip()] if raw else list(
        export.RESOURCE_TYPES)
    unknown = [t for t in types if t not in export.RESOURCE_TYPES]
    if unknown:
        raise refuse("_type", f"{unknown[0]} is not a type tumorboard exports; it exports "
                     f"{', '.join(export.RESOURCE_TYPES)}", code="not-supported")
    return types


def check_kickoff(params: dict[str, str], prefer: str) -> list[str]:
    """The resource types to export, or FhirInputError (400) naming what is wrong."""
    if "respond-async" not in prefer:
        raise refuse("Prefer", "Bulk Data kick-off needs the header Prefer: respond-async",
                     code="required")
    fmt = params.get("_outputFormat", "application/fhir+ndjson")
    if fmt not in OUTPUT_FORMATS:
        raise refuse("_outputFormat", f"{fmt!r}: only application/fhir+ndjson",
                     code="not-supported")
    for name in UNSUPPORTED:
        if name in params:
            raise refuse(name, f"{name} is not supported by this server", code="not-supported")
    extra = sorted(set(params) - {"_outputFormat", "_type", *UNSUPPORTED})
    if extra:
        raise refuse(extra[0], f"{extra[0]} is not a Bulk Data kick-off parameter",
                     code="not-supported")
    return _types(params.get("_type", ""))


@transaction.atomic
def do_start_export(user: User, types: list[str], request_url: str) -> ExportJob:
    door.require(user, door.CLINICAL)  # the whole record of every patient of the sites
    job = ExportJob.objects.create(requested_by=user, site_ids=sorted(door.site_ids(user)),
                                   types=types, request_url=request_url[:2000])
    transaction.on_commit(lambda: run_export.enqueue(str(job.external_id)))
    return job


def job_for(user: AnyUser, job_id: str) -> ExportJob | None:
    """The user's own job (another user's, even of the same site, is not found)."""
    try:
        return ExportJob.objects.filter(external_id=job_id, requested_by_id=user.pk).first()
    except (ValueError, TypeError):
        return None


@transaction.atomic
def do_cancel_export(user: AnyUser, job: ExportJob) -> None:
    """DELETE on the status URL: the job is cancelled (a running worker stops at its next
    patient) and its files are removed."""
    locked = ExportJob.objects.select_for_update().get(pk=job.pk)
    locked.status = ExportStatus.CANCELLED
    locked.save(update_fields=["status", "modified"])
    transaction.on_commit(lambda: shutil.rmtree(export_dir(locked), ignore_errors=True))


class Cancelled(Exception):
    pass


@task()
def run_export(job_id: str) -> None:
    """The worker's side: write DIR/<Type>.ndjson for the job's sites, recording progress."""
    job = ExportJob.objects.get(external_id=job_id)
    if job.status != ExportStatus.ACCEPTED:
        return
    patients = Patient.objects.filter(site_id__in=job.site_ids)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING,
                                               transaction_time=timezone.now(),
                                               patients_total=patients.count())
    try:
        counts = export.write_ndjson(patients, export_dir(job),
                                     on_patient=lambda p: _exported(job, p))
    except Cancelled:
        shutil.rmtree(export_dir(job), ignore_errors=True)
        return
    except Exception as error:
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED,
                                                   error=str(error)[:2000])
        raise
    for kind in set(counts) - set(job.types):
        (export_dir(job) / f"{kind}.ndjson").unlink(missing_ok=True)
    output = [{"type": kind, "count": counts[kind]} for kind in job.types]
    ExportJob.objects.filter(pk=job.pk, status=ExportStatus.RUNNING).update(
        status=ExportStatus.DONE, output=output)


def _exported(job: ExportJob, patient: Patient) -> None:
    if ExportJob.objects.filter(pk=job.pk, status=ExportStatus.CANCELLED).exists():
        raise Cancelled
    audit.record(user=job.requested_by, action="export", object_type="patient",
                 object_id=patient.external_id, patient_id=patient.external_id,
                 site_id=patient.site_id, channel="fhir", detail={"job": str(job.external_id)})
    ExportJob.objects.filter(pk=job.pk).update(patients_done=job.patients_done + 1)
    job.patients_done += 1


def manifest(job: ExportJob, base: str) -> dict[str, Any]:
    """The completion manifest of the Bulk Data IG."""
    files = f"{base}$export-file/{job.external_id}/"
    return {"transactionTime": job.transaction_time.isoformat() if job.transaction_time
            else "", "request": job.request_url, "requiresAccessToken": True,
            "output": [{"type": o["type"], "url": f"{files}{o['type']}.ndjson",
                        "count": o["count"]} for o in job.output],
            "error": []}


def progress(job: ExportJob) -> str:
    if job.status == ExportStatus.ACCEPTED:
        return "queued"
    return f"{job.patients_done} of {job.patients_total} patients"


def file_path(job: ExportJob, name: str) -> Path | None:
    kinds = {f"{o['type']}.ndjson" for o in job.output}
    if job.status != ExportStatus.DONE or name not in kinds:
        return None
    return export_dir(job) / name
