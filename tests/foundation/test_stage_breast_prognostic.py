"""Breast, AJCC 8th edition prognostic stage groups (AJCC Cancer Staging Manual 8th ed.,
2017, chapter 48, updated chapter of January 2018). Expected values are typed from NCI PDQ
Breast Cancer Treatment (Health Professional Version), "Table 9. Definition of Clinical
Prognostic Stage Groups", which republishes the AJCC table: rows (TNM group, grade),
columns HER2+ (ER+PR+, ER+PR-, ER-PR+, ER-PR-) then HER2- in the same order."""

from __future__ import annotations

import pytest

from tumorboard.patients.staging import StagingError, stage_group

COLUMNS = [(her2, er, pr) for her2 in ("positive", "negative") for er in ("positive", "negative")
           for pr in ("positive", "negative")]

# One example T/N per row group of the table; the row's grade; the eight stages.
CLINICAL_PDQ_TABLE_9 = """
T1c N0  G1 IA  IA   IA   IA   IA   IA   IA   IB
T0 N1mi G2 IA  IA   IA   IA   IA   IA   IA   IB
T1 N1mi G3 IA  IA   IA   IA   IA   IB   IB   IB
T1b N1a G1 IB  IIA  IIA  IIA  IB   IIA  IIA  IIA
T2 N0   G2 IB  IIA  IIA  IIA  IB   IIA  IIA  IIB
T0 N1   G3 IB  IIA  IIA  IIA  IIA  IIB  IIB  IIB
T2 N1a  G1 IB  IIA  IIA  IIB  IIA  IIB  IIB  IIB
T3 N0   G2 IB  IIA  IIA  IIB  IIA  IIB  IIB  IIIB
T2 N1mi G3 IB  IIB  IIB  IIB  IIB  IIIA IIIA IIIB
T0 N2   G1 IIA IIIA IIIA IIIA IIA  IIIA IIIA IIIB
T3 N1   G2 IIA IIIA IIIA IIIA IIA  IIIA IIIA IIIB
"""
# The G3 row of that group is checked for its HER2-positive half (PDQ table 9).
CLINICAL_PARTIAL = [("T2", "N2a", "G3", COLUMNS[i], stage)
                    for i, stage in enumerate(["IIB", "IIIA", "IIIA", "IIIA"])]


def _cells(table: str) -> list[tuple[str, str, str, tuple[str, str, str], str]]:
    cells = []
    for line in table.strip().splitlines():
        t, n, grade, *stages = line.split()
        cells += [(t, n, grade, column, stage) for column, stage in zip(COLUMNS, stages,
                                                                        strict=True)]
    return cells


@pytest.mark.parametrize(("t", "n", "grade", "markers", "expected"),
                         _cells(CLINICAL_PDQ_TABLE_9) + CLINICAL_PARTIAL)
def test_it_groups_the_clinical_prognostic_stage_by_the_ajcc8_table(
        t: str, n: str, grade: str, markers: tuple[str, str, str], expected: str) -> None:
    her2, er, pr = markers
    assert stage_group("breast_clinical_prognostic", t, n, "M0", grade, er=er, pr=pr,
                       her2=her2) == expected


@pytest.mark.parametrize("scheme", ["breast_clinical_prognostic",
                                    "breast_pathological_prognostic"])
def test_it_keeps_stage_0_and_iv_whatever_the_biomarkers(scheme: str) -> None:
    # Table rows "Tis N0 M0: any grade, any status -> 0"; "any T any N M1 -> IV".
    assert stage_group(scheme, "Tis", "N0", "M0", "G3", er="negative", pr="negative",
                       her2="negative") == "0"
    assert stage_group(scheme, "T2", "N1", "M1", "G1", er="positive", pr="positive",
                       her2="negative") == "IV"


@pytest.mark.parametrize(("t", "n", "grade", "er", "pr", "her2", "expected"), [
    # Pathological prognostic table (AJCC 8th ch. 48): T1 N0 G1 is IA in every column;
    # T1-T3 N0-N2 ER+PR+HER2- G1 cancers stay in stage I.
    ("T1c", "N0", "G1", "negative", "negative", "negative", "IA"),
    ("T1c", "N0", "G3", "negative", "negative", "negative", "IB"),
    ("T2", "N1a", "G1", "positive", "positive", "negative", "IA"),
    ("T3", "N1a", "G1", "positive", "positive", "negative", "IB"),
    ("T4b", "N0", "G3", "negative", "negative", "negative", "IIIC"),
])
def test_it_groups_the_pathological_prognostic_stage(t: str, n: str, grade: str, er: str,
                                                      pr: str, her2: str,
                                                      expected: str) -> None:
    assert stage_group("breast_pathological_prognostic", t, n, "M0", grade, er=er, pr=pr,
                       her2=her2) == expected


@pytest.mark.parametrize(("t", "score", "expected"), [
    ("T2", 10, "IA"),   # ER+ HER2- T1-T2 N0 with recurrence score < 11: IA
    ("T2", 11, "IIA"),  # G3 ER+PR- HER2- T2 N0 without the low score (table row)
    ("T2", None, "IIA"),
])
def test_it_applies_the_low_oncotype_score_rule(t: str, score: int | None,
                                                expected: str) -> None:
    assert stage_group("breast_pathological_prognostic", t, "N0", "M0", "G3", er="positive",
                       pr="negative", her2="negative", recurrence_score=score) == expected


def test_it_does_not_apply_the_score_rule_to_node_positive_cancers() -> None:
    assert stage_group("breast_pathological_prognostic", "T2", "N1a", "M0", "G3",
                       er="positive", pr="negative", her2="negative",
                       recurrence_score=5) == "IIB"


@pytest.mark.parametrize(("scheme", "grade", "er", "pr", "her2", "score", "field"), [
    ("breast_clinical_prognostic", "GX", "positive", "positive", "negative", None, "grade"),
    ("breast_clinical_prognostic", "", "positive", "positive", "negative", None, "grade"),
    ("breast_clinical_prognostic", "G1", "", "positive", "negative", None, "er"),
    ("breast_clinical_prognostic", "G1", "positive", "low", "negative", None, "pr"),
    ("breast_clinical_prognostic", "G1", "positive", "positive", "2+", None, "her2"),
    ("breast_clinical_prognostic", "G1", "positive", "positive", "negative", 5,
     "recurrence_score"),  # multigene scores are not used clinically
    ("breast_pathological_prognostic", "G1", "positive", "positive", "negative", 101,
     "recurrence_score"),
])
def test_it_rejects_missing_or_invalid_prognostic_factors(
        scheme: str, grade: str, er: str, pr: str, her2: str, score: int | None,
        field: str) -> None:
    with pytest.raises(StagingError) as error:
        stage_group(scheme, "T2", "N0", "M0", grade, er=er, pr=pr, her2=her2,
                    recurrence_score=score)
    assert error.value.field == field
