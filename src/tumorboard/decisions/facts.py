"""From a stored Case (and its pathway details, site and bone scores) to pathways.CaseFacts.

Blank strings and nulls in the database become None ("not recorded"), so the screen lists
them as missing instead of guessing. Values the screen does not know (e.g. a free-text
neoadjuvant response) are also passed as None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from tumorboard.pathways import CaseFacts
from tumorboard.pathways.case_checks import ENUMS
from tumorboard.patients.models import Case
from tumorboard.patients.pathway_models import DETAIL_ACCESSORS

# Scores whose latest saved inputs on the case feed the bone-metastasis screen.
SCREEN_SCORES = ("sins", "tokuhashi", "tomita", "mirels", "katagiri")


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


def _enum(name: str, value: object) -> object:
    value = _plain(value)
    return value if value in ENUMS.get(name, (value,)) else None


def _age_at(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _breast(d: Any) -> dict[str, object]:
    names = ("planned_surgery", "radiotherapy_expected_after_mastectomy", "bmi", "smoking",
             "diabetes", "significant_comorbidity", "tumour_size_mm", "multifocal")
    facts = {name: _plain(getattr(d, name)) for name in names}
    if facts["tumour_size_mm"] is not None:
        facts["tumour_size_mm"] = float(facts["tumour_size_mm"])  # type: ignore[arg-type]
    facts["planned_surgery"] = _enum("planned_surgery", d.planned_surgery)
    return facts


def _rectum(d: Any) -> dict[str, object]:
    names = ("distance_from_anal_verge_cm", "distance_from_anorectal_ring_cm", "mri_t", "mri_n",
             "mesorectal_fascia_involved", "emvi", "internal_sphincter_invaded",
             "external_sphincter_or_levator_invaded", "neoadjuvant_therapy",
             "patient_preference_against_preservation")
    facts = {name: _plain(getattr(d, name)) for name in names}
    facts["neoadjuvant_response"] = _enum("neoadjuvant_response", d.neoadjuvant_response)
    facts["baseline_continence"] = _enum("baseline_continence", d.baseline_continence)
    return facts


def _sarcoma(d: Any) -> dict[str, object]:
    names = ("size_cm", "fnclcc_grade", "compartment", "amputation_reason",
             "expected_defect_large", "limb")
    facts = {name: _plain(getattr(d, name)) for name in names}
    facts["depth"] = _enum("depth", d.depth)
    facts["major_neurovascular_involvement"] = _enum("major_neurovascular_involvement",
                                                     d.major_neurovascular_involvement)
    return facts


def _bone(d: Any) -> dict[str, object]:
    visceral = {"none": False, "removable": True, "unremovable": True}.get(d.visceral_metastases)
    return {
        "spinal_levels": list(d.spinal_levels) or None,
        "limb_bones": list(d.limb_bones) or None,
        "primary": _plain(d.primary_tumour),
        "visceral_metastases": visceral,
        "frankel": _enum("frankel", d.frankel),
    }


def _melanoma(d: Any) -> dict[str, object]:
    names = ("breslow_mm", "ulceration", "lymphovascular_invasion")
    facts = {name: _plain(getattr(d, name)) for name in names}
    rate = d.mitotic_rate_per_mm2
    facts["mitotic_rate_per_mm2"] = None if rate is None else float(rate)
    return facts


DETAIL_FACTS = {"breast": _breast, "rectum": _rectum, "sarcoma": _sarcoma,
                "bone_metastasis": _bone, "melanoma": _melanoma}


def latest_score_inputs(case: Case) -> dict[str, dict[str, object]]:
    """Inputs of the latest saved record of each bone score on the case."""
    from tumorboard.decisions.models import ScoreRecord

    rows = (ScoreRecord.objects.filter(case=case, score_name__in=SCREEN_SCORES)
            .order_by("score_name", "-created", "-id").values_list("score_name", "inputs"))
    latest: dict[str, dict[str, object]] = {}
    for name, inputs in rows:
        latest.setdefault(name, inputs)
    return latest


def facts_for(case: Case, details: Any = None, *,
              score_inputs: dict[str, dict[str, object]] | None = None) -> CaseFacts:
    """CaseFacts for the screen; pass `details`/`score_inputs` to avoid queries in bulk."""
    details = details if details is not None else details_of(case)
    values: dict[str, object] = {"pathway": case.pathway}
    if details is not None and case.pathway in DETAIL_FACTS:
        values.update(DETAIL_FACTS[case.pathway](details))
    if case.pathway == "rectum":
        values["site_offers_sphincter_preservation"] = case.site.offers_sphincter_preservation
    if case.pathway == "melanoma":
        values["age"] = _age_at(case.patient.birth_date, case.diagnosis_date)
    if case.pathway == "bone_metastasis":
        inputs = latest_score_inputs(case) if score_inputs is None else score_inputs
        for name, data in inputs.items():
            values[f"{name}_inputs"] = dict(data)
    return CaseFacts.from_dict(values)


def facts_json(facts: CaseFacts) -> dict[str, object]:
    """The facts as stored on a ScreeningResult (only recorded values, for readability)."""
    stored: dict[str, object] = {}
    for name in FACT_NAMES:
        value = getattr(facts, name)
        if value is not None:  # copies, so later changes to `facts` do not leak into the row
            stored[name] = dict(value) if isinstance(value, dict) else (
                list(value) if isinstance(value, list) else value)
    return stored


FACT_NAMES = tuple(f.name for f in fields(CaseFacts))
