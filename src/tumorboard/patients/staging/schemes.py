"""The AJCC 8th edition schemes by name. Names are the `tumorboard stage` contract's;
`breast` and `soft_tissue_sarcoma` are the earlier internal names, kept as aliases."""

from __future__ import annotations

from collections.abc import Callable

from tumorboard.patients.staging import (
    bone,
    breast,
    breast_prognostic,
    colorectal,
    melanoma,
    sarcoma,
)


def _without_grade(group: Callable[[str, str, str], str]) -> Callable[..., str]:
    """Breast anatomic and colorectal groups do not use grade: a recorded grade is ignored."""

    def grouped(t: str, n: str, m: str, *, grade: str = "") -> str:
        return group(t, n, m)

    return grouped


SCHEMES: dict[str, Callable[..., str]] = {
    "breast_anatomic": _without_grade(breast.group),
    "breast_clinical_prognostic": breast_prognostic.group_clinical,
    "breast_pathological_prognostic": breast_prognostic.group_pathological,
    "colorectal": _without_grade(colorectal.group),
    "soft_tissue_trunk_extremity": sarcoma.group,
    "soft_tissue_retroperitoneum": sarcoma.group_retroperitoneum,
    "bone_appendicular": bone.group,
    "bone_spine": bone.refuse_spine,
    "bone_pelvis": bone.refuse_pelvis,
    "melanoma": melanoma.group,
}

ALIASES = {"breast": "breast_anatomic", "soft_tissue_sarcoma": "soft_tissue_trunk_extremity"}

BIOMARKER_SCHEMES = frozenset({"breast_clinical_prognostic", "breast_pathological_prognostic"})


def uses_biomarkers(scheme: str) -> bool:
    return scheme in BIOMARKER_SCHEMES
