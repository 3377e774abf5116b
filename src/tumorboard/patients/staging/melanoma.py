"""Cutaneous melanoma, AJCC 8th edition PATHOLOGICAL stage groups (Amin et al., AJCC
Cancer Staging Manual 8th ed., 2017, chapter 47 "Melanoma of the Skin", "AJCC
Pathological (pTNM) Prognostic Stage Groups"; reproduced in Gershenwald et al., CA Cancer
J Clin 2017;67:472-492, table 5).

A category written without its subcategory (T2 for T2a/T2b, N1 for N1a/N1b/N1c) is
accepted only where every subcategory falls in the same stage group; otherwise the
combination is ambiguous and refused, never guessed."""

from __future__ import annotations

import re

from tumorboard.patients.staging.core import StagingError, check

T_SUB: dict[str, tuple[str, ...]] = {
    "T1": ("T1a", "T1b"), "T2": ("T2a", "T2b"), "T3": ("T3a", "T3b"), "T4": ("T4a", "T4b")}
N_SUB: dict[str, tuple[str, ...]] = {
    "N1": ("N1a", "N1b", "N1c"), "N2": ("N2a", "N2b", "N2c"), "N3": ("N3a", "N3b", "N3c")}
T_VALUES = ("Tis", "T0", *T_SUB, *(s for subs in T_SUB.values() for s in subs))
N_VALUES = ("N0", *N_SUB, *(s for subs in N_SUB.values() for s in subs))
# M1a-M1d may carry the LDH suffix (0) not elevated or (1) elevated; it does not change
# the pathological stage group.
M_PATTERN = re.compile(r"^M(0|1|1[abcd])(\([01]\))?$")

NODE_ORDER = ("N1a", "N1b", "N1c", "N2a", "N2b", "N2c", "N3a", "N3b", "N3c")
T0_NODES = {"N1b": "IIIB", "N1c": "IIIB", "N2b": "IIIC", "N2c": "IIIC", "N3b": "IIIC",
            "N3c": "IIIC"}
N0_STAGE = {"T1a": "IA", "T1b": "IA", "T2a": "IB", "T2b": "IIA", "T3a": "IIA",
            "T3b": "IIB", "T4a": "IIB", "T4b": "IIC"}


def _node_rank(n: str) -> int:
    return NODE_ORDER.index(n)


def _cell(t: str, n: str) -> str | None:
    """One cell of the pathological table for fully subcategorised T and N, M0."""
    if t == "Tis":
        return "0" if n == "N0" else None
    if t == "T0":
        return T0_NODES.get(n)
    if n == "N0":
        return N0_STAGE[t]
    rank = _node_rank(n)
    if t in ("T1a", "T1b", "T2a"):
        if n in ("N1a", "N2a"):
            return "IIIA"
        return "IIIB" if n in ("N1b", "N1c", "N2b") else "IIIC"
    if t in ("T2b", "T3a"):
        return "IIIB" if rank <= _node_rank("N2b") else "IIIC"
    if t in ("T3b", "T4a"):
        return "IIIC"
    return "IIIC" if rank <= _node_rank("N2c") else "IIID"  # T4b


def _expand(value: str, subs: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    return subs.get(value, (value,))


def group(t: str, n: str, m: str, *, grade: str = "") -> str:
    if not M_PATTERN.match(m):
        raise StagingError("m", f"{m or '(empty)'} is not a valid M category for melanoma; "
                           "expected M0, M1, or M1a-M1d with an optional (0) or (1)")
    if m != "M0":
        if t:
            check("T", t, (*T_VALUES, "TX"))
        if n:
            check("N", n, (*N_VALUES, "NX"))
        return "IV"  # any T, any N
    check("T", t, T_VALUES)
    check("N", n, N_VALUES)
    t_options, n_options = _expand(t, T_SUB), _expand(n, N_SUB)
    stages = {(tt, nn): _cell(tt, nn) for tt in t_options for nn in n_options}
    if None in stages.values():
        field = "n" if t == "T0" and n != "N0" else "t"
        raise StagingError(field, f"{t} {n} {m} is not a combination in the AJCC 8th "
                           "melanoma pathological stage table")
    if len(set(stages.values())) > 1:
        t_decides = any(len({stages[(tt, nn)] for tt in t_options}) > 1 for nn in n_options)
        field = "t" if t_decides else "n"
        raise StagingError(field, f"{t} {n} {m} is ambiguous: the stage group depends on the "
                           f"{field.upper()} subcategory, which must be given")
    return str(next(iter(stages.values())))
