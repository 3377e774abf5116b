"""Every change to patients and cases goes through these functions: atomic and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as DjangoUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from tumorboard.accounts import audit, door
from tumorboard.accounts.models import Role
from tumorboard.core import derived
from tumorboard.network.models import Site
from tumorboard.pathways import CaseFacts, CaseInputError
from tumorboard.patients.models import STATUS_TRANSITIONS, Case, CaseStatusChange, Patient
from tumorboard.patients.pathway_models import DETAIL_ACCESSORS, DETAIL_MODELS
from tumorboard.patients.validation import (
    InvalidInput,
    StaleVersion,
    choice_label,
    core_message,
    derive_case_fields,
    hash_national_id,
    input_label,
    national_id_errors,
    patient_date_errors,
)

User = DjangoUser | AnonymousUser
PATIENT_FIELDS = ("mrn", "family_name", "given_name", "sex", "birth_date", "phone", "email",
                  "address", "preferred_language", "research_consent", "date_of_death")
CASE_FIELDS = ("pathway", "primary_site_code", "histology_code", "laterality", "diagnosis_date",
               "ecog", "asa", "clinical_frailty_scale", "clinical_t", "clinical_n",
               "clinical_m", "pathological_t", "pathological_n", "pathological_m", "grade",
               "lead_clinician", "referred_by", "notes")
DUPLICATE_MRN = "A patient with this MRN already exists at this site."


def _today() -> dt.date:
    return timezone.localdate()


def _full_clean(obj: Any, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        raise InvalidInput({k: " ".join(v) for k, v in error.message_dict.items()}) from None


def _apply(obj: Any, values: dict[str, Any], allowed: tuple[str, ...]) -> list[str]:
    changed = []
    for key, value in values.items():
        if key not in allowed:
            raise InvalidInput({key: gettext("This field is unknown or cannot be changed here.")})
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed.append(key)
    return changed


def _claim_version(model: Any, obj: Any, expected: int | None) -> None:
    """Lock the row and move it to the next version; refuse an edit of an older version."""
    current = model.objects.select_for_update().filter(pk=obj.pk).values_list(
        "version", flat=True).get()
    if expected is not None and int(expected) != current:
        raise StaleVersion(int(expected), current)
    obj.version = current + 1


def _save_patient(patient: Patient, national_id: str | None,
                  changed: list[str] | None = None) -> None:
    errors = patient_date_errors(patient.birth_date, patient.date_of_death, _today())
    errors.update(national_id_errors(national_id, patient.birth_date, _today()))
    if national_id is not None:
        patient.national_id_hash = hash_national_id(national_id) if national_id.strip() else ""
    if errors:
        raise InvalidInput(errors)
    _full_clean(patient, exclude=["site"])
    duplicate = Patient.objects.filter(site_id=patient.site_id, mrn=patient.mrn)
    if duplicate.exclude(pk=patient.pk).exists():
        raise InvalidInput({"mrn": DUPLICATE_MRN})
    # An update writes only what changed, so a concurrent edit of another field survives.
    fields = None if changed is None else sorted(
        {*changed, "version", "modified", "national_id_hash"} - {"national_id"})
    try:
        with transaction.atomic():
            patient.save(update_fields=fields)
    except IntegrityError:
        raise InvalidInput({"mrn": DUPLICATE_MRN}) from None


@transaction.atomic
def do_create_patient(user: User, site: Site, values: dict[str, Any], *,
                      national_id: str | None = None,
                      request: HttpRequest | None = None) -> Patient:
    door.check_new(user, site.pk, door.IDENTITY)
    patient = Patient(site=site)
    _apply(patient, values, PATIENT_FIELDS)
    _save_patient(patient, national_id)
    audit.record(user=user, action="create", object_type="patient", object_id=patient.external_id,
                 patient_id=patient.external_id, site_id=site.pk, request=request,
                 detail={"fields": sorted(values)})
    derived.patient_changed(patient, user)
    return patient


@transaction.atomic
def do_update_patient(user: User, patient: Patient, values: dict[str, Any], *,
                      national_id: str | None = None, expected_version: int | None = None,
                      request: HttpRequest | None = None) -> Patient:
    door.check(user, patient, door.CHANGE)
    _claim_version(Patient, patient, expected_version)
    changed = _apply(patient, values, PATIENT_FIELDS)
    if national_id is not None:
        changed.append("national_id")
    _save_patient(patient, national_id, changed)
    audit.record(user=user, action="update", object_type="patient", object_id=patient.external_id,
                 patient_id=patient.external_id, site_id=patient.site_id, request=request,
                 detail={"fields": sorted(changed)})
    derived.patient_changed(patient, user)
    return patient


def _derive_case(case: Case, fnclcc_grade: int | None,
                 biomarkers: dict[str, str] | None = None) -> None:
    patient = case.patient
    derive_case_fields(case, patient.birth_date, patient.date_of_death, fnclcc_grade, _today(),
                       biomarkers=biomarkers)


RECEPTORS = {"er": "er_status", "pr": "pr_status", "her2": "her2_status"}


def _biomarkers(case: Case, details: dict[str, Any] | None) -> dict[str, str] | None:
    """Breast receptors for the prognostic stage: the ones being saved, else the stored."""
    if case.pathway != "breast":
        return None
    stored = DETAIL_MODELS["breast"].objects.filter(case_id=case.pk).first() if case.pk else None
    given = details or {}
    return {key: str(given.get(field, getattr(stored, field, "")) or "")
            for key, field in RECEPTORS.items()}


def _save_details(case: Case, details: dict[str, Any] | None) -> list[str]:
    model = DETAIL_MODELS[case.pathway]
    try:
        instance = getattr(case, DETAIL_ACCESSORS[case.pathway])
    except model.DoesNotExist:  # type: ignore[attr-defined]
        instance = model(case=case)  # type: ignore[misc]
    allowed = {f.name for f in model._meta.fields} - {"id", "case", "external_id", "created",
                                                       "modified"}
    unknown = sorted(set(details or {}) - allowed)
    if unknown:
        raise InvalidInput({f"details.{unknown[0]}": gettext(
            "This detail does not belong to the %(pathway)s pathway.") % {
            "pathway": choice_label(Case, "pathway", case.pathway)}})
    changed = _apply(instance, details or {}, tuple(allowed))
    try:
        _full_clean(instance, exclude=["case"])
    except InvalidInput as error:
        raise InvalidInput({f"details.{k}": v for k, v in error.errors.items()}) from None
    if case.pathway == "bone_metastasis":
        _check_lesions(instance)
    if instance.pk is None:
        instance.save()
    elif changed:
        instance.save(update_fields=[*changed, "modified"])
    return changed


def _check_lesions(details: Any) -> None:
    """Levels and per-lesion assessments are checked by the screen's own input rules (one
    definition of a spinal level, a Bilsky grade, a SINS or Mirels item)."""
    levels = [{"level": level} for level in details.spinal_levels or []]
    try:
        CaseFacts.from_dict({"pathway": "bone_metastasis", "spinal_lesions": levels})
    except CaseInputError as error:
        raise InvalidInput({"details.spinal_levels": core_message(error)}) from None
    for name in ("spinal_lesions", "limb_lesions"):
        value = getattr(details, name)
        if not value:
            continue
        try:
            CaseFacts.from_dict({"pathway": "bone_metastasis", name: value})
        except CaseInputError as error:
            raise InvalidInput({f"details.{name}": gettext("%(item)s: %(problem)s") % {
                "item": input_label(str(error.field)), "problem": core_message(error)}}) from None


DERIVED_CASE_FIELDS = ("clinical_stage", "pathological_stage", "primary_site_label",
                       "histology_label", "version", "modified")


def _save_case(case: Case, details: dict[str, Any] | None,
               changed: list[str] | None = None) -> list[str]:
    """Save a new case whole, or an existing one's changed and derived columns only."""
    if case.pathway not in DETAIL_MODELS:
        raise InvalidInput({"pathway": gettext("Choose one of the listed pathways.")})
    fnclcc = (details or {}).get("fnclcc_grade")
    if fnclcc is None and case.pk and case.pathway == "sarcoma":
        fnclcc = getattr(getattr(case, "sarcoma", None), "fnclcc_grade", None)
    _derive_case(case, fnclcc, _biomarkers(case, details))
    _full_clean(case, exclude=["patient", "site", "lead_clinician"])
    case.save(update_fields=None if changed is None else [*changed, *DERIVED_CASE_FIELDS])
    return [f"details.{name}" for name in _save_details(case, details)]


def clinicians_of(site_id: int) -> Any:
    """The active clinicians of a site: who may lead its cases."""
    return DjangoUser.objects.filter(
        is_active=True, profile__role=Role.CLINICIAN,
        profile__memberships__site_id=site_id).select_related("profile").distinct()


def _check_lead(case: Case, user: User, creating: bool) -> None:
    """A new case is led by the clinician creating it unless another is chosen; a lead
    must be an active clinician of the case's site."""
    if creating and case.lead_clinician_id is None and door.role_of(user) == Role.CLINICIAN:
        case.lead_clinician = user  # type: ignore[assignment]
    if case.lead_clinician_id is not None and not clinicians_of(case.site_id).filter(
            pk=case.lead_clinician_id).exists():
        raise InvalidInput({"lead_clinician": gettext(
            "The lead clinician must be an active clinician of this case's site.")})


@transaction.atomic
def do_create_case(user: User, patient: Patient, values: dict[str, Any], *,
                   details: dict[str, Any] | None = None,
                   request: HttpRequest | None = None) -> Case:
    door.check_new(user, patient.site_id, door.CLINICAL)
    case = Case(patient=patient, site_id=patient.site_id)
    _apply(case, values, CASE_FIELDS)
    _check_lead(case, user, creating=True)
    _save_case(case, details)
    CaseStatusChange.objects.create(
        case=case, from_status="", to_status=case.status,
        changed_by=user if isinstance(user, DjangoUser) else None,
        note=gettext_noop("case created"),
    )
    audit.record(user=user, action="create", object_type="case", object_id=case.external_id,
                 patient_id=patient.external_id, site_id=case.site_id, request=request,
                 detail={"fields": sorted(values) + sorted(f"details.{k}" for k in details or {})})
    derived.case_changed(case, user)
    return case


@transaction.atomic
def do_update_case(user: User, case: Case, values: dict[str, Any], *,
                   details: dict[str, Any] | None = None, expected_version: int | None = None,
                   request: HttpRequest | None = None) -> Case:
    if "pathway" in values and values["pathway"] != case.pathway:
        raise InvalidInput({"pathway": gettext("The pathway of an existing case cannot change; "
                                            "open a new case instead.")})
    door.check(user, case, door.CHANGE)
    _claim_version(Case, case, expected_version)
    changed = _apply(case, values, CASE_FIELDS)
    if "lead_clinician" in changed:
        _check_lead(case, user, creating=False)
    changed += _save_case(case, details, changed)
    audit.record(user=user, action="update", object_type="case", object_id=case.external_id,
                 patient_id=case.patient.external_id, site_id=case.site_id, request=request,
                 detail={"fields": sorted(changed)})
    derived.case_changed(case, user)
    return case


@transaction.atomic
def do_change_case_status(user: User, case: Case, to_status: str, *, note: str = "",
                          request: HttpRequest | None = None) -> CaseStatusChange:
    door.check(user, case, door.CHANGE)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if to_status not in STATUS_TRANSITIONS.get(locked.status, frozenset()):
        raise InvalidInput({"status": gettext("A case cannot move from %(old)s to %(new)s.") % {
            "old": choice_label(Case, "status", locked.status),
            "new": choice_label(Case, "status", to_status)}})
    change = CaseStatusChange.objects.create(
        case=locked, from_status=locked.status, to_status=to_status,
        changed_by=user if isinstance(user, DjangoUser) else None, note=note[:300],
    )
    locked.status = to_status
    locked.save(update_fields=["status", "modified"])
    case.status = to_status
    audit.record(user=user, action="update", object_type="case", object_id=case.external_id,
                 patient_id=case.patient.external_id, site_id=case.site_id, request=request,
                 detail={"status": [change.from_status, to_status]})
    derived.case_changed(case, user)
    return change
