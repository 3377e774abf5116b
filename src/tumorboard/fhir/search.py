"""Search parameters of the REST API, applied to the user's site-scoped records."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from tumorboard.accounts import access
from tumorboard.accounts.access import AnyUser
from tumorboard.fhir import careplan, codes, condition, export, observation, procedure
from tumorboard.fhir import patient as patient_map
from tumorboard.fhir.problems import refuse
from tumorboard.patients import queries
from tumorboard.patients.models import Case, Patient

COMMON = {"_count", "_offset", "_format"}
PARAMETERS = {
    "Patient": {"identifier", "family", "birthdate", "_id"},
    "Condition": {"patient", "subject", "code", "_id"},
    "Observation": {"patient", "subject", "code", "date", "_id"},
    "Procedure": {"patient", "subject", "date", "_id"},
    "CarePlan": {"patient", "subject", "_id"},
}
PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le")
DATE_RE = re.compile(r"^(eq|ne|gt|lt|ge|le)?(\d{4}(?:-\d{2}(?:-\d{2})?)?)$")


def check_parameters(resource_type: str, params: dict[str, str]) -> None:
    unknown = sorted(set(params) - PARAMETERS[resource_type] - COMMON)
    if unknown:
        raise refuse(unknown[0], f"search parameter {unknown[0]!r} is not supported for "
                     f"{resource_type}; supported: {', '.join(sorted(PARAMETERS[resource_type]))}",
                     code="not-supported")


def _date_test(raw: str, name: str) -> Callable[[str], bool]:
    match = DATE_RE.match(raw)
    if not match:
        raise refuse(name, f"{raw!r} is not a date search value ([prefix]YYYY[-MM[-DD]])",
                     code="value")
    prefix, value = match.group(1) or "eq", match.group(2)

    def test(candidate: str) -> bool:
        part = candidate[: len(value)]
        return {"eq": part == value, "ne": part != value, "gt": part > value,
                "lt": part < value, "ge": part >= value, "le": part <= value}[prefix]

    return test


def _birthdate_filter(patients: QuerySet[Patient], raw: str) -> QuerySet[Patient]:
    match = DATE_RE.match(raw)
    if not match or len(match.group(2)) != 10:
        raise refuse("birthdate", f"{raw!r}: use [prefix]YYYY-MM-DD", code="value")
    prefix, day = match.group(1) or "eq", dt.date.fromisoformat(match.group(2))
    lookups = {"eq": "birth_date", "gt": "birth_date__gt", "lt": "birth_date__lt",
               "ge": "birth_date__gte", "le": "birth_date__lte"}
    if prefix == "ne":
        return patients.exclude(birth_date=day)
    return patients.filter(**{lookups[prefix]: day})


def patients(user: AnyUser, params: dict[str, str]) -> QuerySet[Patient]:
    found = queries.patients_for(user).order_by("family_name", "given_name", "id")
    if "_id" in params:
        found = found.filter(external_id=_uuid(params["_id"], "_id"))
    if "family" in params:
        found = found.filter(family_name__istartswith=params["family"])
    if "birthdate" in params:
        found = _birthdate_filter(found, params["birthdate"])
    if "identifier" in params:
        system, _, value = params["identifier"].rpartition("|")
        found = found.filter(mrn=value)
        if system:
            match = codes.MRN_SYSTEM_RE.match(system)
            found = found.filter(site__code=match.group(1)) if match else found.none()
    return found


def _uuid(raw: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw.rsplit("/", 1)[-1])
    except ValueError:
        raise refuse(name, f"{raw!r} is not a tumorboard id", code="value") from None


def _patient_filter(user: AnyUser, params: dict[str, str]) -> Patient | None:
    raw = params.get("patient") or params.get("subject")
    if raw is None:
        return None
    found = Patient.objects.filter(external_id=_uuid(raw, "patient")).first()
    if found is not None and found.site_id not in access.site_ids(user):
        raise PermissionDenied("This patient belongs to a site you are not a member of.")
    return found


def _cases(user: AnyUser, params: dict[str, str]) -> tuple[QuerySet[Case], bool]:
    cases = export.cases_with_details(queries.cases_for(user)).order_by("id")
    if params.get("patient") or params.get("subject"):
        found = _patient_filter(user, params)
        cases = cases.filter(patient=found) if found else cases.none()
    return cases, True


def _code_test(raw: str) -> Callable[[dict[str, Any]], bool]:
    options = [value.rpartition("|") for value in raw.split(",")]

    def test(resource: dict[str, Any]) -> bool:
        codings = list(resource.get("code", {}).get("coding", []))
        for site in resource.get("bodySite", []):
            codings += site.get("coding", [])
        return any(c.get("code") == code and (not system or c.get("system") == system)
                   for system, _, code in options for c in codings)

    return test


def conditions(user: AnyUser, params: dict[str, str]) -> list[dict[str, Any]]:
    cases, _ = _cases(user, params)
    if "_id" in params:
        cases = cases.filter(external_id=_uuid(params["_id"], "_id"))
    found = [condition.to_fhir(case) for case in cases]
    if "code" in params:
        found = [r for r in found if _code_test(params["code"])(r)]
    return found


def observations(user: AnyUser, params: dict[str, str]) -> list[dict[str, Any]]:
    cases, _ = _cases(user, params)
    if "_id" in params:
        case_id, _kind = observation.split_id(params["_id"])
        cases = cases.filter(external_id=_uuid(case_id, "_id"))
    found = [r for case in cases for r in observation.to_fhir(case)]
    if "_id" in params:
        found = [r for r in found if r["id"] == params["_id"]]
    if "code" in params:
        found = [r for r in found if _code_test(params["code"])(r)]
    if "date" in params:
        test = _date_test(params["date"], "date")
        found = [r for r in found if test(r["effectiveDateTime"])]
    return found


def _case_ids(user: AnyUser, params: dict[str, str]) -> list[int]:
    cases, _ = _cases(user, params)
    return list(cases.order_by("id").values_list("pk", flat=True))


def _only_id(found: list[dict[str, Any]], params: dict[str, str]) -> list[dict[str, Any]]:
    if "_id" not in params:
        return found
    wanted = str(_uuid(params["_id"], "_id"))
    return [r for r in found if r["id"] == wanted]


def procedures(user: AnyUser, params: dict[str, str]) -> list[dict[str, Any]]:
    """Operations of the user's visible cases, in case then date order."""
    test = _date_test(params["date"], "date") if "date" in params else None
    found = [procedure.to_fhir(op) for op in export.operations_of(_case_ids(user, params))]
    if test is not None:
        found = [r for r in found if test(r["performedDateTime"])]
    return _only_id(found, params)


def careplans(user: AnyUser, params: dict[str, str]) -> list[dict[str, Any]]:
    """Signed recommendations of the user's visible cases (every version; old ones revoked)."""
    signed = export.signed_recommendations_of(_case_ids(user, params))
    return _only_id(careplan.resources(signed), params)


def patient_resources(rows: list[Patient]) -> list[dict[str, Any]]:
    return [patient_map.to_fhir(p) for p in rows]
