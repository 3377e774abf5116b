"""Search parameters of the REST API, applied to the user's site-scoped records."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from tumorboard.accounts import access
from tumorboard.accounts.access import AnyUser
from tumorboard.fhir import codes, dates, export
from tumorboard.fhir import patient as patient_map
from tumorboard.fhir.models import SentIdentifier
from tumorboard.fhir.problems import refuse
from tumorboard.patients import queries
from tumorboard.patients.models import Case, Patient

COMMON = {"_count", "_offset", "_format"}
PARAMETERS = {
    "Patient": {"identifier", "family", "birthdate", "_id"},
    "Condition": {"patient", "subject", "code", "_id"},
    "BodyStructure": {"patient", "_id"},
    "Observation": {"patient", "subject", "code", "date", "_id"},
    "Procedure": {"patient", "subject", "date", "_id"},
    "CarePlan": {"patient", "subject", "_id"},
}
Params = dict[str, list[str]]  # repeated parameters are ANDed, comma-separated values ORed


def check_parameters(resource_type: str, params: Params) -> None:
    unknown = sorted(set(params) - PARAMETERS[resource_type] - COMMON)
    if unknown:
        raise refuse(unknown[0], f"search parameter {unknown[0]!r} is not supported for "
                     f"{resource_type}; supported: {', '.join(sorted(PARAMETERS[resource_type]))}",
                     code="not-supported")
    for name in ("date", "birthdate"):
        for raw in params.get(name, []):
            for option in raw.split(","):
                _date(option, name)


def _date(raw: str, name: str) -> tuple[str, dt.date, dt.date]:
    try:
        return dates.parse(raw)
    except dates.DateValueError:
        raise refuse(name, f"{raw!r} is not a date search value ([prefix]YYYY[-MM[-DD]], "
                     f"prefix one of {', '.join(dates.PREFIXES)})", code="value") from None


def _date_test(raw: str, name: str) -> Callable[[str], bool]:
    """A test of a resource's date string against a value (comma-separated: any of them)."""
    options = [_date(option, name) for option in raw.split(",")]

    def test(candidate: str) -> bool:
        day = dt.date.fromisoformat(candidate[:10])
        return any(dates.matches(prefix, first, last, day) for prefix, first, last in options)

    return test


def _date_q(field: str, raw: str) -> Q:
    match = Q(pk__in=[])
    for option in raw.split(","):
        exclude, lookups = dates.lookups(*_date(option, field))
        q = Q(**{f"{field}{suffix}": value for suffix, value in lookups.items()})
        match |= ~q if exclude else q
    return match


def patients(user: AnyUser, params: Params) -> QuerySet[Patient]:
    found = queries.patients_for(user).order_by("family_name", "given_name", "id")
    for raw in params.get("_id", []):
        found = found.filter(external_id__in=[_uuid(v, "_id") for v in raw.split(",")])
    for raw in params.get("family", []):
        family = Q(pk__in=[])
        for option in raw.split(","):
            family |= Q(family_name__istartswith=option)
        found = found.filter(family)
    for raw in params.get("birthdate", []):
        found = found.filter(_date_q("birth_date", raw))
    for raw in params.get("identifier", []):
        found = found.filter(identifier_match(raw))
    return found


def identifier_match(raw: str) -> Q:
    """`[system|]value` (comma-separated: any of them): our MRN system, or the sender's own
    identifier systems as kept at import (fhir.SentIdentifier)."""
    match = Q(pk__in=[])
    for option in raw.split(","):
        system, bar, value = option.rpartition("|")
        ours = codes.MRN_SYSTEM_RE.match(system)
        sent = SentIdentifier.objects.filter(value=value)
        if bar and not ours:
            sent = sent.filter(system=system)
        if ours:
            match |= Q(mrn=value, site__code=ours.group(1))
        else:
            match |= Q(pk__in=sent.values("patient_id")) | (Q(mrn=value) if not bar else Q())
    return match


def _uuid(raw: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw.rsplit("/", 1)[-1])
    except ValueError:
        raise refuse(name, f"{raw!r} is not a tumorboard id", code="value") from None


def _patient_ids(user: AnyUser, params: Params) -> list[int] | None:
    """The patients named by `patient`/`subject` (each repeated parameter must match, a
    comma list may), refusing another site's patient; None when not given."""
    raws = params.get("patient", []) + params.get("subject", [])
    if not raws:
        return None
    allowed: set[int] | None = None
    for raw in raws:
        ids = [_uuid(v, "patient") for v in raw.split(",")]
        rows = list(Patient.objects.filter(external_id__in=ids).values_list("pk", "site_id"))
        if any(site not in access.site_ids(user) for _, site in rows):
            raise PermissionDenied(gettext(
                "This patient belongs to a site you are not a member of."))
        found = {pk for pk, _ in rows}
        allowed = found if allowed is None else allowed & found
    return sorted(allowed or set())


def _cases(user: AnyUser, params: Params) -> QuerySet[Case]:
    cases = export.cases_with_details(queries.cases_for(user)).order_by("id")
    patient_ids = _patient_ids(user, params)
    if patient_ids is not None:
        cases = cases.filter(patient_id__in=patient_ids)
    return cases


def patient_resources(rows: list[Patient]) -> list[dict[str, Any]]:
    return [patient_map.to_fhir(p) for p in rows]
