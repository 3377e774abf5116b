"""Type and range checks for CaseFacts, as tables (field -> allowed values or bounds).

Nested inputs (spinal and limb lesions, score inputs) are checked with the scores' own
field definitions; errors name the nested path (`spinal_lesions[1].bilsky`, `tokuhashi.kps`).
"""

from __future__ import annotations

import math

from tumorboard.pathways import tnm
from tumorboard.pathways.case import PATHWAYS, CaseFacts
from tumorboard.pathways.errors import CaseInputError
from tumorboard.pathways.fields import is_int, is_number
from tumorboard.pathways.messages import gettext_noop, msg
from tumorboard.pathways.nested import check_lesions, check_score_inputs

ENUMS: dict[str, tuple[str, ...]] = {
    "pathway": PATHWAYS,
    "planned_surgery": ("mastectomy", "breast_conserving"),
    "baseline_continence": ("good", "impaired", "poor"),
    "neoadjuvant_therapy": ("none", "short_course_rt", "long_course_crt", "tnt"),
    "neoadjuvant_response": ("complete", "near_complete", "incomplete"),
    "depth": ("superficial", "deep"),
    "major_neurovascular_involvement": (
        "none", "abutment", "encasement_reconstructable", "encasement_unreconstructable",
    ),
    "frankel": ("A", "B", "C", "D", "E"),
    "huvos_grade": ("I", "II", "III", "IV"),
}
BOOLS = (
    "significant_comorbidity", "patient_preference_against_preservation", "multifocal",
    "radiotherapy_expected_after_mastectomy", "prior_chest_wall_radiotherapy", "smoking",
    "diabetes", "internal_sphincter_invaded", "external_sphincter_or_levator_invaded",
    "mesorectal_fascia_involved", "emvi", "lateral_lymph_nodes",
    "site_offers_sphincter_preservation", "limb", "expected_defect_large", "bone_sarcoma",
    "visceral_metastases", "ulceration", "lymphovascular_invasion", "deep_margin_positive",
    "clinically_node_positive", "in_transit_metastases",
)
NUMBERS: dict[str, tuple[float, float]] = {
    "tumour_size_mm": (0, 1000),
    "bmi": (5, 150),
    "distance_from_anal_verge_cm": (0, 30),
    # negative: the lower edge lies below the anorectal ring (intra-anal)
    "distance_from_anorectal_ring_cm": (-10, 30),
    "size_cm": (0, 100),
    "breslow_mm": (0, 100),
    "mitotic_rate_per_mm2": (0, 1000),
}
INTS: dict[str, tuple[int, int]] = {
    "age": (0, 120), "ecog": (0, 4), "asa": (1, 5), "frailty": (1, 9), "fnclcc_grade": (1, 3),
}
STRINGS = ("primary",)


def _check_simple(case: CaseFacts) -> None:
    for name, allowed in ENUMS.items():
        value = getattr(case, name)
        if value is not None and value not in allowed:
            raise CaseInputError(name, msg(gettext_noop("must be one of {choices}"),
                                           choices=", ".join(allowed)))
    for name in BOOLS:
        value = getattr(case, name)
        if value is not None and not isinstance(value, bool):  # 1 == True, so test the type
            raise CaseInputError(name, msg(gettext_noop("must be true, false or null")))
    for name in STRINGS:
        value = getattr(case, name)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise CaseInputError(name, msg(gettext_noop("must be a non-empty string")))
    for name in tnm.PATTERNS:
        value = getattr(case, name)
        if value is not None and (not isinstance(value, str) or not tnm.valid(name, value)):
            raise CaseInputError(name, msg(gettext_noop(
                "must be an AJCC 8th category such as cT2, cN1a, cM0")))


def _check_numbers(case: CaseFacts) -> None:
    for name, (low, high) in NUMBERS.items():
        value = getattr(case, name)
        if value is None:
            continue
        if not is_number(value) or math.isnan(value) or not low <= value <= high:
            raise CaseInputError(name, msg(gettext_noop("must be a number from {low} to {high}"),
                                           low=f"{low:g}", high=f"{high:g}"))
    for name, (low_i, high_i) in INTS.items():
        value = getattr(case, name)
        if value is not None and (not is_int(value) or not low_i <= value <= high_i):
            raise CaseInputError(name, msg(gettext_noop("must be an integer from {low} to {high}"),
                                           low=low_i, high=high_i))


def _check_consistency(case: CaseFacts) -> None:
    """Facts that contradict each other are refused rather than silently resolved."""
    if case.neoadjuvant_therapy == "none" and case.neoadjuvant_response is not None:
        raise CaseInputError("neoadjuvant_response",
                             "a response is recorded but neoadjuvant_therapy is none")
    if case.huvos_grade is not None and case.bone_sarcoma is False:
        raise CaseInputError("huvos_grade", "Huvos grading applies to bone sarcoma only")


def check_case(case: CaseFacts) -> None:
    """Raise CaseInputError naming the first field the screen cannot interpret."""
    if case.pathway is None:
        raise CaseInputError("pathway", "missing required field")
    _check_simple(case)
    _check_numbers(case)
    _check_consistency(case)
    check_lesions(case)
    check_score_inputs(case)
