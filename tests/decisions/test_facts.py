"""From stored case details to the facts the screen is given."""

from __future__ import annotations

import re
from typing import Any

from tests.base import make_case, make_patient
from tests.decisions.helpers import DecisionsTestCase
from tumorboard.decisions.facts import facts_for, huvos_grade

BONE = {"pathway": "bone_metastasis", "primary_site_code": "C41.2", "histology_code": "8000/6",
        "laterality": "", "clinical_t": "", "clinical_n": "", "clinical_m": ""}
MELANOMA = {"pathway": "melanoma", "primary_site_code": "C44.5", "histology_code": "8743/3",
            "laterality": "", "clinical_t": "", "clinical_n": "", "clinical_m": ""}

RECTUM = {"pathway": "rectum", "primary_site_code": "C20.9", "histology_code": "8140/3",
          "laterality": "", "clinical_t": "T3", "clinical_n": "N1", "clinical_m": "M0"}
SARCOMA = {"pathway": "sarcoma", "primary_site_code": "C40.2", "histology_code": "9180/3",
           "laterality": "", "clinical_t": "", "clinical_n": "", "clinical_m": ""}

# (case values, details, {fact: expected}); None means "absent from the screen's input".
CASES: list[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = [
    ({}, {"planned_surgery": "mastectomy", "bmi": "31.0"},
     {"planned_surgery": "mastectomy", "bmi": 31.0, "smoking": None, "clinical_t": "T2",
      "ecog": 0, "age": 55}),
    ({}, {"planned_surgery": "conserving"}, {"planned_surgery": "breast_conserving"}),
    ({}, {"planned_surgery": ""}, {"planned_surgery": None, "bmi": None}),
    ({"asa": 3, "clinical_frailty_scale": 6}, {}, {"asa": 3, "frailty": 6}),
    (BONE, {"spinal_levels": ["T4", "T5"], "visceral_metastases": "none", "frankel": "E",
            "primary_tumour": "breast",
            "spinal_lesions": [{"level": "T5", "bilsky": "2", "sins": {"pain": "mechanical"}}]},
     {"spinal_lesions": [{"level": "T4"},
                         {"level": "T5", "bilsky": "2", "sins": {"pain": "mechanical"}}],
      "visceral_metastases": False, "frankel": "E", "primary": "breast", "limb_lesions": None}),
    (BONE, {"visceral_metastases": "removable", "frankel": ""},
     {"visceral_metastases": True, "frankel": None, "spinal_lesions": None}),
    (RECTUM, {"neoadjuvant_therapy": "long_course_crt", "neoadjuvant_response": "complete",
              "distance_from_anorectal_ring_cm": "0.5"},
     {"neoadjuvant_therapy": "long_course_crt", "neoadjuvant_response": "complete",
      "distance_from_anorectal_ring_cm": 0.5, "site_offers_sphincter_preservation": True}),
    (SARCOMA, {"major_neurovascular_involvement": "encased_unreconstructable",
               "chemotherapy_necrosis_percent": 95},
     {"major_neurovascular_involvement": "encasement_unreconstructable", "huvos_grade": "III",
      "bone_sarcoma": True}),
    (MELANOMA, {"breslow_mm": "0.75", "ulceration": False, "mitotic_rate_per_mm2": 3,
                "on_limb": True, "in_transit_metastases": True},
     {"breslow_mm": 0.75, "ulceration": False, "mitotic_rate_per_mm2": 3, "age": 55,
      "limb": True, "in_transit_metastases": True}),
]


class FactsTest(DecisionsTestCase):
    def test_it_maps_recorded_details_and_leaves_the_unrecorded_out(self) -> None:
        for index, (values, details, expected) in enumerate(CASES):
            with self.subTest(index=index):
                patient = make_patient(self.coordinator, self.site, mrn=f"F{index}")
                # born 1970-03-14, diagnosed 2025-06-01: 55 at diagnosis
                case = make_case(self.coordinator, patient, details=details, **values)
                facts = facts_for(case)
                for name, value in expected.items():
                    self.assertEqual(facts.get(name), value, name)

    def test_it_gives_the_huvos_grade_from_the_necrosis_percentage(self) -> None:
        # Huvos & Rosen 1977: I < 50%, II 50-89%, III 90-99%, IV no viable tumour.
        for percent, grade in ((0, "I"), (49, "I"), (50, "II"), (89, "II"), (90, "III"),
                               (99, "III"), (100, "IV"), (None, None)):
            self.assertEqual(huvos_grade(percent), grade, percent)

    def test_it_shows_the_huvos_grade_of_a_bone_sarcoma_on_the_case_page(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="H1")
        case = make_case(self.coordinator, patient, details={
            "chemotherapy_necrosis_percent": 92, "fnclcc_grade": 3}, **SARCOMA)
        page = self.client_for(self.clinician).get(self.case_url(case))
        self.assertContains(page, "Huvos III (90-99% necrosis): good response")

    def test_it_shows_each_lesion_assessment_in_words_on_the_case_page(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="L1")
        case = make_case(self.coordinator, patient, details={
            "spinal_levels": ["T10"], "limb_bones": ["femur"],
            "spinal_lesions": [{"level": "T10", "bilsky": "2", "sins": {"pain": "mechanical"}}],
            "limb_lesions": [{"bone": "femur", "mirels": {"site": "peritrochanteric"}}]},
            **BONE)
        page = self.client_for(self.clinician).get(self.case_url(case))
        self.assertContains(page, "2 — cord compression, CSF visible around the cord")
        self.assertContains(page, "Mechanical pain (worse with movement or loading)")
        self.assertContains(page, "Peritrochanteric")
        text = re.sub(r"<[^>]+>", " ", page.content.decode())  # what a person reads
        self.assertNotIn("peritrochanteric", text)
        self.assertNotIn("over_two_thirds", text)

    def test_it_names_the_primary_and_the_bones_in_the_readers_language(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="L2")
        case = make_case(self.coordinator, patient, details={
            "limb_bones": ["tibia", "left 5th metatarsal"], "primary_tumour": "prostate",
            "limb_lesions": [{"bone": "tibia", "mirels": {"site": "lower_limb"}}]}, **BONE)
        page = self.client_for(self.clinician).get(self.case_url(case),
                                                   headers={"Accept-Language": "zh-hans"})
        text = re.sub(r"<[^>]+>", " ", page.content.decode())
        self.assertIn("前列腺", text)  # prostate
        self.assertEqual(text.count("胫骨"), 2)  # tibia: the bones' row and the lesion's
        self.assertIn("left 5th metatarsal", text)  # free text stays as typed
        self.assertNotIn("prostate", text)
        self.assertNotIn("tibia", text)
        form = self.client_for(self.coordinator).get(f"{self.case_url(case)}edit/",
                                                     headers={"Accept-Language": "zh-hans"})
        self.assertIn("胫骨", re.sub(r"<[^>]+>", " ", form.content.decode()))  # lesion heading
