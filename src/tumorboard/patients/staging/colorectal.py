"""Colon and rectum, AJCC 8th edition (Amin et al., AJCC Cancer Staging Manual 8th ed.,
2017, chapter 20, "AJCC Prognostic Stage Groups")."""

from __future__ import annotations

from tumorboard.patients.staging.core import StagingError, check

T_VALUES = ("Tis", "T1", "T2", "T3", "T4a", "T4b")
N_VALUES = ("N0", "N1", "N1a", "N1b", "N1c", "N2a", "N2b")
M_VALUES = ("M0", "M1a", "M1b", "M1c")

M1_STAGE = {"M1a": "IVA", "M1b": "IVB", "M1c": "IVC"}


def _n_main(n: str) -> str:
    return "N1" if n.startswith("N1") else n  # N1a, N1b, N1c group as N1


TABLE: dict[tuple[str, str], str] = {
    ("Tis", "N0"): "0",
    ("T1", "N0"): "I",
    ("T2", "N0"): "I",
    ("T3", "N0"): "IIA",
    ("T4a", "N0"): "IIB",
    ("T4b", "N0"): "IIC",
    ("T1", "N1"): "IIIA",
    ("T2", "N1"): "IIIA",
    ("T1", "N2a"): "IIIA",
    ("T3", "N1"): "IIIB",
    ("T4a", "N1"): "IIIB",
    ("T2", "N2a"): "IIIB",
    ("T3", "N2a"): "IIIB",
    ("T1", "N2b"): "IIIB",
    ("T2", "N2b"): "IIIB",
    ("T4a", "N2a"): "IIIC",
    ("T3", "N2b"): "IIIC",
    ("T4a", "N2b"): "IIIC",
    ("T4b", "N1"): "IIIC",
    ("T4b", "N2a"): "IIIC",
    ("T4b", "N2b"): "IIIC",
}


def group(t: str, n: str, m: str) -> str:
    check("M", m, M_VALUES)
    if m in M1_STAGE:
        # Any T, any N: T and N may be unknown with distant metastasis.
        return M1_STAGE[m]
    check("T", t, T_VALUES)
    check("N", n, N_VALUES)
    stage = TABLE.get((t, _n_main(n)))
    if stage is None:
        raise StagingError(
            "n", f"{t} {n} {m} is not a combination in the AJCC 8th colorectal table")
    return stage
