"""From stored case details to the facts the screen is given."""

from __future__ import annotations

from typing import Any

from tests.base import make_case, make_patient
from tests.decisions.helpers import DecisionsTestCase
from tumorboard.decisions.facts import facts_for

BONE = {"pathway": "bone_metastasis", "primary_site_code": "C41.2", "histology_code": "8000/6",
        "laterality": "", "clinical_t": "", "clinical_n": "", "clinical_m": ""}
MELANOMA = {"pathway": "melanoma", "primary_site_code": "C44.5", "histology_code": "8743/3",
            "laterality": "", "clinical_t": "", "clinical_n": "", "clinical_m": ""}

# (case values, details, {fact: expected})
CASES: list[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = [
    ({}, {"planned_surgery": "mastectomy", "bmi": "31.0"},
     {"planned_surgery": "mastectomy", "bmi": 31.0, "smoking": None}),
    ({}, {"planned_surgery": ""}, {"planned_surgery": None, "bmi": None}),
    (BONE, {"spinal_levels": ["T4", "T5"], "visceral_metastases": "none", "frankel": "E",
            "primary_tumour": "breast"},
     {"spinal_levels": ["T4", "T5"], "visceral_metastases": False, "frankel": "E",
      "primary": "breast", "limb_bones": None}),
    (BONE, {"visceral_metastases": "removable", "frankel": ""},
     {"visceral_metastases": True, "frankel": None}),
    (MELANOMA, {"breslow_mm": "0.75", "ulceration": False, "mitotic_rate_per_mm2": 3},
     {"breslow_mm": 0.75, "ulceration": False, "mitotic_rate_per_mm2": 3.0, "age": 55}),
]


class FactsTest(DecisionsTestCase):
    def test_it_maps_recorded_details_and_leaves_the_unrecorded_as_none(self) -> None:
        for index, (values, details, expected) in enumerate(CASES):
            with self.subTest(index=index):
                patient = make_patient(self.coordinator, self.site, mrn=f"F{index}")
                # born 1970-03-14, diagnosed 2025-06-01: 55 at diagnosis
                case = make_case(self.coordinator, patient, details=details, **values)
                facts = facts_for(case)
                for name, value in expected.items():
                    self.assertEqual(getattr(facts, name), value, name)
