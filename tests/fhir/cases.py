"""One case per pathway with typical values, for round trips and exports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

PATHWAY_CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "breast": ({"primary_site_code": "C50.4", "histology_code": "8500/3", "laterality": "left",
                "clinical_t": "T2", "clinical_n": "N1", "clinical_m": "M0",
                "pathological_t": "T2", "pathological_n": "N1a", "pathological_m": "M0"},
               {"tumour_size_mm": 32, "multifocal": False, "planned_surgery": "mastectomy",
                "radiotherapy_expected_after_mastectomy": True, "bmi": Decimal("31.0"),
                "smoking": False, "diabetes": True}),
    "rectum": ({"primary_site_code": "C20.9", "histology_code": "8140/3",
                "clinical_t": "T3", "clinical_n": "N1a", "clinical_m": "M0"},
               {"distance_from_anal_verge_cm": Decimal("4.5"),
                "distance_from_anorectal_ring_cm": Decimal("1.0"), "mri_t": "T3",
                "mri_n": "N1", "emvi": True, "internal_sphincter_invaded": False,
                "neoadjuvant_therapy": "tnt", "baseline_continence": "good",
                "patient_preference_against_preservation": False}),
    "sarcoma": ({"primary_site_code": "C49.2", "histology_code": "8850/3", "laterality": "right",
                 "clinical_t": "T2", "clinical_n": "N0", "clinical_m": "M0"},
                {"size_cm": Decimal("7.5"), "depth": "deep", "fnclcc_grade": 2, "limb": True,
                 "compartment": "anterior thigh", "major_neurovascular_involvement": "abutting",
                 "expected_defect_large": False}),
    "bone_metastasis": ({"primary_site_code": "C41.2", "histology_code": "8140/6"},
                        {"spinal_levels": ["T4", "L1"], "primary_tumour": "lung",
                         "visceral_metastases": "none", "frankel": "D"}),
    "melanoma": ({"primary_site_code": "C44.5", "histology_code": "8743/3",
                  "clinical_t": "T2a", "clinical_n": "N0", "clinical_m": "M0"},
                 {"breslow_mm": Decimal("1.25"), "ulceration": True, "mitotic_rate_per_mm2": 3,
                  "lymphovascular_invasion": False}),
}


def case_values(pathway: str) -> tuple[dict[str, Any], dict[str, Any]]:
    values, details = PATHWAY_CASES[pathway]
    return ({"pathway": pathway, "diagnosis_date": dt.date(2025, 5, 2), "ecog": 1, **values},
            dict(details))
