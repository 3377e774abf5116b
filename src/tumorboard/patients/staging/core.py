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


def check(field: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise StagingError(field, f"{value or '(empty)'} is not a valid {field} category here; "
                           f"expected one of {', '.join(allowed)}")
    return value


def stage_group(
    scheme: str, t: str | None, n: str | None, m: str | None, grade: str | None = None
) -> str:
    """Stage group for a scheme: 'breast', 'colorectal' or 'soft_tissue_sarcoma'."""
    from tumorboard.patients.staging import breast, colorectal, sarcoma

    schemes: dict[str, Callable[..., str]] = {
        "breast": breast.group,
        "colorectal": colorectal.group,
        "soft_tissue_sarcoma": sarcoma.group,
    }
    if scheme not in schemes:
        raise StagingError("scheme", f"no stage grouping for {scheme!r}")
    args = [normalise(t), normalise(n), normalise(m)]
    if scheme == "soft_tissue_sarcoma":
        return schemes[scheme](*args, grade=(grade or "").strip().upper())
    return schemes[scheme](*args)
