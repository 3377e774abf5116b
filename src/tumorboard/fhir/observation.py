"""Case data <-> Observations: mCODE TNM categories and stage groups, ECOG, TumorSize, and
tumorboard case-detail Observations for pathway details mCODE has no element for.

Observation ids are stable and readable back: `<case uuid>-<kind>` (at most 64 characters).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tumorboard.fhir import codes, details, sent, tumour, versions
from tumorboard.fhir.problems import Problems
from tumorboard.patients.models import Case
from tumorboard.patients.pathway_models import DETAIL_ACCESSORS

ECOG_PROFILE = codes.MCODE_SD + "mcode-ecog-performance-status"
SIZE_PROFILE = codes.MCODE_SD + "mcode-tumor-size"
ECOG_DISPLAY = ["Fully active", "Restricted in physically strenuous activity",
                "Ambulatory and capable of all selfcare", "Capable of only limited selfcare",
                "Completely disabled", "Dead"]


def observation_id(case: Case, kind: str) -> str:
    return f"{case.external_id}-{kind.replace('_', '-')}"


def split_id(resource_id: str) -> tuple[str, str]:
    """('<case uuid>', '<kind>') from an Observation id; kind '' when malformed."""
    return resource_id[:36], resource_id[37:] if resource_id[36:37] == "-" else ""


def _base(case: Case, kind: str, profile: str, category: str,
          code: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": observation_id(case, kind),
        "meta": {"profile": [profile]},
        "status": "final",
        "category": [{"coding": [{"system": codes.OBS_CATEGORY, "code": category}]}],
        "code": code,
        "subject": {"reference": f"Patient/{case.patient.external_id}"},
        "focus": [{"reference": f"Condition/{case.external_id}"}],
        # the Observation's own date as sent replaces this (sent.merge_observations); for
        # values entered in tumorboard, which records no date of its own, the diagnosis date.
        "effectiveDateTime": case.diagnosis_date.isoformat(),
    }


def _tnm(case: Case, kind: str, value: str) -> dict[str, Any]:
    snomed, loinc, display, profile = codes.TNM_KINDS[kind]
    code = {"coding": [{"system": codes.SNOMED, "code": snomed, "display": display},
                       {"system": codes.LOINC, "code": loinc}]}
    resource = _base(case, kind, codes.MCODE_SD + profile, "survey", code)
    if kind.endswith("stage"):
        ajcc = {"system": codes.AJCC, "code": codes.stage_to_ajcc(value), "display": value}
        members = [f"Observation/{observation_id(case, kind[:-5] + x)}" for x in "tnm"
                   if getattr(case, kind[:-5] + x)]
        if members:
            resource["hasMember"] = [{"reference": ref} for ref in members]
    else:
        ajcc = {"system": codes.AJCC, "code": codes.ajcc_category(kind, value)}
    resource["valueCodeableConcept"] = {"coding": [ajcc]}
    resource["method"] = {"coding": [{"system": codes.SNOMED, "code": codes.AJCC8_METHOD[0],
                                      "display": codes.AJCC8_METHOD[1]}]}
    return resource


def _ecog(case: Case) -> dict[str, Any]:
    code = {"coding": [{"system": codes.LOINC, "code": codes.ECOG_LOINC}]}
    resource = _base(case, "ecog", ECOG_PROFILE, "survey", code)
    resource["valueInteger"] = case.ecog
    resource["interpretation"] = [{"text": ECOG_DISPLAY[case.ecog or 0]}]
    return resource


def _size(case: Case, value: Decimal | int, unit: str) -> dict[str, Any]:
    code = {"coding": [{"system": codes.LOINC, "code": codes.TUMOR_SIZE_LOINC,
                        "display": "Size Tumor"}]}
    resource = _base(case, "tumor-size", SIZE_PROFILE, "laboratory", code)
    # mCODE TumorSize.focus is Reference(Tumor): the tumour's BodyStructure (tumour.py).
    resource["focus"] = [{"reference": f"BodyStructure/{tumour.tumour_id(case)}"}]
    resource["component"] = [{
        "code": {"coding": [{"system": codes.LOINC, "code": codes.TUMOR_SIZE_MAJOR_AXIS}]},
        "valueQuantity": {"value": float(value), "unit": unit, "system": codes.UCUM,
                          "code": unit}}]
    return resource


def _detail(case: Case, detail: details.Detail, value: Any) -> dict[str, Any]:
    code = {"coding": [{"system": codes.TB_CODESYSTEM, "code": detail.code,
                        "display": detail.display}]}
    resource = _base(case, detail.code, codes.PROFILE_CASE_DETAIL, "exam", code)
    resource.update(details.value_element(detail, value))
    return resource


def case_details(case: Case) -> Any:
    return getattr(case, DETAIL_ACCESSORS[case.pathway], None)


def to_fhir(case: Case) -> list[dict[str, Any]]:
    resources = [_tnm(case, kind, getattr(case, kind)) for kind in codes.TNM_KINDS
                 if getattr(case, kind)]
    if case.ecog is not None:
        resources.append(_ecog(case))
    stored = case_details(case)
    if stored is None:
        return _stamped(sent.merge_observations(resources, case), case)
    size_field, unit = details.TUMOUR_SIZE_FIELD.get(case.pathway, ("", ""))
    if size_field and getattr(stored, size_field) is not None:
        resources.append(_size(case, getattr(stored, size_field), unit))
    for detail in details.details_of(case.pathway):
        value = getattr(stored, detail.field)
        if not details.is_empty(value):
            resources.append(_detail(case, detail, value))
    return _stamped(sent.merge_observations(resources, case), case, stored.modified)


def _stamped(resources: list[dict[str, Any]], case: Case,
             details_modified: Any = None) -> list[dict[str, Any]]:
    for resource in resources:
        versions.stamp(resource, case.modified, details_modified)
    return resources


# ---- import -------------------------------------------------------------------------------

def _codings(concept: dict[str, Any] | None) -> list[dict[str, Any]]:
    return list((concept or {}).get("coding", []))


def _tnm_value(kind: str, resource: dict[str, Any], where: str,
               problems: Problems) -> str | None:
    codings = _codings(resource.get("valueCodeableConcept"))
    for coding in codings:
        system, code = coding.get("system"), str(coding.get("code", ""))
        if system == codes.DATA_ABSENT:
            return ""
        if system == codes.AJCC:
            return (codes.stage_from_ajcc(code) if kind.endswith("stage")
                    else codes.strip_category_prefix(code))
        if system == codes.SNOMED:
            known = codes.SNOMED_AJCC_VALUES.get(code)
            match = codes.AJCC_DISPLAY_RE.search(str(coding.get("display", "")))
            text = known or (match.group(1) if match else "")
            if text:
                return text if kind.endswith("stage") else codes.strip_category_prefix(text)
            problems.error(f"{where}.value", f"SNOMED {code} is not an AJCC category "
                           "tumorboard knows; send the AJCC code (http://cancerstaging.org)",
                           code="code-invalid")
            return None
    systems = ", ".join(sorted({str(c.get("system")) for c in codings})) or "(none)"
    problems.error(f"{where}.value", f"unknown code system {systems} for a TNM value",
                   code="code-invalid")
    return None


def _size_value(pathway: str, resource: dict[str, Any], where: str,
                problems: Problems) -> tuple[str, Any] | None:
    if pathway not in details.TUMOUR_SIZE_FIELD:
        problems.not_stored(where, f"tumorboard keeps no tumour size for {pathway}")
        return None
    field, unit = details.TUMOUR_SIZE_FIELD[pathway]
    for component in resource.get("component", []):
        quantity = component.get("valueQuantity")
        if quantity and quantity.get("value") is not None:
            given = quantity.get("code") or quantity.get("unit")
            factor = {("cm", "mm"): Decimal(10), ("mm", "cm"): Decimal("0.1")}.get(
                (given, unit), Decimal(1) if given == unit else None)
            if factor is None:
                problems.error(f"{where}.component.valueQuantity.code",
                               f"tumour size unit {given!r}: use mm or cm")
                return None
            value = Decimal(str(quantity["value"])) * factor
            return field, int(value) if unit == "mm" else value.quantize(Decimal("0.1"))
    problems.not_stored(where, "no tumour dimension given")
    return None


def kind_of(resource: dict[str, Any]) -> str:
    """tnm kind, 'ecog', 'tumor-size', a detail code, or '' for Observations we do not keep."""
    for coding in _codings(resource.get("code")):
        system, code = coding.get("system"), str(coding.get("code", ""))
        if system in (codes.SNOMED, codes.LOINC) and code in codes.TNM_BY_CODE:
            return codes.TNM_BY_CODE[code]
        if system == codes.LOINC and code == codes.ECOG_LOINC:
            return "ecog"
        if system == codes.LOINC and code == codes.TUMOR_SIZE_LOINC:
            return "tumor-size"
        if system == codes.TB_CODESYSTEM and code in details.BY_CODE:
            return code
    return ""


def from_fhir(resource: dict[str, Any], pathway: str, where: str,
              problems: Problems) -> tuple[str, str, Any] | None:
    """('case' | 'details', field, value) to set on the case, or None if not kept."""
    kind = kind_of(resource)
    if kind in codes.TNM_KINDS:
        value = _tnm_value(kind, resource, where, problems)
        return None if value is None else ("case", kind, value)
    if kind == "ecog":
        if not isinstance(resource.get("valueInteger"), int):
            problems.error(f"{where}.valueInteger", "ECOG needs an integer 0-5")
            return None
        return "case", "ecog", resource["valueInteger"]
    if kind == "tumor-size":
        found = _size_value(pathway, resource, where, problems)
        return None if found is None else ("details", *found)
    if kind:
        detail = details.BY_CODE[kind]
        if detail.pathway != pathway:
            problems.error(f"{where}.code", f"{kind} is a {detail.pathway} detail, but the case "
                           f"is {pathway}")
            return None
        value, error = details.parse_value(detail, resource)
        if error:
            problems.error(f"{where}.value", error)
            return None
        return "details", detail.field, value
    problems.not_stored(where, "an Observation tumorboard does not keep")
    return None
