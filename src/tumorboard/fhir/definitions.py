"""tumorboard's own FHIR definitions: the CodeSystem of case details and the
StructureDefinitions of its extensions and case-detail Observation profile.

The JSON under definitions/ is generated from here (`python -m tumorboard.fhir.definitions`)
and a test checks that the shipped files are current."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tumorboard.fhir import codes, details
from tumorboard.outcomes import vocabulary

FOLDER = Path(__file__).parent / "definitions"
VERSION = "0.1.0"
DATE = "2026-01-01"
PUBLISHER = "tumorboard (placeholder canonical base; not a resolvable server)"


def _detail_concepts() -> list[dict[str, str]]:
    return [{"code": d.code, "display": d.display,
             "definition": f"{d.display} ({d.pathway} pathway; value "
                           f"{d.kind}{' in ' + d.unit if d.unit else ''})"}
            for d in details.DETAILS]


def _procedure_concepts() -> list[dict[str, str]]:
    pathways: dict[str, list[str]] = {}
    for pathway, procedures in vocabulary.PROCEDURES.items():
        for code in procedures:
            pathways.setdefault(code, []).append(pathway)
    labels = vocabulary.all_procedures()
    return [{"code": codes.procedure_code(code), "display": labels[code],
             "definition": f"Cancer surgery recorded in the outcomes registry "
                           f"({', '.join(found)} pathway). Used as Procedure.code."}
            for code, found in pathways.items()]


def _plan_concepts() -> list[dict[str, str]]:
    concepts = [{"code": codes.modality_code(m), "display": label,
                 "definition": f"{label} as an item of an MDT recommendation's planned "
                               "treatment. Used as CarePlan.activity.detail.code."}
                for m, label in codes.MODALITY_DISPLAY.items()]
    code, display = codes.MDT_RECOMMENDATION_CODE
    concepts.append({"code": code, "display": display,
                     "definition": "A signed recommendation of a multidisciplinary tumour "
                                   "board. Used as CarePlan.category."})
    return concepts


def concepts() -> list[dict[str, str]]:
    return _detail_concepts() + _procedure_concepts() + _plan_concepts()


def code_system() -> dict[str, Any]:
    found = concepts()
    return {
        "resourceType": "CodeSystem", "id": "tumorboard", "url": codes.TB_CODESYSTEM,
        "version": VERSION, "name": "TumorboardCaseDetails",
        "title": "tumorboard case details", "status": "draft", "experimental": True,
        "date": DATE, "publisher": PUBLISHER, "caseSensitive": True, "content": "complete",
        "valueSet": f"{codes.TB_BASE}/ValueSet/tumorboard",
        "description": "Pathway details of a tumorboard case that mCODE STU4 has no element "
                       "for (distance from the anal verge, planned surgery, reconstruction "
                       "risk factors, ...), used as Observation.code; tumorboard's surgical "
                       "procedures (Procedure.code, with SNOMED CT where an equivalent is "
                       "known); the planned-treatment modalities of an MDT recommendation "
                       "(CarePlan.activity.detail.code) and the CarePlan category.",
        "count": len(found),
        "concept": found,
    }


def _extension(slug: str, title: str, context: str, value_type: str,
               description: str) -> dict[str, Any]:
    url = f"{codes.TB_BASE}/StructureDefinition/{slug}"
    return {
        "resourceType": "StructureDefinition", "id": slug, "url": url, "version": VERSION,
        "name": title.replace(" ", ""), "title": title, "status": "draft", "date": DATE,
        "publisher": PUBLISHER, "description": description, "fhirVersion": "4.0.1",
        "kind": "complex-type", "abstract": False,
        "context": [{"type": "element", "expression": context}],
        "type": "Extension",
        "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension",
        "derivation": "constraint",
        "differential": {"element": [
            {"id": "Extension", "path": "Extension", "short": title, "max": "1"},
            {"id": "Extension.extension", "path": "Extension.extension", "max": "0"},
            {"id": "Extension.url", "path": "Extension.url", "fixedUri": url},
            {"id": "Extension.value[x]", "path": "Extension.value[x]", "min": 1,
             "type": [{"code": value_type}]},
        ]},
    }


def option_decision_extension() -> dict[str, Any]:
    """Complex extension: the board's decision on one option the screen raised."""
    slug, title = "tumorboard-option-decision", "tumorboard option decision"
    url = codes.EXT_OPTION_DECISION
    elements: list[dict[str, Any]] = [
        {"id": "Extension", "path": "Extension", "short": title},
        {"id": "Extension.extension", "path": "Extension.extension", "min": 2}]
    for name, value_type, low in (("option", "code", 1), ("decision", "code", 1),
                                  ("reason", "string", 0), ("referredTo", "string", 0)):
        part = f"Extension.extension:{name}"
        elements += [
            {"id": part, "path": "Extension.extension", "sliceName": name, "min": low,
             "max": "1"},
            {"id": f"{part}.url", "path": "Extension.extension.url", "fixedUri": name},
            {"id": f"{part}.value[x]", "path": "Extension.extension.value[x]", "min": 1,
             "type": [{"code": value_type}]}]
    elements += [{"id": "Extension.url", "path": "Extension.url", "fixedUri": url},
                 {"id": "Extension.value[x]", "path": "Extension.value[x]", "max": "0"}]
    return {
        "resourceType": "StructureDefinition", "id": slug, "url": url, "version": VERSION,
        "name": "TumorboardOptionDecision", "title": title, "status": "draft", "date": DATE,
        "publisher": PUBLISHER, "fhirVersion": "4.0.1", "kind": "complex-type",
        "abstract": False, "context": [{"type": "element", "expression": "CarePlan"}],
        "description": "The MDT's decision on an option raised by tumorboard's screen "
                       "(option code, e.g. breast_immediate_reconstruction; decision "
                       "offered_accepted | offered_declined | not_suitable | "
                       "referred_elsewhere; optional reason and referred-to text).",
        "type": "Extension",
        "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension",
        "derivation": "constraint", "differential": {"element": elements},
    }


# (slug, title, context, value type, description) of the simple extensions.
SIMPLE_EXTENSIONS = (
    ("tumorboard-pathway", "tumorboard pathway", "Condition", "code",
     "The tumorboard pathway of the case (breast, rectum, sarcoma, bone_metastasis, "
     "melanoma)."),
    ("tumorboard-case-status", "tumorboard case status", "Condition", "code",
     "Where the case is in the MDT workflow (referred, work_up, discussed, in_treatment, "
     "follow_up, closed). Exported only; not imported."),
    ("tumorboard-research-consent", "tumorboard research consent", "Patient", "boolean",
     "Whether the patient consents to research use of their record."),
    ("tumorboard-resection-margin", "tumorboard resection margin", "Procedure", "code",
     "Residual tumour classification of the resection: R0, R1 or R2."),
    ("tumorboard-reconstruction", "tumorboard reconstruction", "Procedure", "code",
     "Breast reconstruction with this operation: none, immediate or delayed."),
    ("tumorboard-reconstruction-type", "tumorboard reconstruction type", "Procedure", "code",
     "Breast reconstruction type: implant, autologous or combined."),
    ("tumorboard-flap", "tumorboard flap", "Procedure", "code",
     "Flap of an autologous breast reconstruction: DIEP, LD, TRAM, SIEA, TUG, PAP, other."),
    ("tumorboard-sphincter-preserved", "tumorboard sphincter preserved", "Procedure",
     "boolean", "Rectal surgery: whether the anal sphincter was preserved."),
    ("tumorboard-limb-outcome", "tumorboard limb outcome", "Procedure", "code",
     "Sarcoma and bone metastasis surgery: salvage or amputation."),
    ("tumorboard-limb-reconstruction", "tumorboard limb reconstruction", "Procedure", "code",
     "Limb reconstruction: none, endoprosthesis, flap, 3d_printed_implant, allograft, other."),
    ("tumorboard-cci", "tumorboard CCI", "Procedure", "decimal",
     "Comprehensive Complication Index (0-100) of the operation's complications "
     "(Slankamenac et al., Ann Surg 2013), as recorded at export."),
    ("tumorboard-treatment-intent", "tumorboard treatment intent", "CarePlan", "code",
     "Intent of the MDT recommendation: curative or palliative."),
    ("tumorboard-mdt-quorate", "tumorboard MDT quorate", "CarePlan", "boolean",
     "Whether the meeting that signed the recommendation had its core specialties present."),
    ("tumorboard-trial-consideration", "tumorboard trial consideration", "CarePlan", "code",
     "Clinical trial consideration: eligible_offered, not_eligible or no_trial_available."),
)


def case_detail_profile() -> dict[str, Any]:
    slug = "tumorboard-case-detail"
    return {
        "resourceType": "StructureDefinition", "id": slug, "url": codes.PROFILE_CASE_DETAIL,
        "version": VERSION, "name": "TumorboardCaseDetail", "title": "tumorboard case detail",
        "status": "draft", "date": DATE, "publisher": PUBLISHER, "fhirVersion": "4.0.1",
        "description": "One pathway detail of a cancer case, coded in the tumorboard "
                       "CodeSystem, about the case's cancer Condition (focus).",
        "kind": "resource", "abstract": False, "type": "Observation",
        "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation",
        "derivation": "constraint",
        "differential": {"element": [
            {"id": "Observation", "path": "Observation"},
            {"id": "Observation.code", "path": "Observation.code",
             "binding": {"strength": "required",
                         "valueSet": f"{codes.TB_BASE}/ValueSet/tumorboard"}},
            {"id": "Observation.subject", "path": "Observation.subject", "min": 1,
             "type": [{"code": "Reference", "targetProfile": [
                 codes.MCODE_SD + "mcode-cancer-patient"]}]},
            {"id": "Observation.focus", "path": "Observation.focus", "min": 1, "max": "1",
             "type": [{"code": "Reference", "targetProfile": [
                 codes.MCODE_SD + "mcode-primary-cancer-condition",
                 codes.MCODE_SD + "mcode-secondary-cancer-condition"]}]},
            {"id": "Observation.value[x]", "path": "Observation.value[x]", "min": 1,
             "type": [{"code": t} for t in ("Quantity", "integer", "boolean", "string")]},
        ]},
    }


def all_definitions() -> dict[str, dict[str, Any]]:
    found = {
        "CodeSystem-tumorboard.json": code_system(),
        "StructureDefinition-tumorboard-case-detail.json": case_detail_profile(),
        "StructureDefinition-tumorboard-option-decision.json": option_decision_extension(),
    }
    for slug, title, context, value_type, description in SIMPLE_EXTENSIONS:
        found[f"StructureDefinition-{slug}.json"] = _extension(slug, title, context,
                                                                value_type, description)
    return found


def render(resource: dict[str, Any]) -> str:
    return json.dumps(resource, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    FOLDER.mkdir(exist_ok=True)
    for name, resource in all_definitions().items():
        (FOLDER / name).write_text(render(resource), encoding="utf-8")
