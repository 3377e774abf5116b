"""The case's primary tumour as an mCODE Tumor BodyStructure, the focus of its TumorSize.

mCODE STU4 (4.0.0) TumorSize, http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-tumor-size:
`Observation.focus` is a "reference to a BodyStructure resource conforming to Tumor", and the
profile's invariant must-have-focus-or-specimen requires focus or specimen (the published
definitions page, StructureDefinition-mcode-tumor-size-definitions.html, element 4
"Observation.focus"). A Condition is not a Tumor, so tumorboard exports the tumour itself
and points TumorSize.focus at it; the Tumor names its Condition by mCODE's related-condition
extension, which is how the import finds the case again (plan.Planner._tumour_condition).

mCODE Tumor, .../StructureDefinition/mcode-tumor: morphology SNOMED CT 367651003 (the STU2
code; STU4 names a newer one but keeps this one conformant), location, patient, identifier.
The id is stable: `<case uuid>-tumor`."""

from __future__ import annotations

from typing import Any

from tumorboard.fhir import codes, versions
from tumorboard.patients.models import Case

PROFILE = codes.MCODE_SD + "mcode-tumor"
RELATED_CONDITION = codes.MCODE_SD + "mcode-related-condition"
MORPHOLOGY = ("367651003", "Malignant neoplasm of primary, secondary, or uncertain origin "
              "(morphologic abnormality)")
SUFFIX = "-tumor"


def tumour_id(case: Case) -> str:
    return f"{case.external_id}{SUFFIX}"


def case_id_of(reference: str) -> str:
    """The case uuid of a reference to a Tumor tumorboard exported ('' otherwise)."""
    prefix = "BodyStructure/"
    if reference.startswith(prefix) and reference.endswith(SUFFIX):
        return reference[len(prefix):-len(SUFFIX)]
    return ""


def _location(case: Case) -> dict[str, Any]:
    coding = [{"system": codes.ICDO3, "code": case.primary_site_code,
               **({"display": case.primary_site_label} if case.primary_site_label else {})}]
    for snomed, (topography, side) in codes.SNOMED_BODY_SITE.items():
        if topography == case.primary_site_code and side == case.laterality:
            coding.insert(0, {"system": codes.SNOMED, "code": snomed})
    return {"coding": coding, "text": case.primary_site_label or case.primary_site_code}


def to_fhir(case: Case) -> dict[str, Any]:
    resource = {
        "resourceType": "BodyStructure",
        "id": tumour_id(case),
        "meta": {"profile": [PROFILE]},
        "extension": [{"url": RELATED_CONDITION,
                       "valueReference": {"reference": f"Condition/{case.external_id}"}}],
        "identifier": [{"system": f"{codes.TB_BASE}/tumour", "value": tumour_id(case)}],
        "morphology": {"coding": [{"system": codes.SNOMED, "code": MORPHOLOGY[0],
                                   "display": MORPHOLOGY[1]}]},
        "location": _location(case),
        "patient": {"reference": f"Patient/{case.patient.external_id}"},
    }
    return versions.stamp(resource, case.modified)
