"""Rullier classification of low rectal cancer (Dis Colon Rectum 2013), measured from the
anorectal ring: the anal-verge distance never sets the type."""

from __future__ import annotations

from tumorboard.pathways.case import CaseFacts
from tumorboard.pathways.rules.common import missing_of

RING_MARGIN_CM = 1.0  # type I lies more than 1 cm above the anorectal ring


def rullier_type(case: CaseFacts) -> tuple[str | None, list[str]]:
    """(Rullier type, fields needed to decide it); the type is None while any is missing.

    A type that would allow sphincter preservation is only returned when deeper invasion
    is excluded; a lower edge more than 1 cm above the ring cannot reach the sphincters.
    """
    if case.external_sphincter_or_levator_invaded:
        return "IV", []
    if case.internal_sphincter_invaded:
        missing = missing_of(case, "external_sphincter_or_levator_invaded")
        return (None, missing) if missing else ("III", [])
    ring = case.distance_from_anorectal_ring_cm
    if ring is not None and ring > RING_MARGIN_CM:
        return "I", []
    missing = missing_of(case, "distance_from_anorectal_ring_cm", "internal_sphincter_invaded",
                         "external_sphincter_or_levator_invaded")
    return (None, missing) if missing else ("II", [])
