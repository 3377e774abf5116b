"""Which tumorboard pathway and ICD-O-3 primary site a Condition's code names. Pure: no Django.

The curated table is data (data/cancer_codes.json, with its sources): SNOMED CT disorders
EHRs send, and ICD-10 / ICD-10-CM rules by code prefix. ICD-O-3 topography codes in
Condition.code are read as they are. A code that names a cancer tumorboard keeps no pathway
for (lung, colon, prostate ..., or any other ICD-10 C00-C97) is recognised as such, so that
the importer can say so in words instead of dropping it silently.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SNOMED = "http://snomed.info/sct"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
DATA = Path(__file__).parent / "data" / "cancer_codes.json"
CANCER_WORDS = re.compile(r"malignan|carcinoma|sarcoma|melanoma|lymphoma|leuk[a]?emia|myeloma|"
                          r"cancer|metasta|blastoma", re.IGNORECASE)
NOT_CANCER_WORDS = re.compile(r"benign|history of|suspected|screening|family history",
                              re.IGNORECASE)
LATERAL_CM = {"1": "right", "2": "left"}


@dataclass(frozen=True)
class CodeMatch:
    """A pathway ('' for a cancer outside tumorboard's pathways), ICD-O-3 topography and
    laterality ('' when the code does not say), a morphology the code implies (''), and the
    coding that matched."""
    pathway: str
    topography: str
    laterality: str
    morphology: str
    coding: dict[str, Any]


@cache
def table() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


@cache
def _snomed() -> dict[str, dict[str, Any]]:
    return {row["code"]: row for row in table()["snomed"]}


@cache
def _outside() -> frozenset[str]:
    return frozenset(row["code"] for row in table()["outside"])


def _icd10_rule(code: str) -> dict[str, Any] | None:
    rows = [r for r in table()["icd10"] if code == r["prefix"] or code.startswith(
        r["prefix"] + ("" if "." in r["prefix"] else "."))]
    return max(rows, key=lambda r: len(r["prefix"])) if rows else None


def _split(code: str) -> tuple[str, str]:
    head, _, tail = code.strip().upper().partition(".")
    return head, tail


def _icd10_site(rule: dict[str, Any], code: str, clinical_modification: bool) -> tuple[str, str]:
    """(ICD-O-3 topography, laterality) from an ICD-10 code and the rule matching it."""
    if "topography" in rule:
        return str(rule["topography"]), ""
    head, tail = _split(code)
    site = tail[:1] or "9"
    laterality = LATERAL_CM.get(tail[-1:], "") if clinical_modification and len(tail) >= 2 \
        else ""
    if rule["rule"] == "melanoma":
        head = "C44"
    return f"{head}.{site}", laterality


def _from_icd10(coding: dict[str, Any], clinical_modification: bool) -> CodeMatch | None:
    code = str(coding.get("code", "")).strip().upper()
    rule = _icd10_rule(code)
    if rule is not None:
        topography, laterality = _icd10_site(rule, code, clinical_modification)
        return CodeMatch(rule["pathway"], topography, laterality, rule.get("morphology", ""),
                         coding)
    head, _ = _split(code)
    if re.fullmatch(r"C(?:[0-8]\d|9[0-7])", head) or re.fullmatch(r"D0\d", head):
        return CodeMatch("", "", "", "", coding)
    return None


def _from_snomed(coding: dict[str, Any]) -> CodeMatch | None:
    code = str(coding.get("code", "")).strip()
    row = _snomed().get(code)
    if row is not None:
        return CodeMatch(row["pathway"], row["topography"], row.get("laterality", ""),
                         row.get("morphology", ""), coding)
    if code in _outside() or is_cancer_text(str(coding.get("display", ""))):
        return CodeMatch("", "", "", "", coding)
    return None


def is_cancer_text(text: str) -> bool:
    """Whether a display or text names a cancer (a fallback for codes not in the table)."""
    return bool(CANCER_WORDS.search(text)) and not NOT_CANCER_WORDS.search(text)


def match_coding(coding: dict[str, Any]) -> CodeMatch | None:
    system = coding.get("system")
    if system == SNOMED:
        return _from_snomed(coding)
    if system in (ICD10, ICD10CM):
        return _from_icd10(coding, system == ICD10CM)
    if system == ICDO3:
        code = str(coding.get("code", "")).strip().upper()
        return CodeMatch("", code, "", "", coding) if code.startswith("C") else None
    return None


def classify(codings: Iterable[dict[str, Any]]) -> CodeMatch | None:
    """The best match among a CodeableConcept's codings: one naming a pathway (one with a
    laterality first), else one naming a cancer outside the pathways, else None."""
    found = [m for m in (match_coding(c) for c in codings) if m is not None]
    with_pathway = [m for m in found if m.pathway]
    if with_pathway:
        return max(with_pathway, key=lambda m: (bool(m.laterality), bool(m.morphology)))
    return found[0] if found else None


def sources_of(row: dict[str, Any]) -> list[str]:
    """The full source texts of a table row."""
    return [table()["sources"][key] for key in row.get("sources", [])]
