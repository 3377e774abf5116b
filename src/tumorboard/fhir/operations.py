"""Procedures in: a Procedure for one of the five pathways becomes an operation of the
outcomes registry (recorded through outcomes.services), matched by the sender's key
(fhir.ProcedureMatch) or by our own Procedure id so that a second import updates it.
Case status in: tumorboard's case-status extension moves the case along the allowed
transitions (patients.services.do_change_case_status, one step at a time)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import deque
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_noop

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.fhir import codes
from tumorboard.fhir.models import ProcedureMatch
from tumorboard.fhir.problems import Problems
from tumorboard.fhir.procedure import OUTCOME_EXTENSIONS
from tumorboard.outcomes import services as outcomes
from tumorboard.outcomes import summary, validation
from tumorboard.outcomes import vocabulary as registry
from tumorboard.outcomes.models import Operation
from tumorboard.patients import services as patients
from tumorboard.patients.models import STATUS_TRANSITIONS, Case
from tumorboard.patients.validation import InvalidInput

DATA = Path(__file__).parent / "data" / "procedure_codes.json"
INTENT_BY_SNOMED = {snomed: intent for intent, (snomed, _) in
                    codes.PROCEDURE_INTENT_SNOMED.items()}
NO_CODE = "a Procedure the outcomes registry has no code for"


@cache
def _snomed() -> dict[str, dict[str, Any]]:
    rows = json.loads(DATA.read_text(encoding="utf-8"))["snomed"]
    return {row["code"]: row for row in rows}


def _implied(resource: dict[str, Any], pathway: str) -> dict[str, Any]:
    """Registry values the Procedure's SNOMED concept implies (a breast prosthesis inserted
    on its own: a delayed implant reconstruction), for the extensions to override."""
    for coding in (resource.get("code") or {}).get("coding", []):
        row = _snomed().get(str(coding.get("code", "")))
        if coding.get("system") == codes.SNOMED and row and pathway in row["procedures"]:
            return dict(row.get("values", {}))
    return {}


def registry_code(resource: dict[str, Any], pathway: str) -> str:
    """The registry procedure code for a Procedure on a case of `pathway`, or ''."""
    ours = {codes.procedure_code(code): code for code in registry.PROCEDURES.get(pathway, {})}
    for coding in (resource.get("code") or {}).get("coding", []):
        system, code = coding.get("system"), str(coding.get("code", ""))
        if system == codes.TB_CODESYSTEM and code in ours:
            return ours[code]
        procedures = _snomed().get(code, {}).get("procedures", {})
        if system == codes.SNOMED and pathway in procedures:
            return str(procedures[pathway])
    return ""


def procedure_key(entry: dict[str, Any]) -> str:
    resource = entry["resource"]
    for identifier in resource.get("identifier", []):
        if identifier.get("value"):
            return f"{identifier.get('system', '')}|{identifier['value']}"[:300]
    return str(resource.get("id") or entry.get("fullUrl") or "")[:300]


def _date(resource: dict[str, Any]) -> dt.date | None:
    raw = resource.get("performedDateTime") or (resource.get("performedPeriod") or {}).get(
        "start")
    try:
        return dt.date.fromisoformat(str(raw)[:10]) if raw else None
    except ValueError:
        return None


def _intent(resource: dict[str, Any]) -> str:
    for extension in resource.get("extension", []):
        if extension.get("url") == codes.EXT_PROCEDURE_INTENT:
            for coding in extension.get("valueCodeableConcept", {}).get("coding", []):
                if coding.get("code") in INTENT_BY_SNOMED:
                    return INTENT_BY_SNOMED[coding["code"]]
    return ""


def operation_values(resource: dict[str, Any], pathway: str, where: str,
                     problems: Problems) -> dict[str, Any] | None:
    """Registry values of a Procedure, or None (noted) when it is not one the registry
    keeps."""
    procedure = registry_code(resource, pathway)
    if not procedure:
        problems.not_stored(where, NO_CODE, f" on a {pathway} case")
        return None
    performed = _date(resource)
    if performed is None:
        problems.error(f"{where}.performedDateTime", "the registry needs the date of the "
                       "operation", code="required")
        return None
    intent = _intent(resource)
    if not intent:
        intent = "curative"
        problems.note(f"{where}.extension", "no procedure intent given; recorded as curative")
    values: dict[str, Any] = {**_implied(resource, pathway), "procedure": procedure,
                              "date": performed, "intent": intent}
    by_url = {e.get("url"): e for e in resource.get("extension", [])}
    for field, url, value_type in OUTCOME_EXTENSIONS:
        if url in by_url:
            values[field] = by_url[url].get(value_type)
    notes = "\n".join(str(n.get("text", "")) for n in resource.get("note", []) if n.get("text"))
    if notes:
        values["notes"] = notes
    return values


def _existing(case: Case, key: str, resource_id: str) -> Operation | None:
    match = ProcedureMatch.objects.filter(case=case, key=key).select_related(
        "operation").first()
    if match is not None:
        return match.operation
    try:
        own = uuid.UUID(resource_id)
    except ValueError:
        return None
    return Operation.objects.filter(case=case, external_id=own).first()


def _update(user: AnyUser, operation: Operation, values: dict[str, Any],
            request: HttpRequest | None) -> Operation:
    """A re-imported Procedure: the registry's own rules, the summary refresh and the
    audit, as outcomes.services records an operation (it has no update service yet)."""
    case = operation.case
    door.check(user, operation, door.CHANGE, door.OUTCOMES)
    values = validation.derived_operation_values(case.pathway, values)
    errors = validation.operation_errors(case.pathway, values)
    if errors:
        raise InvalidInput(errors)
    changed = sorted(k for k, v in values.items() if getattr(operation, k) != v)
    if changed:
        for key in changed:
            setattr(operation, key, values[key])
        operation.save()
        summary.refresh_cases([case.pk])
        audit.record(user=user, action="update", object_type="operation",
                     object_id=operation.external_id, patient_id=case.patient.external_id,
                     site_id=case.site_id, request=request, detail={"fields": changed})
    return operation


def save_operation(user: AnyUser, case: Case, key: str, resource_id: str,
                   values: dict[str, Any], request: HttpRequest | None) -> tuple[str, Operation]:
    """('201 Created' | '200 OK', the operation)."""
    with transaction.atomic():
        existing = _existing(case, key, resource_id)
        if existing is not None:
            return "200 OK", _update(user, existing, values, request)
        operation = outcomes.do_record_operation(user, case, values, request=request)
        ProcedureMatch.objects.create(operation=operation, case=case, key=key)
        return "201 Created", operation


def status_path(current: str, target: str) -> list[str]:
    """The shortest chain of allowed status moves from `current` to `target` ([] when
    already there or unreachable)."""
    seen, queue = {current: [current]}, deque([current])
    while queue:
        status = queue.popleft()
        for nxt in sorted(STATUS_TRANSITIONS.get(status, frozenset())):
            if nxt not in seen:
                seen[nxt] = seen[status] + [nxt]
                queue.append(nxt)
    return seen.get(target, [current])[1:] if target != current else []


def move_status(user: AnyUser, case: Case, target: str,
                request: HttpRequest | None) -> list[str]:
    steps = status_path(case.status, target)
    for step in steps:
        patients.do_change_case_status(user, case, step, note=gettext_noop("FHIR import"),  # type: ignore[arg-type]
                                       request=request)
    return steps
