"""New patients of a bundle, checked in memory and written with a few bulk inserts.

The patients services save one row at a time (each with its own duplicate check, audit row
and outcome-summary refresh); for a bundle of new patients that is most of an import's
time. Here every new patient and case is first checked in memory by the same rules as
`patients.services` (same order, same messages, same stage derivation), and only when the
whole bundle is clean are patients, cases, detail rows, status changes and audit rows
inserted with one `bulk_create` per table. Updates of existing records still go through the
services (importer.py); tests/fhir/test_bulk_import.py checks both paths agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_noop

from tumorboard.accounts import audit
from tumorboard.accounts.models import AuditEvent
from tumorboard.network.models import Site
from tumorboard.patients.models import Case, CaseStatusChange, Patient
from tumorboard.patients.pathway_models import DETAIL_MODELS
from tumorboard.patients.services import CASE_FIELDS, PATIENT_FIELDS
from tumorboard.patients.validation import (
    InvalidInput,
    choice_label,
    derive_case_fields,
    patient_date_errors,
)

BOOKKEEPING = frozenset({"id", "case", "external_id", "created", "modified"})


@dataclass
class NewCase:
    case: Case
    detail: models.Model
    audit_fields: list[str]


@dataclass
class NewPatient:
    patient: Patient
    audit_fields: list[str]
    cases: list[NewCase] = field(default_factory=list)


def _apply(obj: models.Model, values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for key, value in values.items():
        if key not in allowed:
            raise InvalidInput({key: gettext("This field is unknown or cannot be changed here.")})
        setattr(obj, key, value)


def _clean(obj: models.Model, exclude: list[str], prefix: str = "") -> None:
    """Model field rules as in services._full_clean, without the database round trip of
    the unique check: external ids are fresh UUIDs and MRNs were matched per bundle."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise InvalidInput({f"{prefix}{k}": " ".join(v)
                            for k, v in error.message_dict.items()}) from None


def new_patient(site: Site, mrn: str, values: dict[str, Any], today: dt.date) -> NewPatient:
    """services.do_create_patient without saving; raises InvalidInput like it."""
    given = {"mrn": mrn, **values}
    patient = Patient(site=site)
    _apply(patient, given, PATIENT_FIELDS)
    errors = patient_date_errors(patient.birth_date, patient.date_of_death, today)
    if errors:
        raise InvalidInput(errors)
    _clean(patient, exclude=["site"])
    return NewPatient(patient, sorted(given))


def _derive(case: Case, patient: Patient, details: dict[str, Any], today: dt.date) -> None:
    receptors = {key: str(details.get(f"{key}_status") or "") for key in ("er", "pr", "her2")}
    derive_case_fields(case, patient.birth_date, patient.date_of_death,
                       details.get("fnclcc_grade"), today,
                       biomarkers=receptors if case.pathway == "breast" else None)


def _detail(case: Case, details: dict[str, Any]) -> models.Model:
    """services._save_details for a new case, without saving."""
    model = DETAIL_MODELS[case.pathway]
    allowed = {f.name for f in model._meta.fields} - BOOKKEEPING
    unknown = sorted(set(details) - allowed)
    if unknown:
        raise InvalidInput({f"details.{unknown[0]}": gettext(
            "This detail does not belong to the %(pathway)s pathway.") % {
            "pathway": choice_label(Case, "pathway", case.pathway)}})
    instance: models.Model = model(case=case)
    _apply(instance, details, tuple(allowed))
    _clean(instance, exclude=["case"], prefix="details.")
    return instance


def new_case(patient: Patient, values: dict[str, Any], details: dict[str, Any],
             today: dt.date) -> NewCase:
    """services.do_create_case without saving; raises InvalidInput like it."""
    case = Case(patient=patient, site_id=patient.site_id)
    _apply(case, values, CASE_FIELDS)
    if case.pathway not in DETAIL_MODELS:
        raise InvalidInput({"pathway": gettext("Choose one of the listed pathways.")})
    _derive(case, patient, details, today)
    _clean(case, exclude=["patient", "site", "lead_clinician"])
    detail = _detail(case, details)
    return NewCase(case, detail, sorted(values) + sorted(f"details.{k}" for k in details))


def _audit_row(user: User | AnonymousUser, request: HttpRequest | None, object_type: str,
               object_id: object, patient: Patient, detail: dict[str, Any]) -> AuditEvent:
    """The row audit.record would write for a create (same fields, not yet saved)."""
    real_user = user if isinstance(user, User) else None
    name = real_user.get_username() if real_user is not None else ""
    if not name and request is None:
        name = audit.system_actor()  # as audit.record names a command-line action
    return AuditEvent(
        user=real_user, username=name,
        action="create", object_type=object_type, object_id=str(object_id),
        patient_id=str(patient.external_id), site_id=patient.site_id,
        ip_address=audit.client_ip(request),
        channel=audit._channel_of(request),  # the one definition of the channel names
        path=request.get_full_path()[:300] if request is not None else "",
        detail=detail,
    )


def write(patients: list[NewPatient], user: User | AnonymousUser,
          request: HttpRequest | None) -> list[int]:
    """Insert everything (caller holds the transaction); returns the new case ids, whose
    outcome summaries the caller refreshes (bulk_create sends no post_save signals)."""
    Patient.objects.bulk_create([p.patient for p in patients])
    cases = [c for p in patients for c in p.cases]
    Case.objects.bulk_create([c.case for c in cases])
    by_model: dict[type[models.Model], list[models.Model]] = {}
    for made in cases:  # their case_id is filled from the saved case by bulk_create
        by_model.setdefault(type(made.detail), []).append(made.detail)
    for model, details in by_model.items():
        model._default_manager.bulk_create(details)
    changed_by = user if isinstance(user, User) else None
    CaseStatusChange.objects.bulk_create([
        CaseStatusChange(case=c.case, from_status="", to_status=c.case.status,
                         changed_by=changed_by, note=gettext_noop("case created")) for c in cases])
    events: list[AuditEvent] = []
    for new in patients:  # in the order the services would have written them
        patient = new.patient
        events.append(_audit_row(user, request, "patient", patient.external_id, patient,
                                 {"fields": new.audit_fields}))
        events.extend(_audit_row(user, request, "case", c.case.external_id, patient,
                                 {"fields": c.audit_fields}) for c in new.cases)
    AuditEvent.objects.bulk_create(events)
    return [c.case.pk for c in cases]
