"""Stage groups against the AJCC Cancer Staging Manual, 8th edition (Amin et al., 2017):
breast anatomic stage table (ch. 48), colon and rectum (ch. 20), soft tissue sarcoma of the
trunk and extremities (ch. 41). Each row below is copied from the published table."""

from __future__ import annotations

import pytest

from tumorboard.patients.staging import StagingError, stage_group

BREAST_AJCC8_ANATOMIC = [
    ("Tis", "N0", "M0", "0"),
    ("T1", "N0", "M0", "IA"), ("T1mi", "N0", "M0", "IA"), ("T1c", "N0", "M0", "IA"),
    ("T0", "N1mi", "M0", "IB"), ("T1", "N1mi", "M0", "IB"),
    ("T0", "N1", "M0", "IIA"), ("T1", "N1", "M0", "IIA"), ("T2", "N0", "M0", "IIA"),
    ("T2", "N1", "M0", "IIB"), ("T3", "N0", "M0", "IIB"),
    ("T0", "N2", "M0", "IIIA"), ("T1", "N2", "M0", "IIIA"), ("T2", "N2", "M0", "IIIA"),
    ("T3", "N1", "M0", "IIIA"), ("T3", "N2", "M0", "IIIA"),
    ("T4", "N0", "M0", "IIIB"), ("T4b", "N1", "M0", "IIIB"), ("T4d", "N2", "M0", "IIIB"),
    ("T0", "N3", "M0", "IIIC"), ("T2", "N3a", "M0", "IIIC"), ("T4", "N3", "M0", "IIIC"),
    ("T3", "N2b", "M1", "IV"), ("T0", "N0", "M1", "IV"),
]

COLORECTAL_AJCC8 = [
    ("Tis", "N0", "M0", "0"),
    ("T1", "N0", "M0", "I"), ("T2", "N0", "M0", "I"),
    ("T3", "N0", "M0", "IIA"), ("T4a", "N0", "M0", "IIB"), ("T4b", "N0", "M0", "IIC"),
    ("T1", "N1", "M0", "IIIA"), ("T2", "N1c", "M0", "IIIA"), ("T1", "N2a", "M0", "IIIA"),
    ("T3", "N1a", "M0", "IIIB"), ("T4a", "N1b", "M0", "IIIB"), ("T2", "N2a", "M0", "IIIB"),
    ("T3", "N2a", "M0", "IIIB"), ("T1", "N2b", "M0", "IIIB"), ("T2", "N2b", "M0", "IIIB"),
    ("T4a", "N2a", "M0", "IIIC"), ("T3", "N2b", "M0", "IIIC"), ("T4a", "N2b", "M0", "IIIC"),
    ("T4b", "N1", "M0", "IIIC"), ("T4b", "N2b", "M0", "IIIC"),
    ("T2", "N0", "M1a", "IVA"), ("T4b", "N2b", "M1b", "IVB"), ("T3", "N1", "M1c", "IVC"),
]

SARCOMA_AJCC8 = [
    ("T1", "N0", "M0", "G1", "IA"), ("T1", "N0", "M0", "GX", "IA"),
    ("T2", "N0", "M0", "G1", "IB"), ("T3", "N0", "M0", "GX", "IB"), ("T4", "N0", "M0", "G1", "IB"),
    ("T1", "N0", "M0", "G2", "II"), ("T1", "N0", "M0", "G3", "II"),
    ("T2", "N0", "M0", "G2", "IIIA"), ("T2", "N0", "M0", "G3", "IIIA"),
    ("T3", "N0", "M0", "G2", "IIIB"), ("T4", "N0", "M0", "G3", "IIIB"),
    ("T2", "N1", "M0", "G1", "IV"), ("T1", "N0", "M1", "G1", "IV"),
]


@pytest.mark.parametrize(("t", "n", "m", "expected"), BREAST_AJCC8_ANATOMIC)
def test_it_groups_breast_by_the_ajcc8_anatomic_table(t: str, n: str, m: str,
                                                       expected: str) -> None:
    assert stage_group("breast", t, n, m) == expected


@pytest.mark.parametrize(("t", "n", "m", "expected"), COLORECTAL_AJCC8)
def test_it_groups_colorectal_by_the_ajcc8_table(t: str, n: str, m: str, expected: str) -> None:
    assert stage_group("colorectal", t, n, m) == expected


@pytest.mark.parametrize(("t", "n", "m", "grade", "expected"), SARCOMA_AJCC8)
def test_it_groups_sarcoma_by_the_ajcc8_table(t: str, n: str, m: str, grade: str,
                                              expected: str) -> None:
    assert stage_group("soft_tissue_sarcoma", t, n, m, grade) == expected


def test_it_reads_prefixed_categories() -> None:
    assert stage_group("breast", "cT1c", "pN1a", "cM0") == "IIA"
    assert stage_group("colorectal", "ypT3", "ypN0", "M0") == "IIA"


@pytest.mark.parametrize(("scheme", "t", "n", "m", "field"), [
    ("breast", "T0", "N0", "M0", "t"),       # no primary and no nodes: nothing to stage
    ("breast", "Tis", "N1", "M0", "t"),      # in situ with nodal disease is not in the table
    ("breast", "T5", "N0", "M0", "t"),
    ("breast", "T2", "N4", "M0", "n"),
    ("breast", "T2", "N0", "M2", "m"),
    ("colorectal", "T4", "N1", "M0", "t"),   # T4 must be T4a or T4b: not guessed
    ("colorectal", "T1", "N2", "M0", "n"),   # N2 must be N2a or N2b
    ("colorectal", "Tis", "N1", "M0", "n"),
    ("colorectal", "T2", "N0", "M1", "m"),   # M1 must be M1a, M1b or M1c
])
def test_it_rejects_invalid_combinations(scheme: str, t: str, n: str, m: str,
                                         field: str) -> None:
    with pytest.raises(StagingError) as error:
        stage_group(scheme, t, n, m)
    assert error.value.field == field


def test_it_needs_a_grade_for_sarcoma() -> None:
    with pytest.raises(StagingError) as error:
        stage_group("soft_tissue_sarcoma", "T2", "N0", "M0", "")
    assert error.value.field == "grade"


def test_it_refuses_an_unknown_scheme() -> None:
    with pytest.raises(StagingError):
        stage_group("lung", "T1", "N0", "M0")
