"""Bone (AJCC Cancer Staging Manual 8th ed., 2017, chapter 38, "AJCC Prognostic Stage
Groups" for the appendicular skeleton, trunk, skull and facial bones; the chapter's summary
of changes: "Pelvis and spine each have a separate and distinct TNM classification but
not a separate stage grouping", "Stage III is reserved for G2 and G3") and soft tissue
sarcoma of the retroperitoneum (chapter 44; stage groups as evaluated by Fisher et al.,
Am J Clin Oncol 2019;42:160-165: II G2/3 <= 5 cm, IIIA G2/3 5-10 cm, IIIB G2/3 > 10 cm,
N1 M0 IIIB, M1 IV). Expected values are typed from those tables."""

from __future__ import annotations

import pytest

from tumorboard.patients.staging import StagingError, stage_group

BONE_AJCC8 = [
    # T N M grade -> stage
    ("T1", "N0", "M0", "G1", "IA"), ("T1", "N0", "M0", "GX", "IA"),
    ("T2", "N0", "M0", "G1", "IB"), ("T2", "N0", "M0", "GX", "IB"),
    ("T3", "N0", "M0", "G1", "IB"), ("T3", "N0", "M0", "GX", "IB"),
    ("T1", "N0", "M0", "G2", "IIA"), ("T1", "N0", "M0", "G3", "IIA"),
    ("T2", "N0", "M0", "G2", "IIB"), ("T2", "N0", "M0", "G3", "IIB"),
    ("T3", "N0", "M0", "G2", "III"), ("T3", "N0", "M0", "G3", "III"),
    ("T1", "N0", "M1a", "G1", "IVA"), ("T3", "N0", "M1a", "G3", "IVA"),
    ("T2", "N0", "M1a", "", "IVA"),
    ("T1", "N1", "M0", "G1", "IVB"), ("T2", "N1", "M1a", "G3", "IVB"),
    ("T3", "N1", "M1b", "GX", "IVB"), ("T1", "N0", "M1b", "G1", "IVB"),
    ("T2", "N1", "M1", "G2", "IVB"),
]

RETROPERITONEUM_AJCC8 = [
    ("T1", "N0", "M0", "G1", "IA"), ("T1", "N0", "M0", "GX", "IA"),
    ("T2", "N0", "M0", "G1", "IB"), ("T3", "N0", "M0", "GX", "IB"), ("T4", "N0", "M0", "G1", "IB"),
    ("T1", "N0", "M0", "G2", "II"), ("T1", "N0", "M0", "G3", "II"),
    ("T2", "N0", "M0", "G2", "IIIA"), ("T2", "N0", "M0", "G3", "IIIA"),
    ("T3", "N0", "M0", "G2", "IIIB"), ("T3", "N0", "M0", "G3", "IIIB"),
    ("T4", "N0", "M0", "G2", "IIIB"), ("T4", "N0", "M0", "G3", "IIIB"),
    # N1 is IIIB here (any T, any grade), where the trunk/extremity table says IV.
    ("T1", "N1", "M0", "G1", "IIIB"), ("T2", "N1", "M0", "G3", "IIIB"),
    ("T4", "N1", "M0", "", "IIIB"),
    ("T1", "N0", "M1", "G1", "IV"), ("T3", "N1", "M1", "G3", "IV"),
]


@pytest.mark.parametrize(("t", "n", "m", "grade", "expected"), BONE_AJCC8)
def test_it_groups_appendicular_bone_by_the_ajcc8_table(t: str, n: str, m: str, grade: str,
                                                          expected: str) -> None:
    assert stage_group("bone_appendicular", t, n, m, grade) == expected


@pytest.mark.parametrize(("t", "n", "m", "grade", "expected"), RETROPERITONEUM_AJCC8)
def test_it_groups_retroperitoneal_sarcoma_by_the_ajcc8_table(
        t: str, n: str, m: str, grade: str, expected: str) -> None:
    assert stage_group("soft_tissue_retroperitoneum", t, n, m, grade) == expected


def test_it_keeps_n1_as_stage_iv_for_trunk_and_extremity_sarcoma() -> None:
    assert stage_group("soft_tissue_trunk_extremity", "T1", "N1", "M0", "G1") == "IV"
    assert stage_group("soft_tissue_sarcoma", "T1", "N1", "M0", "G1") == "IV"


def test_it_reads_prefixed_bone_categories() -> None:
    assert stage_group("bone_appendicular", "pT2", "cN0", "cM0", "g3") == "IIB"


@pytest.mark.parametrize("scheme", ["bone_spine", "bone_pelvis"])
def test_it_refuses_to_group_spine_and_pelvis_bone_tumours(scheme: str) -> None:
    with pytest.raises(StagingError) as error:
        stage_group(scheme, "T1", "N0", "M0", "G1")
    assert error.value.field == "scheme"


@pytest.mark.parametrize(("scheme", "t", "n", "m", "grade", "field"), [
    ("bone_appendicular", "T4", "N0", "M0", "G1", "t"),
    ("bone_appendicular", "T1", "N2", "M0", "G1", "n"),
    ("bone_appendicular", "T1", "N0", "M1c", "G1", "m"),
    ("bone_appendicular", "T1", "N0", "M1", "G1", "m"),   # lung only or not decides IVA/IVB
    ("bone_appendicular", "T1", "N0", "M0", "", "grade"),
    ("bone_appendicular", "T1", "N0", "M0", "G4", "grade"),  # G4 was removed in the 8th
    ("soft_tissue_retroperitoneum", "T5", "N0", "M0", "G1", "t"),
    ("soft_tissue_retroperitoneum", "T2", "N0", "M0", "", "grade"),
    ("soft_tissue_retroperitoneum", "T2", "N0", "M1a", "G1", "m"),
])
def test_it_rejects_invalid_bone_and_retroperitoneal_input(
        scheme: str, t: str, n: str, m: str, grade: str, field: str) -> None:
    with pytest.raises(StagingError) as error:
        stage_group(scheme, t, n, m, grade)
    assert error.value.field == field
