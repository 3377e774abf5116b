"""The curated Condition code map (fhir/data/cancer_codes.json): a table of known cases.

Expected rows come from the sources named in the data file: SNOMED CT FSNs, WHO ICD-10
chapter II, ICD-10-CM (6th character 1 = right, 2 = left) and ICD-O-3 (melanoma of skin
C43 <-> C44)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tumorboard.fhir import cancer_codes as cc
from tumorboard.patients import vocabulary

# (system, code) -> (pathway, topography, laterality, morphology); pathway "" = a cancer
# outside tumorboard's pathways; None = not a cancer at all.
KNOWN: list[tuple[str, str, tuple[str, str, str, str] | None]] = [
    (cc.SNOMED, "254837009", ("breast", "C50.9", "", "")),
    (cc.SNOMED, "372064008", ("breast", "C50.9", "", "")),
    (cc.SNOMED, "353431000119107", ("breast", "C50.9", "left", "")),
    (cc.SNOMED, "408643008", ("breast", "C50.9", "", "8500/3")),
    (cc.SNOMED, "363351006", ("rectum", "C20.9", "", "")),
    (cc.SNOMED, "93984006", ("rectum", "C20.9", "", "")),
    (cc.SNOMED, "94222008", ("bone_metastasis", "C41.9", "", "")),
    (cc.SNOMED, "372244006", ("melanoma", "C44.9", "", "8720/3")),
    (cc.SNOMED, "424413001", ("sarcoma", "C49.9", "", "8800/3")),
    (cc.SNOMED, "363406005", ("", "", "", "")),        # colon: outside the pathways
    (cc.SNOMED, "254637007", ("", "", "", "")),        # NSCLC (mCODE example john-anyperson)
    (cc.SNOMED, "40055000", None),                      # chronic sinusitis (Synthea)
    (cc.ICD10, "C50.9", ("breast", "C50.9", "", "")),
    (cc.ICD10, "C50.4", ("breast", "C50.4", "", "")),
    (cc.ICD10, "C50", ("breast", "C50.9", "", "")),
    (cc.ICD10CM, "C50.912", ("breast", "C50.9", "left", "")),
    (cc.ICD10CM, "C50.411", ("breast", "C50.4", "right", "")),
    (cc.ICD10, "C20", ("rectum", "C20.9", "", "")),
    (cc.ICD10, "C19", ("rectum", "C19.9", "", "")),
    (cc.ICD10, "C18.7", ("rectum", "C18.7", "", "")),
    (cc.ICD10, "C18.2", ("", "", "", "")),             # ascending colon: outside
    (cc.ICD10, "C49.2", ("sarcoma", "C49.2", "", "")),
    (cc.ICD10, "C40.2", ("sarcoma", "C40.2", "", "")),
    (cc.ICD10, "C41.2", ("sarcoma", "C41.2", "", "")),
    (cc.ICD10, "C43.5", ("melanoma", "C44.5", "", "8720/3")),
    (cc.ICD10, "C43.9", ("melanoma", "C44.9", "", "8720/3")),
    (cc.ICD10, "C79.5", ("bone_metastasis", "C41.9", "", "")),
    (cc.ICD10CM, "C79.51", ("bone_metastasis", "C41.9", "", "")),
    (cc.ICD10, "C34.9", ("", "", "", "")),             # lung: outside
    (cc.ICD10, "I10", None),                            # hypertension
]


@pytest.mark.parametrize(("system", "code", "expected"), KNOWN)
def test_it_maps_known_codes(system: str, code: str,
                             expected: tuple[str, str, str, str] | None) -> None:
    found = cc.classify([{"system": system, "code": code}])
    got = None if found is None else (found.pathway, found.topography, found.laterality,
                                      found.morphology)
    assert got == expected


def test_it_prefers_the_coding_with_a_laterality() -> None:
    found = cc.classify([{"system": cc.SNOMED, "code": "254837009"},
                         {"system": cc.SNOMED, "code": "353431000119107"}])
    assert found is not None and found.laterality == "left"


def test_it_ships_only_sites_and_histologies_tumorboard_accepts_with_their_sources() -> None:
    table = cc.table()
    for row in table["snomed"] + table["icd10"]:
        assert row.get("topography", "C50.9") in vocabulary.TOPOGRAPHY
        assert row.get("morphology", "8000/3") in vocabulary.MORPHOLOGY
        assert row["sources"] and cc.sources_of(row)
    pathways = {row["pathway"] for row in table["snomed"] + table["icd10"]}
    assert pathways == {"breast", "rectum", "sarcoma", "bone_metastasis", "melanoma"}


def test_it_reads_cancer_words_only_when_not_negated() -> None:
    assert cc.is_cancer_text("Primary malignant neoplasm of ovary")
    assert not cc.is_cancer_text("Benign neoplasm of breast")
    assert not cc.is_cancer_text("Suspected lung cancer (situation)")


def test_it_imports_no_django() -> None:
    # Also proposed for tests/test_pure_cores.py's PURE list (shared file, being edited).
    src = str(Path(__file__).resolve().parents[2] / "src")
    code = ("import sys, tumorboard.fhir.cancer_codes as m; m.table(); "
            "print(sorted(n for n in sys.modules if n.startswith('django')))")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = src
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=120, check=True)
    assert result.stdout.strip() == "[]"
