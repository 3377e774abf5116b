"""Case <-> mCODE PrimaryCancerCondition (SecondaryCancerCondition for bone metastases)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tumorboard.fhir import cancer_codes, codes, sent, versions
from tumorboard.fhir.problems import Problems
from tumorboard.patients import vocabulary
from tumorboard.patients.models import STATUS_TRANSITIONS, Case

PRIMARY = codes.MCODE_SD + "mcode-primary-cancer-condition"
SECONDARY = codes.MCODE_SD + "mcode-secondary-cancer-condition"
CLOSED = "closed"
OUTSIDE = "a cancer Condition outside tumorboard's pathways"
NOT_CANCER = "not a cancer Condition"
UNKNOWN_HISTOLOGY = ("8000/3", "8000/6")  # Neoplasm, malignant / metastatic (type unknown)


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
    return versions.stamp(sent.merge_condition(resource, case), case.modified)


# ---- import -------------------------------------------------------------------------------

def _codings(concept: dict[str, Any] | None) -> list[dict[str, Any]]:
    return list((concept or {}).get("coding", []))


def _extension(resource: dict[str, Any], url: str) -> dict[str, Any] | None:
    return next((e for e in resource.get("extension", []) if e.get("url") == url), None)


def _site_from(resource: dict[str, Any]) -> tuple[str, str]:
    """(ICD-O-3 topography, laterality) from bodySite ('' when it does not say)."""
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


def claims_cancer(resource: dict[str, Any]) -> bool:
    """The sender says this is a cancer: an mCODE cancer profile, a histology extension or
    tumorboard's pathway extension."""
    profiles = set(resource.get("meta", {}).get("profile", []))
    return bool(profiles & {PRIMARY, SECONDARY}) or any(
        _extension(resource, url) for url in (codes.EXT_HISTOLOGY, codes.EXT_PATHWAY))


def sent_status(resource: dict[str, Any]) -> str:
    """tumorboard's case status, when the Condition carries our case-status extension."""
    extension = _extension(resource, codes.EXT_CASE_STATUS)
    status = str((extension or {}).get("valueCode", ""))
    return status if status in STATUS_TRANSITIONS else ""


def skipped_status(resource: dict[str, Any]) -> str:
    """'entered in error' or 'refuted' when the sender withdrew the Condition, else ''."""
    for coding in _codings(resource.get("verificationStatus")):
        if coding.get("code") in ("entered-in-error", "refuted"):
            return str(coding["code"]).replace("-", " ")
    return ""


def _describe(resource: dict[str, Any], match: cancer_codes.CodeMatch | None) -> str:
    concept = resource.get("code") or {}
    coding = match.coding if match else next(iter(_codings(concept)), {})
    text = concept.get("text") or coding.get("display") or ""
    code = coding.get("code", "")
    return f" ({text}, {code})" if text and code else f" ({text or code})" if text or code \
        else ""


def _unknown_system(resource: dict[str, Any], where: str, problems: Problems) -> None:
    systems = sorted({str(c.get("system")) for c in _codings(resource.get("code"))})
    if claims_cancer(resource):
        problems.error(f"{where}.code.coding.system",
                       f"unknown code system {', '.join(systems) or '(none)'}; expected one of "
                       f"{', '.join(sorted(codes.CONDITION_SYSTEMS))}", code="code-invalid")
    else:
        problems.not_stored(where, "not a Condition tumorboard can read",
                            f" (code system {', '.join(systems) or 'none'})")


def _pathway(resource: dict[str, Any], match: cancer_codes.CodeMatch | None, topography: str,
             morphology: str) -> str:
    extension = _extension(resource, codes.EXT_PATHWAY)
    if extension:
        return str(extension.get("valueCode", ""))
    if match is not None and match.pathway:
        return match.pathway
    return pathway_for(resource, topography, morphology)


def _site_and_histology(resource: dict[str, Any], match: cancer_codes.CodeMatch | None,
                        ) -> tuple[str, str, str, bool]:
    """(topography, laterality, morphology, whether the topography came from bodySite)."""
    topography, laterality = _site_from(resource)
    from_body_site = bool(topography)
    if match is not None:
        topography = topography or match.topography
        laterality = laterality or match.laterality
    morphology = _morphology(resource)
    if not morphology and not _extension(resource, codes.EXT_HISTOLOGY) and match:
        morphology = match.morphology  # only when the sender gave no histology at all
    return topography, laterality, morphology, from_body_site


def _not_kept(resource: dict[str, Any], match: cancer_codes.CodeMatch | None, where: str,
              problems: Problems, detail: str = "") -> None:
    if match is not None or claims_cancer(resource):
        problems.not_stored(where, OUTSIDE, detail or _describe(resource, match))
    else:
        problems.not_stored(where, NOT_CANCER, _describe(resource, match))


def from_fhir(resource: dict[str, Any], where: str, problems: Problems) -> dict[str, Any] | None:
    """Case values, or None when the condition is not one tumorboard keeps (noted)."""
    if not known_system(resource):
        _unknown_system(resource, where, problems)
        return None
    match = cancer_codes.classify(_codings(resource.get("code")))
    topography, laterality, morphology, given_site = _site_and_histology(resource, match)
    pathway = _pathway(resource, match, topography, morphology)
    if not pathway:
        _not_kept(resource, match, where, problems)
        return None
    if topography not in vocabulary.TOPOGRAPHY and not given_site:
        _not_kept(resource, match, where, problems, f"{_describe(resource, match)}: primary "
                  f"site {topography or 'not given'} is not one tumorboard keeps")
        return None
    if not morphology and not _extension(resource, codes.EXT_HISTOLOGY):
        morphology = UNKNOWN_HISTOLOGY[pathway == "bone_metastasis"]
        problems.note(f"{where}.extension", f"no histology given; stored as {morphology} "
                      f"({vocabulary.MORPHOLOGY[morphology]}): unknown")
    for value, label, known in ((topography, "bodySite", vocabulary.TOPOGRAPHY),
                                (morphology, "extension('histology')", vocabulary.MORPHOLOGY)):
        if value not in known:
            problems.error(f"{where}.{label}", f"{value or 'no code'} is not an ICD-O-3 code "
                           "tumorboard accepts", code="code-invalid")
    diagnosed = _onset(resource, where, problems)
    if diagnosed is None:
        return None
    return {"pathway": pathway, "primary_site_code": topography, "histology_code": morphology,
            "laterality": laterality, "diagnosis_date": diagnosed}


def _onset(resource: dict[str, Any], where: str, problems: Problems) -> dt.date | None:
    onset = resource.get("onsetDateTime") or resource.get("recordedDate")
    if not onset:
        problems.error(f"{where}.onsetDateTime", "tumorboard needs the date of diagnosis",
                       code="required")
        return None
    try:
        return dt.date.fromisoformat(str(onset)[:10])
    except ValueError:
        problems.error(f"{where}.onsetDateTime", f"{onset!r} is not a date")
        return None
