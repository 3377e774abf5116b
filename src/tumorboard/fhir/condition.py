"""Case <-> mCODE PrimaryCancerCondition (SecondaryCancerCondition for bone metastases)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tumorboard.fhir import codes
from tumorboard.fhir.problems import Problems
from tumorboard.patients import vocabulary
from tumorboard.patients.models import Case

PRIMARY = codes.MCODE_SD + "mcode-primary-cancer-condition"
SECONDARY = codes.MCODE_SD + "mcode-secondary-cancer-condition"
CLOSED = "closed"


def _coding(system: str, code: str, display: str = "") -> dict[str, str]:
    return {"system": system, "code": code, **({"display": display} if display else {})}


def _code(case: Case) -> dict[str, Any]:
    if case.pathway == "bone_metastasis":
        return {"coding": [_coding(codes.SNOMED, *codes.SNOMED_BONE_METASTASIS)],
                "text": f"Bone metastasis: {case.primary_site_label}"}
    coding = []
    if case.pathway in codes.SNOMED_PATHWAY_DISORDER:
        coding.append(_coding(codes.SNOMED, *codes.SNOMED_PATHWAY_DISORDER[case.pathway]))
    coding.append(_coding(codes.ICD10, codes.icd10_for(case.primary_site_code,
                                                       case.histology_code)))
    return {"coding": coding, "text": f"{case.histology_label}, {case.primary_site_label}"}


def _body_site(case: Case) -> dict[str, Any]:
    site: dict[str, Any] = {"coding": [_coding(codes.ICDO3, case.primary_site_code,
                                               case.primary_site_label)]}
    if case.laterality:
        site["extension"] = [{"url": codes.EXT_LATERALITY, "valueCodeableConcept": {
            "coding": [_coding(codes.SNOMED, *codes.LATERALITY_SNOMED[case.laterality])]}}]
    return site


def _histology(case: Case) -> dict[str, Any]:
    coding = [_coding(codes.ICDO3, case.histology_code, case.histology_label)]
    if case.histology_code in codes.MORPHOLOGY_SNOMED:
        coding.append(_coding(codes.SNOMED, *codes.MORPHOLOGY_SNOMED[case.histology_code]))
    return {"url": codes.EXT_HISTOLOGY, "valueCodeableConcept": {"coding": coding}}


def _stage(case: Case, condition_id: str) -> list[dict[str, Any]]:
    stages = []
    for prefix in ("clinical", "pathological"):
        group = getattr(case, f"{prefix}_stage")
        if group:
            stages.append({
                "summary": {"coding": [_coding(codes.AJCC, codes.stage_to_ajcc(group), group)]},
                "assessment": [{"reference": f"Observation/{condition_id}-{prefix}-stage"}],
                "type": {"coding": [_coding(codes.SNOMED, *codes.AJCC8_METHOD)]},
            })
    return stages


def to_fhir(case: Case) -> dict[str, Any]:
    condition_id = str(case.external_id)
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "id": condition_id,
        "meta": {"profile": [SECONDARY if case.pathway == "bone_metastasis" else PRIMARY]},
        "extension": [_histology(case),
                      {"url": codes.EXT_PATHWAY, "valueCode": case.pathway},
                      {"url": codes.EXT_CASE_STATUS, "valueCode": case.status}],
        "clinicalStatus": {"coding": [_coding(
            codes.CONDITION_CLINICAL, "inactive" if case.status == CLOSED else "active")]},
        "verificationStatus": {"coding": [_coding(codes.CONDITION_VERIFICATION, "confirmed")]},
        "category": [{"coding": [_coding(codes.CONDITION_CATEGORY, "problem-list-item")]}],
        "code": _code(case),
        "bodySite": [_body_site(case)],
        "subject": {"reference": f"Patient/{case.patient.external_id}"},
        "onsetDateTime": case.diagnosis_date.isoformat(),
        "recordedDate": timezone.localdate(case.created).isoformat(),
    }
    stages = _stage(case, condition_id)
    if stages:
        resource["stage"] = stages
    return resource


# ---- import -------------------------------------------------------------------------------

def _codings(concept: dict[str, Any] | None) -> list[dict[str, Any]]:
    return list((concept or {}).get("coding", []))


def _extension(resource: dict[str, Any], url: str) -> dict[str, Any] | None:
    return next((e for e in resource.get("extension", []) if e.get("url") == url), None)


def _site_from(resource: dict[str, Any]) -> tuple[str, str]:
    """(ICD-O-3 topography, laterality) from bodySite, else from the disorder code."""
    laterality = ""
    for site in resource.get("bodySite", []):
        for extension in site.get("extension", []):
            if extension.get("url") == codes.EXT_LATERALITY:
                for coding in _codings(extension.get("valueCodeableConcept")):
                    laterality = codes.LATERALITY_BY_SNOMED.get(str(coding.get("code")),
                                                                laterality)
        for coding in _codings(site):
            if coding.get("system") == codes.ICDO3:
                return coding.get("code", ""), laterality
            if coding.get("system") == codes.SNOMED and coding.get("code") in \
                    codes.SNOMED_BODY_SITE:
                topography, side = codes.SNOMED_BODY_SITE[coding["code"]]
                return topography, laterality or side
    for coding in _codings(resource.get("code")):
        system, code = coding.get("system"), str(coding.get("code", ""))
        if system == codes.SNOMED and code in codes.SNOMED_DISORDER_SITE:
            topography, side = codes.SNOMED_DISORDER_SITE[code]
            return topography, laterality or side
        if system in (codes.ICD10, codes.ICD10CM) and code.startswith("C"):
            return codes.topography_from_icd10(code), laterality
    return "", laterality


def _morphology(resource: dict[str, Any]) -> str:
    extension = _extension(resource, codes.EXT_HISTOLOGY)
    for coding in _codings((extension or {}).get("valueCodeableConcept")):
        if coding.get("system") == codes.ICDO3:
            return str(coding.get("code", ""))
        if coding.get("system") == codes.SNOMED and coding.get("code") in \
                codes.SNOMED_MORPHOLOGY:
            return codes.SNOMED_MORPHOLOGY[coding["code"]]
    return ""


def is_bone_metastasis(resource: dict[str, Any], topography: str) -> bool:
    coded = any(c.get("system") == codes.SNOMED and c.get("code") ==
                codes.SNOMED_BONE_METASTASIS[0] for c in _codings(resource.get("code")))
    secondary = SECONDARY in resource.get("meta", {}).get("profile", [])
    return coded or (secondary and topography[:3] in ("C40", "C41"))


def pathway_for(resource: dict[str, Any], topography: str, morphology: str) -> str:
    """The tumorboard pathway a cancer condition belongs to, or '' when none fits."""
    extension = _extension(resource, codes.EXT_PATHWAY)
    if extension:
        return str(extension.get("valueCode", ""))
    if is_bone_metastasis(resource, topography):
        return "bone_metastasis"
    if SECONDARY in resource.get("meta", {}).get("profile", []):
        return ""
    site = topography[:3]
    if site == "C50":
        return "breast"
    if topography in ("C18.7", "C19.9", "C20.9", "C21.1"):
        return "rectum"
    if site == "C44" and morphology.startswith("87"):
        return "melanoma"
    if site in ("C40", "C41", "C49") and morphology[:2] >= "88" and morphology.endswith("/3"):
        return "sarcoma"
    return ""


def known_system(resource: dict[str, Any]) -> bool:
    return any(c.get("system") in codes.CONDITION_SYSTEMS for c in _codings(resource.get("code")))


def from_fhir(resource: dict[str, Any], where: str, problems: Problems) -> dict[str, Any] | None:
    """Case values, or None when the condition is not one tumorboard keeps (noted)."""
    if not known_system(resource):
        systems = sorted({str(c.get("system")) for c in _codings(resource.get("code"))})
        problems.error(f"{where}.code.coding.system",
                       f"unknown code system {', '.join(systems) or '(none)'}; expected one of "
                       f"{', '.join(sorted(codes.CONDITION_SYSTEMS))}", code="code-invalid")
        return None
    topography, laterality = _site_from(resource)
    morphology = _morphology(resource)
    pathway = pathway_for(resource, topography, morphology)
    if not pathway:
        problems.note(where, "not stored: the condition is not a cancer of a tumorboard "
                      "pathway (breast, rectum, sarcoma, bone metastasis, melanoma)")
        return None
    if pathway == "bone_metastasis" and not morphology:
        morphology = "8000/6"
        problems.note(f"{where}.extension", "no histology given; stored as 8000/6 "
                      "(Neoplasm, metastatic)")
    for value, label, table in ((topography, "bodySite", vocabulary.TOPOGRAPHY),
                                (morphology, "extension('histology')", vocabulary.MORPHOLOGY)):
        if value not in table:
            problems.error(f"{where}.{label}", f"{value or 'no code'} is not an ICD-O-3 code "
                           "tumorboard accepts", code="code-invalid")
    onset = resource.get("onsetDateTime") or resource.get("recordedDate")
    if not onset:
        problems.error(f"{where}.onsetDateTime", "tumorboard needs the date of diagnosis",
                       code="required")
        return None
    try:
        diagnosed = dt.date.fromisoformat(str(onset)[:10])
    except ValueError:
        problems.error(f"{where}.onsetDateTime", f"{onset!r} is not a date")
        return None
    return {"pathway": pathway, "primary_site_code": topography, "histology_code": morphology,
            "laterality": laterality, "diagnosis_date": diagnosed}
