"""Shared pieces of the stage groupings: the error, category normalisation and the
scheme registry. StagingError.field is the input key at fault ("t", "n", "m", "grade",
"er", "pr", "her2", "recurrence_score" or "scheme")."""

from __future__ import annotations

from collections.abc import Callable


class StagingError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def normalise(value: str | None) -> str:
    """'cT1c', 'pT2', 'ypN1a' and 't1c' all mean T1c for grouping."""
    text = (value or "").strip()
    for prefix in ("yp", "yc", "rp", "rc", "p", "c", "y", "r"):
        if text[: len(prefix)].lower() == prefix and len(text) > len(prefix) and text[
            len(prefix)
        ].upper() in "TNM":
            text = text[len(prefix):]
            break
    if not text:
        return ""
    return text[0].upper() + text[1:].lower()


def normalise_grade(value: str | None) -> str:
    return (value or "").strip().upper()


def check(field: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise StagingError(field.lower(), f"{value or '(empty)'} is not a valid {field} "
                           f"category here; expected one of {', '.join(allowed)}")
    return value


def check_grade(grade: str, allowed: tuple[str, ...] = ("G1", "G2", "G3", "GX")) -> str:
    if grade not in allowed:
        raise StagingError("grade", f"{grade or '(empty)'} is not a valid grade here; "
                           f"expected one of {', '.join(allowed)}")
    return grade


def stage_group(
    scheme: str, t: str | None, n: str | None, m: str | None, grade: str | None = None,
    *, er: str | None = None, pr: str | None = None, her2: str | None = None,
    recurrence_score: float | None = None,
) -> str:
    """AJCC 8th stage group for one of SCHEMES (see tumorboard.patients.staging.schemes)."""
    from tumorboard.patients.staging.schemes import ALIASES, SCHEMES, uses_biomarkers

    name = ALIASES.get(scheme, scheme)
    group: Callable[..., str] | None = SCHEMES.get(name)
    if group is None:
        raise StagingError("scheme", f"no AJCC 8th stage grouping for {scheme!r}; expected one "
                           f"of {', '.join(sorted(SCHEMES))}")
    args = (normalise(t), normalise(n), normalise(m))
    if uses_biomarkers(name):
        return group(*args, grade=normalise_grade(grade), er=er, pr=pr, her2=her2,
                     recurrence_score=recurrence_score)
    for field, value in (("er", er), ("pr", pr), ("her2", her2),
                         ("recurrence_score", recurrence_score)):
        if value not in (None, ""):
            raise StagingError(field, f"the {name} scheme does not use {field}")
    return group(*args, grade=normalise_grade(grade))
