"""Type and range checks for CaseFacts, as tables (field -> allowed values or bounds)."""

from __future__ import annotations

import math

from tumorboard.pathways.case import PATHWAYS, CaseFacts
from tumorboard.pathways.errors import CaseInputError
from tumorboard.pathways.fields import is_int, is_number
from tumorboard.pathways.scores.sins import LEVEL_LOCATION

ENUMS: dict[str, tuple[str, ...]] = {
    "pathway": PATHWAYS,
    "planned_surgery": ("conserving", "mastectomy"),
    "baseline_continence": ("good", "impaired", "poor"),
    "neoadjuvant_response": ("complete", "near_complete", "partial", "none"),
    "depth": ("superficial", "deep"),
    "major_neurovascular_involvement": (
        "none", "abutting", "encased_reconstructable", "encased_unreconstructable",
    ),
    "frankel": ("A", "B", "C", "D", "E"),
}
BOOLS = (
    "radiotherapy_expected_after_mastectomy", "smoking", "diabetes", "significant_comorbidity",
    "multifocal", "mesorectal_fascia_involved", "emvi", "internal_sphincter_invaded",
    "external_sphincter_or_levator_invaded", "patient_preference_against_preservation",
    "site_offers_sphincter_preservation", "expected_defect_large", "limb",
    "visceral_metastases", "ulceration", "lymphovascular_invasion",
)
NUMBERS: dict[str, tuple[float, float]] = {
    "bmi": (5, 150),
    "tumour_size_mm": (0, 1000),
    "distance_from_anal_verge_cm": (0, 30),
    # negative: the lower edge lies below the anorectal ring (intra-anal)
    "distance_from_anorectal_ring_cm": (-10, 30),
    "size_cm": (0, 100),
    "breslow_mm": (0, 100),
    "mitotic_rate_per_mm2": (0, 1000),
}
INTS: dict[str, tuple[int, int]] = {"fnclcc_grade": (1, 3), "age": (0, 120)}
STRINGS = ("mri_t", "mri_n", "neoadjuvant_therapy", "compartment", "amputation_reason",
           "primary")
SCORE_INPUTS = ("sins_inputs", "tokuhashi_inputs", "tomita_inputs", "mirels_inputs",
                "katagiri_inputs")


def _check_simple(case: CaseFacts) -> None:
    for name, allowed in ENUMS.items():
        value = getattr(case, name)
        if value is not None and value not in allowed:
            raise CaseInputError(name, f"must be one of {', '.join(allowed)}")
    for name in BOOLS:
        value = getattr(case, name)
        if value is not None and not isinstance(value, bool):  # 1 == True, so test the type
            raise CaseInputError(name, "must be true, false or null")
    for name in STRINGS:
        value = getattr(case, name)
        if value is not None and not isinstance(value, str):
            raise CaseInputError(name, "must be a string")


def _check_numbers(case: CaseFacts) -> None:
    for name, (low, high) in NUMBERS.items():
        value = getattr(case, name)
        if value is None:
            continue
        if not is_number(value) or not low <= value <= high or math.isnan(value):
            raise CaseInputError(name, f"must be a number from {low:g} to {high:g}")
    for name, (low_i, high_i) in INTS.items():
        value = getattr(case, name)
        if value is not None and (not is_int(value) or not low_i <= value <= high_i):
            raise CaseInputError(name, f"must be an integer from {low_i} to {high_i}")


def _check_collections(case: CaseFacts) -> None:
    for name, allowed in (("spinal_levels", LEVEL_LOCATION), ("limb_bones", None)):
        value = getattr(case, name)
        if value is None:
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CaseInputError(name, "must be a list of strings")
        if allowed is not None and any(v not in allowed for v in value):
            raise CaseInputError(name, "entries must be spinal levels C1..S5")
    for name in SCORE_INPUTS:
        value = getattr(case, name)
        if value is not None and not isinstance(value, dict):
            raise CaseInputError(name, "must be an object")


def check_case(case: CaseFacts) -> None:
    """Raise CaseInputError naming the first field the screen cannot interpret."""
    if case.pathway is None:
        raise CaseInputError("pathway", "missing required field")
    _check_simple(case)
    _check_numbers(case)
    _check_collections(case)
