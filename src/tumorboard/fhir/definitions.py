"""tumorboard's own FHIR definitions: the CodeSystem of case details and the
StructureDefinitions of its extensions and case-detail Observation profile.

The JSON under definitions/ is generated from here (`python -m tumorboard.fhir.definitions`)
and a test checks that the shipped files are current."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tumorboard.fhir import codes, details

FOLDER = Path(__file__).parent / "definitions"
VERSION = "0.1.0"
DATE = "2026-01-01"
PUBLISHER = "tumorboard (placeholder canonical base; not a resolvable server)"


def code_system() -> dict[str, Any]:
    return {
        "resourceType": "CodeSystem", "id": "tumorboard", "url": codes.TB_CODESYSTEM,
        "version": VERSION, "name": "TumorboardCaseDetails",
        "title": "tumorboard case details", "status": "draft", "experimental": True,
        "date": DATE, "publisher": PUBLISHER, "caseSensitive": True, "content": "complete",
        "valueSet": f"{codes.TB_BASE}/ValueSet/tumorboard",
        "description": "Pathway details of a tumorboard case that mCODE STU4 has no element "
                       "for (distance from the anal verge, planned surgery, reconstruction "
                       "risk factors, ...). Used as Observation.code.",
        "count": len(details.DETAILS),
        "concept": [{"code": d.code, "display": d.display,
                     "definition": f"{d.display} ({d.pathway} pathway; value "
                                   f"{d.kind}{' in ' + d.unit if d.unit else ''})"}
                    for d in details.DETAILS],
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
    return {
        "CodeSystem-tumorboard.json": code_system(),
        "StructureDefinition-tumorboard-case-detail.json": case_detail_profile(),
        "StructureDefinition-tumorboard-pathway.json": _extension(
            "tumorboard-pathway", "tumorboard pathway", "Condition", "code",
            "The tumorboard pathway of the case (breast, rectum, sarcoma, bone_metastasis, "
            "melanoma)."),
        "StructureDefinition-tumorboard-case-status.json": _extension(
            "tumorboard-case-status", "tumorboard case status", "Condition", "code",
            "Where the case is in the MDT workflow (referred, work_up, discussed, "
            "in_treatment, follow_up, closed). Exported only; not imported."),
        "StructureDefinition-tumorboard-research-consent.json": _extension(
            "tumorboard-research-consent", "tumorboard research consent", "Patient",
            "boolean", "Whether the patient consents to research use of their record."),
    }


def render(resource: dict[str, Any]) -> str:
    return json.dumps(resource, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    FOLDER.mkdir(exist_ok=True)
    for name, resource in all_definitions().items():
        (FOLDER / name).write_text(render(resource), encoding="utf-8")
