"""Choosing the AJCC 8th scheme from ICD-O-3 topography and morphology (AJCC Cancer
Staging Manual 8th ed., 2017: the "ICD-O-3 Topography Codes" and "Cancers Staged Using
This Staging System" sections of chapters 20, 38, 41, 44, 47 and 48)."""

from __future__ import annotations

import pytest

from tumorboard.patients.staging import choose_scheme, scheme_for

CASES = [
    # topography, morphology, prognostic factors known, expected scheme
    ("C50.4", "8500/3", False, "breast_anatomic"),
    ("C50.9", "8520/3", True, "breast_clinical_prognostic"),
    ("C50.2", "9120/3", False, None),          # angiosarcoma of the breast: not ch. 48
    ("C18.7", "8140/3", False, "colorectal"),
    ("C19.9", "8480/3", False, "colorectal"),
    ("C20.9", "8140/3", False, "colorectal"),
    ("C21.1", "8070/3", False, None),          # anal canal: another chapter
    ("C40.2", "9180/3", False, "bone_appendicular"),  # osteosarcoma of the femur
    ("C40.0", "9260/3", False, "bone_appendicular"),  # Ewing sarcoma of the humerus
    ("C41.0", "9220/3", False, "bone_appendicular"),  # skull and facial bones
    ("C41.3", "9220/3", False, "bone_appendicular"),  # rib: trunk
    ("C41.2", "9180/3", False, None),          # spine: no stage group
    ("C41.4", "9220/3", False, None),          # pelvis and sacrum: no stage group
    ("C40.2", "8000/6", False, None),          # metastasis to bone: stage the primary
    ("C48.0", "8850/3", False, "soft_tissue_retroperitoneum"),
    ("C49.2", "8850/3", False, "soft_tissue_trunk_extremity"),
    ("C49.1", "9040/3", False, "soft_tissue_trunk_extremity"),
    ("C49.6", "8890/3", False, "soft_tissue_trunk_extremity"),
    ("C49.0", "8890/3", False, None),          # head and neck: chapter 40
    ("C49.2", "8500/3", False, None),          # not a sarcoma
    ("C44.7", "8721/3", False, "melanoma"),
    ("C44.5", "8743/3", False, "melanoma"),
    ("C44.5", "8070/3", False, None),          # cutaneous squamous carcinoma
    ("C34.9", "8140/3", False, None),
    ("", "", False, None),
]


@pytest.mark.parametrize(("topography", "morphology", "prognostic", "expected"), CASES)
def test_it_chooses_the_scheme_from_site_and_histology(topography: str, morphology: str,
                                                       prognostic: bool,
                                                       expected: str | None) -> None:
    assert scheme_for(topography, morphology, has_prognostic_factors=prognostic) == expected


@pytest.mark.parametrize("histology", ["9180/3", "8890/3", "8850/3", "8805/3", "9220/3"])
def test_it_never_stages_a_bone_sarcoma_of_the_femur_with_the_soft_tissue_table(
        histology: str) -> None:
    assert scheme_for("C40.2", histology) == "bone_appendicular"


def test_it_gives_the_pathological_prognostic_table_after_surgery() -> None:
    assert scheme_for("C50.4", "8500/3", has_prognostic_factors=True,
                      setting="pathological") == "breast_pathological_prognostic"


@pytest.mark.parametrize(("topography", "words"), [("C41.2", "spine"), ("C41.4", "pelvis")])
def test_it_says_why_spine_and_pelvis_have_no_stage_group(topography: str, words: str) -> None:
    choice = choose_scheme(topography, "9180/3")
    assert choice.scheme is None and words in choice.reason
