"""Breast, AJCC 8th edition clinical and pathological PROGNOSTIC stage groups (Amin et al.,
AJCC Cancer Staging Manual 8th ed., 2017, chapter 48, tables "AJCC Clinical Prognostic
Stage" and "AJCC Pathological Prognostic Stage", as revised in the updated chapter of
January 2018 and republished in NCI PDQ Breast Cancer Treatment, tables 9 and 10).

Each table has five anatomic rows; the anatomic stage group identifies the row (T1 N0,
T0/T1 N1mi -> A; T0/T1 N1, T2 N0 -> B; T2 N1, T3 N0 -> C; T0-T3 N2, T3 N1 -> D; T4, any
N3 -> E). Within a row the stage depends on grade (G1-G3), HER2, ER and PR."""

from __future__ import annotations

from tumorboard.patients.staging import breast
from tumorboard.patients.staging.core import StagingError, check_grade

# Columns: HER2+ (ER+PR+, ER+PR-, ER-PR+, ER-PR-), then HER2- in the same order.
Row = dict[str, tuple[str, ...]]


def _row(g1: str, g2: str, g3: str) -> Row:
    return {"G1": tuple(g1.split()), "G2": tuple(g2.split()), "G3": tuple(g3.split())}


CLINICAL: dict[str, Row] = {
    "A": _row("IA IA IA IA IA IA IA IB", "IA IA IA IA IA IA IA IB",
              "IA IA IA IA IA IB IB IB"),
    "B": _row("IB IIA IIA IIA IB IIA IIA IIA", "IB IIA IIA IIA IB IIA IIA IIB",
              "IB IIA IIA IIA IIA IIB IIB IIB"),
    "C": _row("IB IIA IIA IIB IIA IIB IIB IIB", "IB IIA IIA IIB IIA IIB IIB IIIB",
              "IB IIB IIB IIB IIB IIIA IIIA IIIB"),
    "D": _row("IIA IIIA IIIA IIIA IIA IIIA IIIA IIIB", "IIA IIIA IIIA IIIA IIA IIIA IIIA IIIB",
              "IIB IIIA IIIA IIIA IIIA IIIB IIIB IIIC"),
    "E": _row("IIIA IIIB IIIB IIIB IIIB IIIB IIIB IIIC",
              "IIIA IIIB IIIB IIIB IIIB IIIB IIIB IIIC",
              "IIIB IIIB IIIB IIIB IIIB IIIC IIIC IIIC"),
}

PATHOLOGICAL: dict[str, Row] = {
    "A": _row("IA IA IA IA IA IA IA IA", "IA IA IA IA IA IA IA IB",
              "IA IA IA IA IA IA IA IB"),
    "B": _row("IA IB IB IIA IA IB IB IIA", "IA IB IB IIA IA IIA IIA IIA",
              "IA IIA IIA IIA IB IIA IIA IIA"),
    "C": _row("IA IIB IIB IIB IA IIB IIB IIB", "IB IIB IIB IIB IB IIB IIB IIB",
              "IB IIB IIB IIB IIA IIB IIB IIIA"),
    "D": _row("IB IIIA IIIA IIIA IB IIIA IIIA IIIA", "IB IIIA IIIA IIIA IB IIIA IIIA IIIB",
              "IIA IIIA IIIA IIIA IIB IIIA IIIA IIIC"),
    "E": _row("IIIA IIIB IIIB IIIB IIIA IIIB IIIB IIIB",
              "IIIA IIIB IIIB IIIB IIIA IIIB IIIB IIIC",
              "IIIB IIIB IIIB IIIB IIIB IIIC IIIC IIIC"),
}

ROW_OF_ANATOMIC = {"IA": "A", "IB": "A", "IIA": "B", "IIB": "C", "IIIA": "D", "IIIB": "E",
                   "IIIC": "E"}
STATUSES = ("positive", "negative")


def _status(field: str, value: str | None) -> bool:
    text = (value or "").strip().lower()
    if text not in STATUSES:
        raise StagingError(field, f"{value or '(empty)'} is not a valid {field.upper()} "
                           "status; expected positive or negative")
    return text == "positive"


def _column(er: bool, pr: bool, her2: bool) -> int:
    return (0 if her2 else 4) + (0 if er else 2) + (0 if pr else 1)


def _low_recurrence_score(t: str, n: str, score: float | None, er: bool, her2: bool) -> bool:
    """Chapter 48: T1-T2 N0 M0, ER-positive, HER2-negative with an Oncotype DX recurrence
    score below 11 is pathological prognostic stage IA whatever the grade and PR."""
    if score is None:
        return False
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 100:
        raise StagingError("recurrence_score", "the recurrence score is a number from 0 to 100")
    return score < 11 and er and not her2 and t[:2] in ("T1", "T2") and n.startswith("N0")


def _group(table: dict[str, Row], t: str, n: str, m: str, grade: str, er: str | None,
           pr: str | None, her2: str | None) -> str:
    anatomic = breast.group(t, n, m)
    if anatomic in ("0", "IV"):
        return anatomic  # Tis N0 M0 and any M1 do not depend on grade or biomarkers
    check_grade(grade, ("G1", "G2", "G3"))
    column = _column(_status("er", er), _status("pr", pr), _status("her2", her2))
    return table[ROW_OF_ANATOMIC[anatomic]][grade][column]


def group_clinical(t: str, n: str, m: str, *, grade: str, er: str | None, pr: str | None,
                   her2: str | None, recurrence_score: float | None = None) -> str:
    if recurrence_score is not None:
        raise StagingError("recurrence_score", "multigene scores are used only in the "
                           "pathological prognostic stage, not the clinical one")
    return _group(CLINICAL, t, n, m, grade, er, pr, her2)


def group_pathological(t: str, n: str, m: str, *, grade: str, er: str | None, pr: str | None,
                       her2: str | None, recurrence_score: float | None = None) -> str:
    stage = _group(PATHOLOGICAL, t, n, m, grade, er, pr, her2)
    if stage != "IV" and _low_recurrence_score(
            t, n, recurrence_score, _status("er", er), _status("her2", her2)):
        return "IA"
    return stage
