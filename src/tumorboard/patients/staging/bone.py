"""Bone, AJCC 8th edition (Amin et al., AJCC Cancer Staging Manual 8th ed., 2017,
chapter 38 "Bone", "AJCC Prognostic Stage Groups" for the appendicular skeleton, trunk,
skull and facial bones). T1 <= 8 cm, T2 > 8 cm, T3 discontinuous tumours in the primary
bone site; M1a lung only, M1b other distant sites; G1/GX low grade, G2/G3 high grade.

The spine and the pelvis have their own T categories but no stage groups in the 8th
edition, so those schemes refuse rather than borrow the appendicular table."""

from __future__ import annotations

from tumorboard.patients.staging.core import StagingError, check, check_grade

T_VALUES = ("T1", "T2", "T3")
N_VALUES = ("N0", "N1")
M_VALUES = ("M0", "M1a", "M1b", "M1")

# (T, high grade) -> stage, N0 M0 only.
LOCALISED = {
    ("T1", False): "IA", ("T2", False): "IB", ("T3", False): "IB",
    ("T1", True): "IIA", ("T2", True): "IIB", ("T3", True): "III",
}


def group(t: str, n: str, m: str, *, grade: str) -> str:
    check("M", m, M_VALUES)
    check("N", n, N_VALUES)
    if t:  # any T, including unknown, groups with distant or nodal disease
        check("T", t, (*T_VALUES, "TX"))
    if n == "N1" or m == "M1b":
        return "IVB"  # any T, any grade
    if m == "M1":
        raise StagingError("m", "M1 must be M1a (lung only) or M1b (other sites) to group "
                           "bone sarcoma without nodal disease")
    if m == "M1a":
        return "IVA"
    check("T", t, T_VALUES)
    check_grade(grade)
    return LOCALISED[(t, grade in ("G2", "G3"))]


def refuse_spine(t: str, n: str, m: str, *, grade: str) -> str:
    raise StagingError("scheme", "AJCC 8th edition (chapter 38) defines T categories for "
                       "bone tumours of the spine but no stage group")


def refuse_pelvis(t: str, n: str, m: str, *, grade: str) -> str:
    raise StagingError("scheme", "AJCC 8th edition (chapter 38) defines T categories for "
                       "bone tumours of the pelvis but no stage group")
