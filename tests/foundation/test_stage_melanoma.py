"""Cutaneous melanoma, AJCC 8th edition pathological stage groups (AJCC Cancer Staging
Manual 8th ed., 2017, chapter 47; Gershenwald et al., CA Cancer J Clin 2017;67:472-492,
"AJCC 8th edition pathological stage groups"). The grid below is typed from that table:
one row per T subcategory, one column per N subcategory; "-" is a combination the table
does not contain."""

from __future__ import annotations

import pytest

from tumorboard.patients.staging import StagingError, stage_group

COLUMNS = ("N0", "N1a", "N1b", "N1c", "N2a", "N2b", "N2c", "N3a", "N3b", "N3c")
GRID = """
Tis  0    -    -    -    -    -    -    -    -    -
T0   -    -    IIIB IIIB -    IIIC IIIC -    IIIC IIIC
T1a  IA   IIIA IIIB IIIB IIIA IIIB IIIC IIIC IIIC IIIC
T1b  IA   IIIA IIIB IIIB IIIA IIIB IIIC IIIC IIIC IIIC
T2a  IB   IIIA IIIB IIIB IIIA IIIB IIIC IIIC IIIC IIIC
T2b  IIA  IIIB IIIB IIIB IIIB IIIB IIIC IIIC IIIC IIIC
T3a  IIA  IIIB IIIB IIIB IIIB IIIB IIIC IIIC IIIC IIIC
T3b  IIB  IIIC IIIC IIIC IIIC IIIC IIIC IIIC IIIC IIIC
T4a  IIB  IIIC IIIC IIIC IIIC IIIC IIIC IIIC IIIC IIIC
T4b  IIC  IIIC IIIC IIIC IIIC IIIC IIIC IIID IIID IIID
"""
CELLS = [(row.split()[0], n, stage) for row in GRID.strip().splitlines()
         for n, stage in zip(COLUMNS, row.split()[1:], strict=True)]


@pytest.mark.parametrize(("t", "n", "expected"), [c for c in CELLS if c[2] != "-"])
def test_it_groups_melanoma_by_the_ajcc8_pathological_table(t: str, n: str,
                                                            expected: str) -> None:
    assert stage_group("melanoma", t, n, "M0") == expected


@pytest.mark.parametrize(("t", "n"), [(c[0], c[1]) for c in CELLS if c[2] == "-"])
def test_it_rejects_combinations_outside_the_melanoma_table(t: str, n: str) -> None:
    with pytest.raises(StagingError) as error:
        stage_group("melanoma", t, n, "M0")
    assert error.value.field in ("t", "n")


@pytest.mark.parametrize("m", ["M1", "M1a", "M1b", "M1c", "M1d", "M1a(0)", "M1c(1)", "pM1d(1)"])
def test_it_groups_any_distant_metastasis_as_stage_iv(m: str) -> None:
    assert stage_group("melanoma", "T2b", "N1a", m) == "IV"


@pytest.mark.parametrize(("t", "n", "expected"), [
    ("T1", "N0", "IA"),     # T1a and T1b are both IA
    ("T3b", "N2", "IIIC"),  # every N2 subcategory is IIIC for T3b
    ("T4b", "N3", "IIID"),
    ("pT1b", "pN1a", "IIIA"),
])
def test_it_accepts_a_category_without_subcategory_when_it_cannot_matter(
        t: str, n: str, expected: str) -> None:
    assert stage_group("melanoma", t, n, "M0") == expected


@pytest.mark.parametrize(("t", "n", "m", "field"), [
    ("T2", "N0", "M0", "t"),     # T2a IB, T2b IIA
    ("T1a", "N1", "M0", "n"),    # N1a IIIA, N1b IIIB
    ("T0", "N0", "M0", "t"),     # nothing to stage
    ("T0", "N1a", "M0", "n"),    # clinically occult nodes need a known primary
    ("Tis", "N1b", "M0", "t"),
    ("T5", "N0", "M0", "t"),
    ("T1a", "N4", "M0", "n"),
    ("T1a", "N0", "M1e", "m"),
    ("T1a", "N0", "M1a(2)", "m"),
    ("T1a", "N0", "", "m"),
])
def test_it_rejects_invalid_or_ambiguous_melanoma_input(t: str, n: str, m: str,
                                                        field: str) -> None:
    with pytest.raises(StagingError) as error:
        stage_group("melanoma", t, n, m)
    assert error.value.field == field
