"""Histological response of a bone sarcoma to chemotherapy: the Huvos grade.

Huvos AG, Rosen G, Marcove RC. Primary osteogenic sarcoma: pathologic aspects in 20 patients
after treatment with chemotherapy en bloc resection, and prosthetic bone replacement. Arch
Pathol Lab Med. 1977;101(1):14-18. Grade I: little or no necrosis (< 50%); II: 50-89%;
III: 90-99% (scattered viable foci); IV: no viable tumour. Grades III-IV (>= 90%) are the
"good responders" of osteosarcoma trials.
"""

from __future__ import annotations

from tumorboard.pathways.messages import gettext_noop

GRADE_LABELS = {
    "I": gettext_noop("Huvos I (under 50% necrosis): poor response"),
    "II": gettext_noop("Huvos II (50-89% necrosis): poor response"),
    "III": gettext_noop("Huvos III (90-99% necrosis): good response"),
    "IV": gettext_noop("Huvos IV (no viable tumour): good response"),
}


def huvos_grade(necrosis_percent: int | None) -> str | None:
    """The grade from the pathologist's percentage of tumour necrosis (None: not recorded)."""
    if necrosis_percent is None:
        return None
    if necrosis_percent >= 100:
        return "IV"
    return "III" if necrosis_percent >= 90 else "II" if necrosis_percent >= 50 else "I"
