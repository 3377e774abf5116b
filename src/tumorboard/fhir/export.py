"""Exporting: a patient's resources, the mCODE patient bundle, and Bulk Data NDJSON files."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from tumorboard.board.models import Recommendation
from tumorboard.fhir import careplan, condition, observation, procedure, received, tumour
from tumorboard.fhir import patient as patient_map
from tumorboard.fhir.codes import MCODE_SD, TB_BASE
from tumorboard.outcomes.models import Operation
from tumorboard.patients.models import Case, Patient
from tumorboard.patients.pathway_models import DETAIL_ACCESSORS

RESOURCE_TYPES = ("Patient", "Condition", "BodyStructure", "Observation", "Procedure",
                  "CarePlan")


def cases_with_details(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related("patient", "patient__site", "patient__fhir_sent", "fhir_sent",
                                *DETAIL_ACCESSORS.values())


def case_resources(case: Case) -> list[dict[str, Any]]:
    """The Condition, the mCODE Tumor its TumorSize is about (when it has one), the
    Observations."""
    found = observation.to_fhir(case)
    measured = any(r["id"].endswith("-tumor-size") for r in found)
    return [condition.to_fhir(case), *([tumour.to_fhir(case)] if measured else []), *found]


def operations_of(case_ids: Iterable[int] | QuerySet[Case, Any]) -> QuerySet[Operation]:
    return (Operation.objects.filter(case_id__in=case_ids)
            .select_related("case", "case__patient", "surgeon").order_by("case_id", "date", "id"))


def signed_recommendations_of(case_ids: Iterable[int] | QuerySet[Case]) -> list[Recommendation]:
    """Every signed version of the cases' recommendations (drafts are never exported)."""
    return list(Recommendation.objects.filter(case_id__in=case_ids, signed_at__isnull=False)
                .select_related("case", "case__patient", "signed_by", "supersedes")
                .order_by("case_id", "signed_at", "id"))


def treatment_resources(case_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Procedures, then CarePlans (our signed recommendations, then the plans other systems
    sent, as they sent them), of each case (by case pk)."""
    found: dict[int, list[dict[str, Any]]] = {}
    for operation in operations_of(case_ids):
        found.setdefault(operation.case_id, []).append(procedure.to_fhir(operation))
    signed = signed_recommendations_of(case_ids)
    for rec, resource in zip(signed, careplan.resources(signed), strict=True):
        found.setdefault(rec.case_id, []).append(resource)
    for plan in received.received_of(case_ids):
        found.setdefault(plan.case_id, []).append(received.to_fhir(plan))
    return found


def patient_resources(patient: Patient) -> list[dict[str, Any]]:
    cases = list(cases_with_details(Case.objects.filter(patient=patient)).order_by("id"))
    treatments = treatment_resources([case.pk for case in cases])
    resources = [patient_map.to_fhir(patient)]
    for case in cases:
        resources += case_resources(case) + treatments.get(case.pk, [])
    return resources


def _entry(resource: dict[str, Any], base: str) -> dict[str, Any]:
    return {"fullUrl": f"{base}{resource['resourceType']}/{resource['id']}",
            "resource": resource}


def patient_bundle(patient: Patient, base: str = TB_BASE + "/") -> dict[str, Any]:
    """The mCODE patient bundle (a collection) for one patient."""
    resources = patient_resources(patient)
    return {"resourceType": "Bundle", "id": str(uuid.uuid4()),
            "meta": {"profile": [MCODE_SD + "mcode-patient-bundle"]},
            "type": "collection", "timestamp": timezone.now().isoformat(),
            "entry": [_entry(r, base) for r in resources]}


def _chunks(patients: QuerySet[Patient], size: int = 500) -> Iterator[list[Patient]]:
    ids = list(patients.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), size):
        yield list(Patient.objects.select_related("site", "fhir_sent")
                   .filter(id__in=ids[start:start + size]).order_by("id"))


def iter_resources(patients: QuerySet[Patient]) -> Iterator[tuple[Patient, dict[str, Any]]]:
    for chunk in _chunks(patients):
        cases = list(cases_with_details(Case.objects.filter(patient__in=chunk)).order_by("id"))
        treatments = treatment_resources([case.pk for case in cases])
        by_patient: dict[int, list[Case]] = {}
        for case in cases:
            by_patient.setdefault(case.patient_id, []).append(case)
        for patient in chunk:
            yield patient, patient_map.to_fhir(patient)
            for case in by_patient.get(patient.pk, []):
                for resource in case_resources(case) + treatments.get(case.pk, []):
                    yield patient, resource


def write_ndjson(patients: QuerySet[Patient], out: Path,
                 on_patient: Any = None) -> dict[str, int]:
    """DIR/<ResourceType>.ndjson, one resource per line (FHIR Bulk Data). Counts by type."""
    out.mkdir(parents=True, exist_ok=True)
    files = {t: (out / f"{t}.ndjson").open("w", encoding="utf-8") for t in RESOURCE_TYPES}
    counts = dict.fromkeys(RESOURCE_TYPES, 0)
    try:
        for patient, resource in iter_resources(patients):
            kind = resource["resourceType"]
            if kind == "Patient" and on_patient is not None:
                on_patient(patient)
            files[kind].write(json.dumps(resource, ensure_ascii=False, separators=(",", ":")))
            files[kind].write("\n")
            counts[kind] += 1
    finally:
        for handle in files.values():
            handle.close()
    return counts


def read_ndjson(paths: Iterable[Path]) -> list[dict[str, Any]]:
    resources = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            resources += [json.loads(line) for line in handle if line.strip()]
    return resources
