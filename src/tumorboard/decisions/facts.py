"""From a stored Case (its pathway details, site and saved prognostic scores) to the screen's
input: a plain dict with the keys of shared/contracts/screen.md.

Blank strings and nulls in the database become absent keys ("not recorded"), so the screen
names them as missing instead of guessing. The model's vocabularies are the contract's, or
are mapped here one to one; a stored value outside them (legacy data) is left out and so
shows as missing, never read as some other value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from tumorboard.pathways.huvos import huvos_grade
from tumorboard.patients.models import Case
from tumorboard.patients.pathway_models import DETAIL_ACCESSORS

Facts = dict[str, object]

# Prognostic scores whose latest saved inputs on the case feed the bone-metastasis screen.
SCREEN_SCORES = ("tokuhashi", "tomita", "katagiri")

PLANNED_SURGERY = {"conserving": "breast_conserving", "mastectomy": "mastectomy"}
NEUROVASCULAR = {"none": "none", "abutting": "abutment",
                 "encased_reconstructable": "encasement_reconstructable",
                 "encased_unreconstructable": "encasement_unreconstructable"}
VISCERAL = {"none": False, "removable": True, "unremovable": True}
BONE_TOPOGRAPHY = ("C40", "C41")


def details_of(case: Case) -> Any:
    """The pathway details row of the case, or None when none is recorded."""
    accessor = DETAIL_ACCESSORS.get(case.pathway)
    if accessor is None:
        return None
    try:
        return getattr(case, accessor)
    except ObjectDoesNotExist:
        return None


def _plain(value: object) -> object:
    if value == "" or value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def _copy(d: Any, names: tuple[str, ...]) -> Facts:
    return {name: _plain(getattr(d, name)) for name in names}


def _age_at(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _breast(d: Any, case: Case) -> Facts:
    facts = _copy(d, ("tumour_size_mm", "multifocal", "radiotherapy_expected_after_mastectomy",
                      "prior_chest_wall_radiotherapy", "bmi", "smoking", "diabetes",
                      "significant_comorbidity"))
    facts["planned_surgery"] = PLANNED_SURGERY.get(d.planned_surgery)
    return facts


def _rectum(d: Any, case: Case) -> Facts:
    facts = _copy(d, ("distance_from_anal_verge_cm", "distance_from_anorectal_ring_cm",
                      "internal_sphincter_invaded", "external_sphincter_or_levator_invaded",
                      "mesorectal_fascia_involved", "emvi", "neoadjuvant_therapy",
                      "neoadjuvant_response", "baseline_continence", "lateral_lymph_nodes",
                      "patient_preference_against_preservation"))
    facts["site_offers_sphincter_preservation"] = case.site.offers_sphincter_preservation
    return facts


def _sarcoma(d: Any, case: Case) -> Facts:
    facts = _copy(d, ("size_cm", "depth", "fnclcc_grade", "limb", "expected_defect_large"))
    facts["major_neurovascular_involvement"] = NEUROVASCULAR.get(
        d.major_neurovascular_involvement)
    facts["bone_sarcoma"] = case.primary_site_code.startswith(BONE_TOPOGRAPHY)
    facts["huvos_grade"] = huvos_grade(d.chemotherapy_necrosis_percent)
    return facts


def _spinal_lesions(d: Any) -> list[dict[str, object]] | None:
    """One entry per involved level: its recorded assessment, or the bare level."""
    assessed = {str(lesion.get("level")): lesion for lesion in d.spinal_lesions or []
                if isinstance(lesion, Mapping)}
    levels = list(d.spinal_levels or []) + [lv for lv in assessed if lv not in d.spinal_levels]
    lesions = [dict(assessed.get(level, {"level": level})) for level in levels]
    return lesions or None


def _limb_lesions(d: Any) -> list[dict[str, object]] | None:
    assessed = {str(lesion.get("bone")): lesion for lesion in d.limb_lesions or []
                if isinstance(lesion, Mapping)}
    bones = list(d.limb_bones or []) + [b for b in assessed if b not in d.limb_bones]
    lesions = [dict(assessed.get(bone, {"bone": bone})) for bone in bones]
    return lesions or None


def _bone(d: Any, case: Case) -> Facts:
    return {
        "primary": _plain(d.primary_tumour),
        "visceral_metastases": VISCERAL.get(d.visceral_metastases),
        "frankel": _plain(d.frankel),
        "spinal_lesions": _spinal_lesions(d),
        "limb_lesions": _limb_lesions(d),
    }


def _melanoma(d: Any, case: Case) -> Facts:
    facts = _copy(d, ("breslow_mm", "ulceration", "mitotic_rate_per_mm2",
                      "lymphovascular_invasion", "deep_margin_positive",
                      "clinically_node_positive", "in_transit_metastases"))
    facts["limb"] = _plain(d.on_limb)
    return facts


DETAIL_FACTS: dict[str, Callable[[Any, Case], Facts]] = {
    "breast": _breast, "rectum": _rectum, "sarcoma": _sarcoma, "bone_metastasis": _bone,
    "melanoma": _melanoma}


def _case_level(case: Case) -> Facts:
    ecog = case.ecog if case.ecog is not None and case.ecog <= 4 else None  # 5 is death
    return {
        "pathway": case.pathway,
        "age": _age_at(case.patient.birth_date, case.diagnosis_date),
        "ecog": ecog, "asa": case.asa, "frailty": case.clinical_frailty_scale,
        "clinical_t": _plain(case.clinical_t), "clinical_n": _plain(case.clinical_n),
        "clinical_m": _plain(case.clinical_m),
    }


def latest_score_inputs(case: Case) -> dict[str, dict[str, object]]:
    """Inputs of the latest saved record of each prognostic score on the case."""
    from tumorboard.decisions.models import ScoreRecord

    rows = (ScoreRecord.objects.filter(case=case, score_name__in=SCREEN_SCORES)
            .order_by("score_name", "-created", "-id").values_list("score_name", "inputs"))
    latest: dict[str, dict[str, object]] = {}
    for name, inputs in rows:
        latest.setdefault(name, inputs)
    return latest


def facts_for(case: Case, details: Any = None, *,
              score_inputs: dict[str, dict[str, object]] | None = None) -> Facts:
    """The screen's input for the case; pass `details`/`score_inputs` to avoid queries in bulk.

    Only recorded values are kept, so the dict is also what a ScreeningResult stores."""
    details = details if details is not None else details_of(case)
    values = _case_level(case)
    if details is not None and case.pathway in DETAIL_FACTS:
        values.update(DETAIL_FACTS[case.pathway](details, case))
    if case.pathway == "bone_metastasis":
        inputs = latest_score_inputs(case) if score_inputs is None else score_inputs
        for name, data in inputs.items():
            values[name] = dict(data)
    return {key: value for key, value in values.items() if value is not None}
