"""The case derivation picks the AJCC scheme from the case's ICD-O-3 site and histology
(validation.derive_case_fields). Expected stages come from the AJCC 8th edition tables
cited in the other test_stage_* files (chapters 38, 41, 47, 48)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from tumorboard.patients.validation import InvalidInput, derive_case_fields

TODAY = dt.date(2025, 6, 1)
RECEPTORS = {"er": "positive", "pr": "negative", "her2": "negative"}


def case(site: str, histology: str, pathway: str, grade: str = "", **tnm: str) -> Any:
    values = {f"{p}_{k}": "" for p in ("clinical", "pathological") for k in "tnm"}
    values.update(tnm)
    return SimpleNamespace(primary_site_code=site, histology_code=histology, pathway=pathway,
                           grade=grade, diagnosis_date=dt.date(2025, 1, 10), **values)


def derive(record: Any, biomarkers: dict[str, str] | None = None,
           fnclcc: int | None = None) -> Any:
    derive_case_fields(record, dt.date(1960, 1, 1), None, fnclcc, TODAY, biomarkers=biomarkers)
    return record


def breast(**tnm: str) -> Any:
    return case("C50.4", "8500/3", "breast", "G3", **tnm)


def test_it_gives_the_clinical_prognostic_stage_when_grade_and_receptors_are_known() -> None:
    # PDQ table 9: T2 N1 M0, G3, HER2-, ER+, PR- -> IIIA (anatomic IIB).
    record = derive(breast(clinical_t="cT2", clinical_n="cN1a", clinical_m="cM0"), RECEPTORS)
    assert record.clinical_stage == "IIIA"


@pytest.mark.parametrize("biomarkers", [None, {"er": "positive", "pr": "negative", "her2": ""}])
def test_it_falls_back_to_the_anatomic_stage_without_all_receptors(
        biomarkers: dict[str, str] | None) -> None:
    record = derive(breast(clinical_t="cT2", clinical_n="cN1a", clinical_m="cM0"), biomarkers)
    assert record.clinical_stage == "IIB"


def test_it_uses_the_anatomic_stage_after_neoadjuvant_therapy() -> None:
    record = derive(breast(pathological_t="ypT2", pathological_n="ypN1a", pathological_m="cM0"),
                    RECEPTORS)
    assert record.pathological_stage == "IIB"


def test_it_stages_a_bone_sarcoma_of_the_femur_with_the_bone_table() -> None:
    # Bone ch. 38: T2 N0 M0 high grade -> IIB; the soft-tissue table would say IIIA.
    record = derive(case("C40.2", "9180/3", "sarcoma", "G3", clinical_t="T2", clinical_n="N0",
                         clinical_m="M0"))
    assert record.clinical_stage == "IIB"


def test_it_leaves_a_spinal_bone_sarcoma_without_a_stage_group() -> None:
    record = derive(case("C41.2", "9180/3", "sarcoma", "G3", clinical_t="T1", clinical_n="N0",
                         clinical_m="M0"))
    assert record.clinical_stage == ""


def test_it_still_stages_soft_tissue_sarcoma_with_the_fnclcc_grade() -> None:
    record = derive(case("C49.2", "8850/3", "sarcoma", clinical_t="T3", clinical_n="N0",
                         clinical_m="M0"), fnclcc=3)
    assert record.clinical_stage == "IIIB"


def test_it_stages_melanoma_with_the_pathological_table_only() -> None:
    record = derive(case("C44.5", "8743/3", "melanoma", clinical_t="T2a", clinical_n="N0",
                         clinical_m="M0", pathological_t="pT2a", pathological_n="pN1a",
                         pathological_m="cM0"))
    assert (record.clinical_stage, record.pathological_stage) == ("", "IIIA")


def test_it_names_the_field_of_an_invalid_category() -> None:
    with pytest.raises(InvalidInput) as error:
        derive(case("C44.5", "8743/3", "melanoma", pathological_t="pT2",
                    pathological_n="pN0", pathological_m="cM0"))
    assert error.value.field == "pathological_t"


def test_it_keeps_the_old_positional_call() -> None:
    record = case("C20.9", "8140/3", "rectum", clinical_t="T3", clinical_n="N1a",
                  clinical_m="M0")
    derive_case_fields(record, dt.date(1960, 1, 1), None, None, TODAY)
    assert record.clinical_stage == "IIIB"
