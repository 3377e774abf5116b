"""Code systems, canonical URLs and the small code tables the mapping needs. Pure data.

SNOMED CT codes appear here only where an official mCODE STU4 example uses them (the
source example is named) or where the concept is a well-known top-level disorder; anything
else is matched through ICD-O-3 / ICD-10 / AJCC codes instead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# Placeholder canonical base for tumorboard's own definitions (not a resolvable server).
TB_BASE = "https://tumorboard.example.org/fhir"
TB_CODESYSTEM = f"{TB_BASE}/CodeSystem/tumorboard"
EXT_PATHWAY = f"{TB_BASE}/StructureDefinition/tumorboard-pathway"
EXT_CASE_STATUS = f"{TB_BASE}/StructureDefinition/tumorboard-case-status"
EXT_RESEARCH_CONSENT = f"{TB_BASE}/StructureDefinition/tumorboard-research-consent"
PROFILE_CASE_DETAIL = f"{TB_BASE}/StructureDefinition/tumorboard-case-detail"

MCODE_SD = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
EXT_HISTOLOGY = MCODE_SD + "mcode-histology-morphology-behavior"
EXT_LATERALITY = MCODE_SD + "mcode-laterality-qualifier"
EXT_CONDITION_RELATED = "http://hl7.org/fhir/StructureDefinition/condition-related"

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
AJCC = "http://cancerstaging.org"
UCUM = "http://unitsofmeasure.org"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
BCP47 = "urn:ietf:bcp:47"
AJCC8_METHOD = ("897275008", "American Joint Commission on Cancer, Cancer Staging Manual, "
                "8th edition neoplasm staging system (tumor staging)")

MRN_SYSTEM_RE = re.compile(r"^urn:tumorboard:site:([A-Z0-9][A-Z0-9_-]*):mrn$")


def mrn_system(site_code: str) -> str:
    return f"urn:tumorboard:site:{site_code}:mrn"


# Condition code systems an importer understands; another system alone is refused.
CONDITION_SYSTEMS = frozenset({SNOMED, ICD10, ICD10CM, ICDO3})
# mCODE laterality qualifier (SNOMED), as in Condition-primary-cancer-condition-nsclc.
LATERALITY_SNOMED = {"left": ("7771000", "Left (qualifier value)"),
                     "right": ("24028007", "Right (qualifier value)"),
                     "bilateral": ("51440002", "Right and left (qualifier value)"),
                     "midline": ("399488007", "Midline (qualifier value)")}
LATERALITY_BY_SNOMED = {code: name for name, (code, _) in LATERALITY_SNOMED.items()}

# Primary-cancer disorder codes -> (ICD-O-3 topography, laterality).
SNOMED_DISORDER_SITE = {
    "353431000119107": ("C50.9", "left"),   # Bundle-mcode-patient-bundle-jenny-m
    "254837009": ("C50.9", ""),             # Malignant neoplasm of breast
    "363351006": ("C20.9", ""),             # Malignant neoplasm of rectum
}
# Secondary malignant neoplasm of bone (mCODE SecondaryCancerDisorderVS descendant).
SNOMED_BONE_METASTASIS = ("94222008", "Secondary malignant neoplasm of bone (disorder)")
SNOMED_PATHWAY_DISORDER = {
    "breast": ("254837009", "Malignant neoplasm of breast (disorder)"),
    "rectum": ("363351006", "Malignant neoplasm of rectum (disorder)"),
}
# Body structures -> (topography, laterality); 80248007 from the mCODE breast examples.
SNOMED_BODY_SITE = {"80248007": ("C50.9", "left"), "76752008": ("C50.9", "")}
# Morphology (SNOMED) -> ICD-O-3; from Condition-primary-cancer-condition-jenny-m / -nsclc.
SNOMED_MORPHOLOGY = {"82711006": "8500/3", "1187332001": "8140/3"}
MORPHOLOGY_SNOMED = {"8500/3": ("82711006",
                                "Infiltrating duct carcinoma (morphologic abnormality)")}

# TNM kinds: (SNOMED observable, LOINC alternative, display, mCODE profile).
TNM_KINDS: dict[str, tuple[str, str, str, str]] = {
    "clinical_t": ("399504009", "21905-5", "cT category", "mcode-tnm-primary-tumor-category"),
    "clinical_n": ("399534004", "21906-3", "cN category", "mcode-tnm-regional-nodes-category"),
    "clinical_m": ("399387003", "21907-1", "cM category",
                   "mcode-tnm-distant-metastases-category"),
    "clinical_stage": ("399537006", "21908-9", "Clinical TNM stage grouping",
                       "mcode-tnm-stage-group"),
    "pathological_t": ("384625004", "21899-0", "pT category",
                       "mcode-tnm-primary-tumor-category"),
    "pathological_n": ("371494008", "21900-6", "pN category",
                       "mcode-tnm-regional-nodes-category"),
    "pathological_m": ("371497001", "21901-4", "pM category",
                       "mcode-tnm-distant-metastases-category"),
    "pathological_stage": ("399588009", "21902-2", "Pathologic TNM stage grouping",
                           "mcode-tnm-stage-group"),
}
TNM_BY_CODE = {code: kind for kind, row in TNM_KINDS.items() for code in row[:2]}

# AJCC values written as SNOMED qualifier codes in the mCODE STU4 examples.
SNOMED_AJCC_VALUES = {
    "1228938002": "cT3", "1229984001": "cN3", "1229967007": "cN0", "1229901006": "cM0",
    "1229859000": "pT3", "1229947003": "pN0", "1222806003": "IIIC", "1222769001": "IIB",
}
AJCC_DISPLAY_RE = re.compile(r"American Joint Committee on Cancer (?:stage )?(\S+) \(qualifier")

ECOG_LOINC = "89247-1"
TUMOR_SIZE_LOINC = "21889-1"
TUMOR_SIZE_MAJOR_AXIS = "33728-7"

ROMAN = {"0": "0", "I": "1", "II": "2", "III": "3", "IV": "4"}
ROMAN_BY_ARABIC = {v: k for k, v in ROMAN.items()}


def stage_to_ajcc(stage: str) -> str:
    """'IIIC' -> '3C', the code form of AJCC stage groups under http://cancerstaging.org."""
    match = re.fullmatch(r"(0|IV|I{1,3})([A-C]?\d?)", stage)
    return f"{ROMAN[match.group(1)]}{match.group(2)}" if match else stage


def stage_from_ajcc(code: str) -> str:
    """'3C' -> 'IIIC'; roman forms pass through."""
    match = re.fullmatch(r"([0-4])([A-C]?\d?)", code.strip().upper())
    return f"{ROMAN_BY_ARABIC[match.group(1)]}{match.group(2)}" if match else code.strip()


def ajcc_category(kind: str, value: str) -> str:
    """Our 'T2' as the AJCC code for a kind: clinical -> 'cT2', pathological -> 'pT2'."""
    return ("c" if kind.startswith("clinical") else "p") + value


def strip_category_prefix(value: str) -> str:
    """'cT3', 'pN0', 'ypT2' -> 'T3', 'N0', 'T2' (tumorboard stores the bare category)."""
    match = re.fullmatch(r"(?:y|r|a)?[cp]?([TNM].*)", value.strip())
    return match.group(1) if match else value.strip()


def icd10_for(topography: str, morphology: str) -> str:
    """ICD-10 (WHO) code of a malignant primary from ICD-O-3 topography and morphology.

    ICD-10 chapter II uses the ICD-O-3 topography codes for malignant neoplasms, except that
    melanoma of skin is C43 (ICD-O C44 site) and rectum/rectosigmoid have no subdivision."""
    if topography.startswith("C44") and morphology.startswith("87"):
        return "C43" + topography[3:]
    if topography in ("C20.9", "C19.9"):
        return topography[:3]
    return topography


def topography_from_icd10(code: str) -> str:
    """Inverse of icd10_for for the codes it writes (and ICD-10-CM laterality variants)."""
    code = code.strip().upper()
    if code.startswith("C43"):
        return "C44" + code[3:5]
    if code in ("C20", "C19"):
        return code + ".9"
    return code[:5]

# ---- surgery (Procedure) and MDT recommendations (CarePlan) -------------------------------
PROFILE_SURGICAL_PROCEDURE = MCODE_SD + "mcode-cancer-related-surgical-procedure"
EXT_PROCEDURE_INTENT = MCODE_SD + "mcode-procedure-intent"
# mCODE ProcedureIntentVS (STU4); curative as in Procedure-cancer-related-surgical-procedure-
# jenny-m.
PROCEDURE_INTENT_SNOMED = {"curative": ("373808002", "Curative - procedure intent"),
                           "palliative": ("363676003", "Palliative - procedure intent")}
SNOMED_SURGICAL_PROCEDURE = ("387713003", "Surgical procedure")
# Our procedure codes with a SNOMED CT concept of the same meaning. Sources: 64368001 from
# the mCODE STU4 example Procedure jenny-m; 172043006 and 265414003 as used in published
# FHIR IGs (ICHOM breast cancer, German oncology questionnaires). Everything else is coded
# in the tumorboard CodeSystem only.


def _procedure_snomed() -> dict[str, tuple[str, str]]:
    """Registry procedure -> the SNOMED CT coding exported beside tumorboard's own code: the
    first concept data/procedure_codes.json maps to it (each row cites its source)."""
    rows = json.loads((Path(__file__).parent / "data" / "procedure_codes.json").read_text(
        encoding="utf-8"))["snomed"]
    found: dict[str, tuple[str, str]] = {}
    for row in rows:
        for procedure in row["procedures"].values():
            found.setdefault(procedure, (row["code"], row["display"]))
    return found


PROCEDURE_SNOMED = _procedure_snomed()
EXT_RESECTION_MARGIN = f"{TB_BASE}/StructureDefinition/tumorboard-resection-margin"
EXT_RECONSTRUCTION = f"{TB_BASE}/StructureDefinition/tumorboard-reconstruction"
EXT_RECONSTRUCTION_TYPE = f"{TB_BASE}/StructureDefinition/tumorboard-reconstruction-type"
EXT_FLAP = f"{TB_BASE}/StructureDefinition/tumorboard-flap"
EXT_SPHINCTER_PRESERVED = f"{TB_BASE}/StructureDefinition/tumorboard-sphincter-preserved"
EXT_LIMB_OUTCOME = f"{TB_BASE}/StructureDefinition/tumorboard-limb-outcome"
EXT_LIMB_RECONSTRUCTION = f"{TB_BASE}/StructureDefinition/tumorboard-limb-reconstruction"
EXT_CCI = f"{TB_BASE}/StructureDefinition/tumorboard-cci"

# FHIR R4 CarePlan.category example binding: is-a 734163000 "Care plan (record artifact)".
SNOMED_CARE_PLAN = ("734163000", "Care plan")
EXT_TREATMENT_INTENT = f"{TB_BASE}/StructureDefinition/tumorboard-treatment-intent"
EXT_MDT_QUORATE = f"{TB_BASE}/StructureDefinition/tumorboard-mdt-quorate"
EXT_TRIAL_CONSIDERATION = f"{TB_BASE}/StructureDefinition/tumorboard-trial-consideration"
EXT_OPTION_DECISION = f"{TB_BASE}/StructureDefinition/tumorboard-option-decision"
MDT_RECOMMENDATION_CODE = ("mdt-recommendation", "MDT recommendation")
# English displays of board.plan.MODALITIES, fixed here (not gettext) so that a CarePlan's
# codings match the CodeSystem whatever the request's language.
MODALITY_DISPLAY = {
    "surgery": "Surgery",
    "neoadjuvant_therapy": "Neoadjuvant therapy",
    "adjuvant_therapy": "Adjuvant therapy",
    "radiotherapy": "Radiotherapy",
    "systemic_therapy": "Systemic therapy",
    "surveillance": "Surveillance",
    "best_supportive_care": "Best supportive care",
    "genetics_referral": "Genetics referral",
    "trial_referral": "Trial referral",
    "rediscuss_after_tests": "Rediscuss after tests",
}


def procedure_code(code: str) -> str:
    """A procedure code in the tumorboard CodeSystem: 'IM_NAIL' -> 'surgery-im-nail'."""
    return "surgery-" + code.lower().replace("_", "-")


def modality_code(modality: str) -> str:
    """A planned-treatment modality in the tumorboard CodeSystem: 'radiotherapy' ->
    'plan-radiotherapy'."""
    return "plan-" + modality.replace("_", "-")
