"""Pathway details that mCODE has no element for, as tumorboard case-detail Observations.

Each detail field has a short code in tumorboard's CodeSystem (definitions/); the value type
follows the field: decimal -> Quantity (UCUM unit), integer -> integer, yes/no -> boolean,
text, choice and lists -> string (lists comma-separated). Pure data and functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any


@dataclass(frozen=True)
class Detail:
    pathway: str
    field: str
    code: str
    display: str
    kind: str  # quantity | integer | boolean | string | list
    unit: str = ""


def _d(pathway: str, field: str, code: str, display: str, kind: str, unit: str = "") -> Detail:
    return Detail(pathway, field, code, display, kind, unit)


DETAILS: tuple[Detail, ...] = (
    # tumour_size_mm (breast) and size_cm (sarcoma) go to mCODE TumorSize instead.
    _d("breast", "multifocal", "multifocal", "Multifocal tumour", "boolean"),
    _d("breast", "planned_surgery", "planned-breast-surgery", "Planned breast surgery", "string"),
    _d("breast", "radiotherapy_expected_after_mastectomy", "pmrt-expected",
       "Radiotherapy expected after mastectomy", "boolean"),
    _d("breast", "bmi", "bmi", "Body mass index", "quantity", "kg/m2"),
    _d("breast", "smoking", "current-smoker", "Current smoker", "boolean"),
    _d("breast", "diabetes", "diabetes", "Diabetes", "boolean"),
    _d("breast", "significant_comorbidity", "significant-comorbidity",
       "Significant comorbidity", "boolean"),
    _d("rectum", "distance_from_anal_verge_cm", "anal-verge-distance",
       "Lower tumour edge from anal verge", "quantity", "cm"),
    _d("rectum", "distance_from_anorectal_ring_cm", "anorectal-ring-distance",
       "Lower tumour edge from anorectal ring", "quantity", "cm"),
    _d("rectum", "mri_t", "mri-t", "MRI T category", "string"),
    _d("rectum", "mri_n", "mri-n", "MRI N category", "string"),
    _d("rectum", "mesorectal_fascia_involved", "mrf-involved", "Mesorectal fascia involved",
       "boolean"),
    _d("rectum", "emvi", "emvi", "Extramural venous invasion", "boolean"),
    _d("rectum", "internal_sphincter_invaded", "internal-sphincter-invaded",
       "Internal sphincter invaded", "boolean"),
    _d("rectum", "external_sphincter_or_levator_invaded", "external-sphincter-invaded",
       "External sphincter or levator invaded", "boolean"),
    _d("rectum", "neoadjuvant_therapy", "neoadjuvant-therapy", "Neoadjuvant therapy", "string"),
    _d("rectum", "neoadjuvant_response", "neoadjuvant-response",
       "Response to neoadjuvant therapy", "string"),
    _d("rectum", "baseline_continence", "baseline-continence", "Baseline continence", "string"),
    _d("rectum", "patient_preference_against_preservation", "prefers-no-preservation",
       "Patient prefers not to preserve the sphincter", "boolean"),
    _d("sarcoma", "depth", "sarcoma-depth", "Depth relative to fascia", "string"),
    _d("sarcoma", "fnclcc_grade", "fnclcc-grade", "FNCLCC grade", "integer"),
    _d("sarcoma", "limb", "extremity", "Extremity (not trunk)", "boolean"),
    _d("sarcoma", "compartment", "compartment", "Anatomical compartment", "string"),
    _d("sarcoma", "major_neurovascular_involvement", "neurovascular-involvement",
       "Major neurovascular involvement", "string"),
    _d("sarcoma", "expected_defect_large", "large-defect-expected",
       "Large defect expected after resection", "boolean"),
    _d("sarcoma", "amputation_reason", "amputation-reason", "Reason for amputation, if proposed",
       "string"),
    _d("bone_metastasis", "spinal_levels", "spinal-levels", "Involved spinal levels", "list"),
    _d("bone_metastasis", "limb_bones", "limb-bones", "Involved limb bones", "list"),
    _d("bone_metastasis", "primary_tumour", "primary-tumour", "Primary tumour", "string"),
    _d("bone_metastasis", "visceral_metastases", "visceral-metastases", "Visceral metastases",
       "string"),
    _d("bone_metastasis", "frankel", "frankel", "Neurological status (Frankel)", "string"),
    _d("melanoma", "breslow_mm", "breslow-thickness", "Breslow thickness", "quantity", "mm"),
    _d("melanoma", "ulceration", "ulceration", "Ulceration", "boolean"),
    _d("melanoma", "mitotic_rate_per_mm2", "mitotic-rate", "Mitotic rate per mm2", "integer"),
    _d("melanoma", "lymphovascular_invasion", "lymphovascular-invasion",
       "Lymphovascular invasion", "boolean"),
)
BY_CODE = {d.code: d for d in DETAILS}
# Pathway -> field in mCODE TumorSize and the unit tumorboard stores it in.
TUMOUR_SIZE_FIELD = {"breast": ("tumour_size_mm", "mm"), "sarcoma": ("size_cm", "cm")}


def details_of(pathway: str) -> list[Detail]:
    return [d for d in DETAILS if d.pathway == pathway]


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def value_element(detail: Detail, value: Any) -> dict[str, Any]:
    """The Observation.value[x] for one stored detail value."""
    if detail.kind == "quantity":
        return {"valueQuantity": {"value": float(value), "unit": detail.unit, "system":
                                  "http://unitsofmeasure.org", "code": detail.unit}}
    if detail.kind == "integer":
        return {"valueInteger": int(value)}
    if detail.kind == "boolean":
        return {"valueBoolean": bool(value)}
    if detail.kind == "list":
        return {"valueString": ", ".join(str(v) for v in value)}
    return {"valueString": str(value)}


def parse_value(detail: Detail, resource: dict[str, Any]) -> tuple[Any, str]:
    """(stored value, error) from an Observation's value[x]; error is '' when fine."""
    expected = {"quantity": "valueQuantity", "integer": "valueInteger",
                "boolean": "valueBoolean", "string": "valueString", "list": "valueString"}
    key = expected[detail.kind]
    if key not in resource:
        return None, f"{detail.code} needs {key}"
    raw = resource[key]
    if detail.kind == "quantity":
        unit = raw.get("code") or raw.get("unit")
        if unit != detail.unit:
            return None, f"{detail.code} must be in {detail.unit}, not {unit!r}"
        try:
            return Decimal(str(raw.get("value"))), ""
        except InvalidOperation:
            return None, f"{detail.code} needs a numeric value"
    if detail.kind == "list":
        return [part.strip() for part in str(raw).split(",") if part.strip()], ""
    return raw, ""
