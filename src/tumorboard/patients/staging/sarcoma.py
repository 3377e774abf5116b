"""Soft tissue sarcoma of the trunk and extremities, AJCC 8th edition (Amin et al., AJCC
Cancer Staging Manual 8th ed., 2017, chapter 41). T by greatest dimension: T1 <= 5 cm,
T2 > 5-10, T3 > 10-15, T4 > 15 cm; grade by FNCLCC (G1-G3, GX)."""

from __future__ import annotations

from tumorboard.patients.staging.core import StagingError, check, check_grade

T_VALUES = ("T1", "T2", "T3", "T4")
N_VALUES = ("N0", "N1")
M_VALUES = ("M0", "M1")
GRADES = ("G1", "G2", "G3", "GX")


def t_category_for_size(size_cm: float) -> str:
    if size_cm <= 0:
        raise StagingError("size_cm", "tumour size must be greater than 0 cm")
    if size_cm <= 5:
        return "T1"
    if size_cm <= 10:
        return "T2"
    if size_cm <= 15:
        return "T3"
    return "T4"


def group(t: str, n: str, m: str, *, grade: str) -> str:
    check("M", m, M_VALUES)
    check("N", n, N_VALUES)
    check("T", t, T_VALUES)
    if m == "M1" or n == "N1":
        return "IV"
    check_grade(grade, GRADES)
    low = grade in ("G1", "GX")
    if t == "T1":
        return "IA" if low else "II"
    if low:
        return "IB"
    if t == "T2":
        return "IIIA"
    if t in ("T3", "T4"):
        return "IIIB"
    raise StagingError("t", f"{t} {n} {m} {grade} is not in the AJCC 8th sarcoma table")


def group_retroperitoneum(t: str, n: str, m: str, *, grade: str) -> str:
    """Retroperitoneum, AJCC 8th edition chapter 44: the same T by size and grade as the
    trunk and extremities, but N1 M0 is stage IIIB (any T, any grade), not IV."""
    check("M", m, M_VALUES)
    check("N", n, N_VALUES)
    check("T", t, T_VALUES)
    if m == "M1":
        return "IV"
    if n == "N1":
        return "IIIB"
    check_grade(grade, GRADES)
    return group(t, n, m, grade=grade)
