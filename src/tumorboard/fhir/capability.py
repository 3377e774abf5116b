"""The CapabilityStatement served at /fhir/R4/metadata."""

from __future__ import annotations

from typing import Any

from tumorboard.fhir import codes
from tumorboard.fhir.search import PARAMETERS

PARAMETER_TYPES = {"identifier": "token", "family": "string", "birthdate": "date",
                   "patient": "reference", "subject": "reference", "code": "token",
                   "date": "date", "_id": "token"}
PROFILES = {
    "Patient": [codes.MCODE_SD + "mcode-cancer-patient"],
    "Condition": [codes.MCODE_SD + "mcode-primary-cancer-condition",
                  codes.MCODE_SD + "mcode-secondary-cancer-condition"],
    "Observation": [codes.MCODE_SD + p for p in (
        "mcode-tnm-stage-group", "mcode-tnm-primary-tumor-category",
        "mcode-tnm-regional-nodes-category", "mcode-tnm-distant-metastases-category",
        "mcode-ecog-performance-status", "mcode-tumor-size")] + [codes.PROFILE_CASE_DETAIL],
    "BodyStructure": [codes.MCODE_SD + "mcode-tumor"],
    "Procedure": [codes.MCODE_SD + "mcode-cancer-related-surgical-procedure"],
    "CarePlan": [],  # no mCODE profile for an MDT recommendation
}


def _resource(resource_type: str) -> dict[str, Any]:
    interactions = [{"code": "read"}, {"code": "search-type"}]
    entry: dict[str, Any] = {
        "type": resource_type,
        "interaction": interactions,
        "searchParam": [{"name": name, "type": PARAMETER_TYPES[name]}
                        for name in sorted(PARAMETERS[resource_type])],
    }
    if PROFILES[resource_type]:
        entry["supportedProfile"] = PROFILES[resource_type]
    if resource_type == "Patient":
        entry["operation"] = [{"name": "everything", "definition":
                               "http://hl7.org/fhir/OperationDefinition/Patient-everything"}]
    return entry


def statement(base_url: str) -> dict[str, Any]:
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-01-01",
        "kind": "instance",
        "software": {"name": "tumorboard"},
        "implementation": {"description": "tumorboard FHIR R4 / mCODE STU4 API",
                           "url": base_url},
        "fhirVersion": "4.0.1",
        "format": ["application/fhir+json", "json"],
        "rest": [{
            "mode": "server",
            "security": {"description": "Authorization: Bearer <token from `tumorboard "
                         "token`> or a logged-in session on every endpoint but metadata. "
                         "Users see only their sites' patients."},
            "resource": [_resource(t) for t in PARAMETERS],
            "interaction": [{"code": "transaction"}],
        }],
    }
