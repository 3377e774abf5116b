"""Breast, AJCC 8th edition anatomic stage groups (Amin et al., AJCC Cancer Staging
Manual 8th ed., 2017, chapter 48, table "AJCC Anatomic Stage Groups")."""

from __future__ import annotations

from tumorboard.patients.staging.core import StagingError, check

T_VALUES = ("T0", "Tis", "T1mi", "T1a", "T1b", "T1c", "T1", "T2", "T3",
            "T4a", "T4b", "T4c", "T4d", "T4")
N_VALUES = ("N0", "N0(i+)", "N0(mol+)", "N1mi", "N1", "N1a", "N1b", "N1c", "N2", "N2a", "N2b",
            "N3", "N3a", "N3b", "N3c")
M_VALUES = ("M0", "M0(i+)", "M1")


def _t_main(t: str) -> str:
    if t in ("T0", "Tis"):
        return t
    return t[:2]  # T1mi, T1a.. -> T1 ("T1 includes T1mi"); T4a..d -> T4


def _n_main(n: str) -> str:
    if n.startswith("N0"):
        return "N0"
    if n == "N1mi":
        return "N1mi"
    return n[:2]


# (T, N) -> stage, M0 only.
TABLE: dict[tuple[str, str], str] = {
    ("Tis", "N0"): "0",
    ("T1", "N0"): "IA",
    ("T0", "N1mi"): "IB",
    ("T1", "N1mi"): "IB",
    ("T0", "N1"): "IIA",
    ("T1", "N1"): "IIA",
    ("T2", "N0"): "IIA",
    ("T2", "N1mi"): "IIB",
    ("T2", "N1"): "IIB",
    ("T3", "N0"): "IIB",
    ("T0", "N2"): "IIIA",
    ("T1", "N2"): "IIIA",
    ("T2", "N2"): "IIIA",
    ("T3", "N1mi"): "IIIA",
    ("T3", "N1"): "IIIA",
    ("T3", "N2"): "IIIA",
    ("T4", "N0"): "IIIB",
    ("T4", "N1mi"): "IIIB",
    ("T4", "N1"): "IIIB",
    ("T4", "N2"): "IIIB",
}


def group(t: str, n: str, m: str) -> str:
    check("M", m, M_VALUES)
    check("T", t, T_VALUES)
    check("N", n, N_VALUES)
    if m == "M1":
        return "IV"
    t_main, n_main = _t_main(t), _n_main(n)
    if n_main == "N3" and t_main != "Tis":
        return "IIIC"
    stage = TABLE.get((t_main, n_main))
    if stage is None:
        raise StagingError("t", f"{t} {n} {m} is not a combination in the AJCC 8th breast table")
    return stage
