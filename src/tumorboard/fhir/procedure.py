"""Operation (outcomes registry) -> mCODE CancerRelatedSurgicalProcedure. Export only.

The id is the operation's external UUID. The pathway outcomes recorded with the operation
(margin, reconstruction, sphincter preservation, limb outcome, CCI) are attributes of the
operation itself, not findings with a date of their own, so they travel as tumorboard
extensions on the Procedure (as the pathway and case status do on the Condition); the case
details that describe the cancer stay case-detail Observations.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from tumorboard.fhir import codes, versions
from tumorboard.outcomes import vocabulary
from tumorboard.outcomes.models import Operation

# (model field, extension url, FHIR value type)
OUTCOME_EXTENSIONS = (
    ("margin", codes.EXT_RESECTION_MARGIN, "valueCode"),
    ("reconstruction", codes.EXT_RECONSTRUCTION, "valueCode"),
    ("reconstruction_type", codes.EXT_RECONSTRUCTION_TYPE, "valueCode"),
    ("flap", codes.EXT_FLAP, "valueCode"),
    ("sphincter_preserved", codes.EXT_SPHINCTER_PRESERVED, "valueBoolean"),
    ("limb_outcome", codes.EXT_LIMB_OUTCOME, "valueCode"),
    ("limb_reconstruction", codes.EXT_LIMB_RECONSTRUCTION, "valueCode"),
)


def user_display(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _code(operation: Operation) -> dict[str, Any]:
    label = vocabulary.all_procedures()[operation.procedure]
    coding = []
    if operation.procedure in codes.PROCEDURE_SNOMED:
        snomed, display = codes.PROCEDURE_SNOMED[operation.procedure]
        coding.append({"system": codes.SNOMED, "code": snomed, "display": display})
    coding.append({"system": codes.TB_CODESYSTEM,
                   "code": codes.procedure_code(operation.procedure), "display": label})
    return {"coding": coding, "text": label}


def _extensions(operation: Operation) -> list[dict[str, Any]]:
    snomed, display = codes.PROCEDURE_INTENT_SNOMED[operation.intent]
    extensions: list[dict[str, Any]] = [{"url": codes.EXT_PROCEDURE_INTENT,
                                         "valueCodeableConcept": {"coding": [{
                                             "system": codes.SNOMED, "code": snomed,
                                             "display": display}]}}]
    for field, url, value_type in OUTCOME_EXTENSIONS:
        value = getattr(operation, field)
        if value not in (None, ""):
            extensions.append({"url": url, value_type: value})
    extensions.append({"url": codes.EXT_CCI, "valueDecimal": round(float(operation.cci), 1)})
    return extensions


def to_fhir(operation: Operation) -> dict[str, Any]:
    case = operation.case
    resource: dict[str, Any] = {
        "resourceType": "Procedure",
        "id": str(operation.external_id),
        "meta": {"profile": [codes.PROFILE_SURGICAL_PROCEDURE]},
        "extension": _extensions(operation),
        "status": "completed",
        "category": {"coding": [{"system": codes.SNOMED,
                                 "code": codes.SNOMED_SURGICAL_PROCEDURE[0],
                                 "display": codes.SNOMED_SURGICAL_PROCEDURE[1]}]},
        "code": _code(operation),
        "subject": {"reference": f"Patient/{case.patient.external_id}"},
        "performedDateTime": operation.date.isoformat(),
        "reasonReference": [{"reference": f"Condition/{case.external_id}"}],
    }
    site = {"system": codes.ICDO3, "code": case.primary_site_code}
    if case.primary_site_label:
        site["display"] = case.primary_site_label
    resource["bodySite"] = [{"coding": [site]}]
    surgeon = user_display(operation.surgeon)
    if surgeon:
        resource["performer"] = [{"actor": {"display": surgeon}}]
    if operation.notes:
        resource["note"] = [{"text": operation.notes}]
    return versions.stamp(resource, operation.modified)
