"""Every write to the registry: validated (errors name the field), atomic and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User as DjangoUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.core import derived
from tumorboard.outcomes import follow_up, summary, validation
from tumorboard.outcomes import vocabulary as v
from tumorboard.outcomes.models import Complication, FollowUpEvent, FunctionScore, Operation
from tumorboard.pathways import ScoreInputError, compute
from tumorboard.patients import services as patient_services
from tumorboard.patients.models import Case, Patient
from tumorboard.patients.validation import InvalidInput, core_message

OPERATION_FIELDS = ("date", "surgeon", "procedure", "intent", "margin", "reconstruction",
                    "reconstruction_type", "flap", "sphincter_preserved",
                    "anastomosis_height_cm", "diverting_stoma", "stoma_closure_date",
                    "permanent_stoma_18m", "limb_outcome", "limb_reconstruction",
                    *validation.TECHNIQUE_LENGTHS, "notes")
MAX_TIME_POINT_MONTHS = 240


def _today() -> dt.date:
    return timezone.localdate()


def _real(user: AnyUser) -> DjangoUser | None:
    return user if isinstance(user, DjangoUser) else None


def _unknown(values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for key in values:
        if key not in allowed:
            raise InvalidInput({key: gettext("This field is unknown or cannot be set here.")})


def _full_clean(obj: Any, exclude: list[str]) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise InvalidInput({k: " ".join(m) for k, m in error.message_dict.items()}) from None


def _lock_patient(case: Case) -> Patient:
    """Serialise writes per patient, so two clerks cannot record a death and a recurrence
    at the same moment without one of them seeing the other."""
    return Patient.objects.select_for_update().get(pk=case.patient_id)


def death_date(patient: Patient) -> dt.date | None:
    if patient.date_of_death:
        return patient.date_of_death
    death = FollowUpEvent.objects.filter(case__patient=patient, type="death").first()
    return death.date if death else None


def _audit(user: AnyUser, action: str, kind: str, obj: Any, case: Case,
           request: HttpRequest | None, detail: dict[str, Any]) -> None:
    audit.record(user=user, action=action, object_type=kind, object_id=obj.external_id,
                 patient_id=case.patient.external_id, site_id=case.site_id, request=request,
                 detail=detail)


@transaction.atomic
def do_record_operation(user: AnyUser, case: Case, values: dict[str, Any], *,
                        request: HttpRequest | None = None) -> Operation:
    door.check(user, case, door.CHANGE, door.OUTCOMES)
    _unknown(values, OPERATION_FIELDS)
    patient = _lock_patient(case)
    values = validation.derived_operation_values(case.pathway, {
        k: val.strip() if k in validation.TECHNIQUE_LENGTHS and isinstance(val, str) else val
        for k, val in values.items()})
    errors = validation.date_errors("date", values.get("date"), not_before=case.diagnosis_date,
                                    not_before_what="diagnosis", death=death_date(patient),
                                    today=_today())
    errors.update(validation.operation_errors(case.pathway, values))
    surgeon = values.get("surgeon")
    if surgeon is not None and case.site_id not in door.site_ids(surgeon):
        errors["surgeon"] = gettext("The surgeon is not a member of this case's site.")
    closure = values.get("stoma_closure_date")
    if closure and isinstance(values.get("date"), dt.date) and "stoma_closure_date" not in errors:
        errors.update(validation.date_errors(
            "stoma_closure_date", closure, not_before=values["date"],
            not_before_what="operation", death=death_date(patient), today=_today()))
    if errors:
        raise InvalidInput(errors)
    operation = Operation(case=case, recorded_by=_real(user))
    for key, value in values.items():
        setattr(operation, key, value)
    _full_clean(operation, exclude=["case", "surgeon", "recorded_by"])
    operation.save()
    summary.refresh_cases([case.pk])
    derived.event_recorded("operation", case, operation.date, user)  # closes board actions
    _audit(user, "create", "operation", operation, case, request,
           {"fields": sorted(k for k, val in values.items() if val not in (None, ""))})
    return operation


def operation_cci(operation: Operation) -> float:
    grades = list(operation.complications.values_list("grade", flat=True))
    total = compute("cci", {"complications": grades})["total"]
    return float(total or 0.0)


@transaction.atomic
def do_record_complication(user: AnyUser, operation: Operation, values: dict[str, Any], *,
                           request: HttpRequest | None = None) -> Complication:
    door.check(user, operation, door.CHANGE, door.OUTCOMES)
    _unknown(values, ("type", "grade", "date", "description"))
    case = operation.case
    patient = _lock_patient(case)
    errors = validation.complication_errors(operation.procedure, values.get("type"),
                                            values.get("grade"))
    errors.update(validation.date_errors(
        "date", values.get("date"), not_before=operation.date, not_before_what="operation",
        death=death_date(patient), today=_today()))
    if errors:
        raise InvalidInput(errors)
    complication = Complication(operation=operation, recorded_by=_real(user), **values)
    _full_clean(complication, exclude=["operation", "recorded_by"])
    complication.save()
    operation.cci = operation_cci(operation)
    operation.save(update_fields=["cci", "modified"])
    summary.refresh_cases([case.pk])
    _audit(user, "create", "complication", complication, case, request,
           {"operation": str(operation.external_id), "grade": complication.grade,
            "cci": operation.cci})
    return complication


@transaction.atomic
def do_record_follow_up(user: AnyUser, case: Case, values: dict[str, Any], *,
                        request: HttpRequest | None = None) -> FollowUpEvent:
    door.check(user, case, door.CHANGE, door.OUTCOMES)
    _unknown(values, ("type", "date", "cause_of_death", "notes"))
    patient = _lock_patient(case)
    kind, date = values.get("type"), values.get("date")
    state = follow_up.load_states([patient.pk])[patient.pk]
    errors = follow_up.errors(case, values, state, _today())
    if errors:
        raise InvalidInput(errors)
    event = FollowUpEvent(case=case, recorded_by=_real(user), **values)
    _full_clean(event, exclude=["case", "recorded_by"])
    event.save()
    if kind == "death" and patient.date_of_death is None:
        # Keeps Patient.date_of_death the single answer to "is this patient alive?".
        patient_services.do_update_patient(user, patient, {"date_of_death": date},
                                           request=request)
    summary.refresh_cases(patient.cases.values_list("id", flat=True))
    _audit(user, "create", "follow_up_event", event, case, request,
           {"type": kind, "date": str(date)})
    return event


def _score_errors(case: Case, operation: Operation | None, values: dict[str, Any],
                  patient: Patient) -> dict[str, str]:
    errors: dict[str, str] = {}
    instrument = values.get("instrument")
    allowed = v.PATHWAY_INSTRUMENTS.get(case.pathway, ())
    if instrument not in allowed:
        errors["instrument"] = gettext(
            "Choose a questionnaire used on this case's pathway.")
    if operation is None or operation.case_id != case.pk:
        errors["operation"] = gettext("Choose an operation of this case.")
    months = values.get("time_point_months")
    if not isinstance(months, int) or isinstance(months, bool) or not (
            0 < months <= MAX_TIME_POINT_MONTHS):
        errors["time_point_months"] = gettext("Give whole months from 1 to %(most)s.") % {
            "most": MAX_TIME_POINT_MONTHS}
    elif operation is not None and FunctionScore.objects.filter(
            operation=operation, instrument=instrument, time_point_months=months).exists():
        errors["time_point_months"] = gettext(
            "This questionnaire is already recorded at this time point.")
    errors.update(validation.date_errors(
        "assessed_on", values.get("assessed_on"),
        not_before=operation.date if operation else case.diagnosis_date,
        not_before_what="operation" if operation else "diagnosis",
        death=death_date(patient), today=_today()))
    return errors


@transaction.atomic
def do_record_function_score(user: AnyUser, case: Case, values: dict[str, Any], *,
                             request: HttpRequest | None = None) -> FunctionScore:
    door.check(user, case, door.CHANGE, door.OUTCOMES)
    _unknown(values, ("operation", "instrument", "time_point_months", "assessed_on", "inputs"))
    patient = _lock_patient(case)
    operation = values.get("operation")
    errors = _score_errors(case, operation if isinstance(operation, Operation) else None,
                           values, patient)
    inputs = values.get("inputs")
    result: dict[str, Any] = {}
    if not isinstance(inputs, dict):
        errors["inputs"] = gettext("Give the questionnaire answers.")
    elif "instrument" not in errors:
        try:
            result = dict(compute(str(values["instrument"]), inputs))
        except ScoreInputError as error:
            errors[f"inputs.{error.field}" if error.field else "inputs"] = core_message(error)
    if errors:
        raise InvalidInput(errors)
    score = FunctionScore(case=case, recorded_by=_real(user), total=result["total"],
                          category=str(result["category"]), **values)
    score.save()
    summary.refresh_cases([case.pk])
    _audit(user, "create", "function_score", score, case, request,
           {"instrument": score.instrument, "time_point_months": score.time_point_months,
            "total": score.total})
    return score
