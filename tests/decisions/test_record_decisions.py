"""Recording option decisions and scores: validation, history and the audit trail."""

from __future__ import annotations

from typing import Any

from tests.base import make_case, make_patient
from tests.decisions.helpers import DecisionsTestCase
from tumorboard.decisions.models import OptionDecision, ScoreRecord
from tumorboard.patients import services

OPTION = "breast_immediate_reconstruction"

# (posted form, field the error must name)
INVALID: list[tuple[dict[str, str], str]] = [
    ({"decision": "not_suitable", "reason": "  "}, "reason"),
    ({"decision": "referred_elsewhere", "referred_to": ""}, "referred_to"),
    ({"decision": "maybe"}, "decision"),
    ({"decision": ""}, "decision"),
]


class RecordDecisionTest(DecisionsTestCase):
    def setUp(self) -> None:
        self.web = self.client_for(self.clinician)
        self.web.get(self.case_url())  # screens the case

    def test_it_refuses_an_incomplete_decision_naming_the_field(self) -> None:
        for posted, field in INVALID:
            with self.subTest(field=field, posted=posted):
                response = self.web.post(self.decision_url(OPTION), posted)
                self.assertEqual(response.status_code, 422)
                self.assertContains(response, 'class="error"', status_code=422)
                api = self.api_post(self.clinician,
                                    f"/api/v1/cases/{self.case.external_id}/decisions",
                                    {"option_code": OPTION, "reason": "", "referred_to": "",
                                     **posted})
                self.assertEqual(api.status_code, 422, api.content)
                self.assertEqual(api.json()["field"], field)
        self.assertFalse(OptionDecision.objects.exists())

    def test_it_refuses_an_option_the_screen_did_not_raise(self) -> None:
        response = self.api_post(self.clinician,
                                 f"/api/v1/cases/{self.case.external_id}/decisions",
                                 {"option_code": "limb_salvage", "decision": "offered_accepted"})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["field"], "option_code")

    def test_it_keeps_every_decision_and_shows_the_latest(self) -> None:
        first = self.web.post(self.decision_url(OPTION), {"decision": "offered_declined"})
        self.assertRedirects(first, self.case_url() + f"#option-{OPTION}",
                             fetch_redirect_response=False)
        self.web.post(self.decision_url(OPTION),
                      {"decision": "referred_elsewhere", "referred_to": "West Lake plastics"})
        rows = OptionDecision.objects.filter(case=self.case).order_by("created", "id")
        self.assertEqual([r.decision for r in rows], ["offered_declined", "referred_elsewhere"])
        self.assertEqual(rows[1].screening, self.latest_screening())
        page = self.web.get(self.panel_url())
        self.assertContains(page, "West Lake plastics")
        self.assertEqual(self.audit_count("option_decision"), 2)

    def test_it_answers_htmx_with_the_panel(self) -> None:
        response = self.web.post(self.decision_url(OPTION), {"decision": "not_suitable"},
                                 HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, 'id="decision-support"', status_code=422)
        self.assertNotContains(response, "<html", status_code=422)


class RecordScoreTest(DecisionsTestCase):
    def rectal_case(self) -> Any:
        patient = make_patient(self.coordinator, self.site, mrn="R7")
        return make_case(self.coordinator, patient, pathway="rectum", primary_site_code="C20.9",
                         histology_code="8140/3", laterality="", clinical_t="T2",
                         clinical_n="N0", clinical_m="M0",
                         details={"distance_from_anal_verge_cm": "6.0"})

    def test_it_saves_scores_as_history_with_a_trend(self) -> None:
        case = self.rectal_case()
        web = self.client_for(self.clinician)
        # CCI = sqrt(sum of weights) / 2 with IIIb 4550, II 1750, I 300 (Slankamenac 2013):
        # sqrt(6300) / 2 = 39.7, then sqrt(300) / 2 = 8.7
        for grades in ("IIIb, II", "I"):
            response = web.post(self.score_url("cci", case), {"complications": grades})
            self.assertEqual(response.status_code, 302)
        records = ScoreRecord.objects.filter(case=case).order_by("created", "id")
        self.assertEqual([(r.score_name, round(float(r.total), 1)) for r in records],
                         [("cci", 39.7), ("cci", 8.7)])
        self.assertEqual(self.audit_count("score"), 2)
        page = web.get(self.panel_url(case))
        self.assertContains(page, '<svg class="trend"')

    def test_it_offers_each_function_questionnaire_once(self) -> None:
        """LARS and Wexner are recorded after the operation in the outcomes panel, at its
        time points; the decision panel points there instead of a second form."""
        case = self.rectal_case()
        page = self.client_for(self.clinician).get(self.panel_url(case))
        self.assertNotContains(page, 'id="score-lars"')
        self.assertNotContains(page, 'id="score-wexner"')
        self.assertContains(page, 'id="score-cci"')
        self.assertContains(page, 'id="function-scores-note"')
        posted = self.client_for(self.clinician).post(self.score_url("lars", case), {})
        self.assertEqual(posted.status_code, 404)  # not offered here, so not recorded here

    def test_it_refuses_bad_score_input_naming_the_field(self) -> None:
        case = self.rectal_case()
        web = self.client_for(self.clinician)
        response = web.post(self.score_url("cci", case), {"complications": "IIIx"})
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "must be among I, II, IIIa", status_code=422)
        api = self.api_post(self.clinician, f"/api/v1/cases/{case.external_id}/scores/wexner",
                            {"solid": 5})
        self.assertEqual(api.status_code, 422)
        self.assertEqual(api.json()["field"], "solid")
        self.assertFalse(ScoreRecord.objects.exists())

    def test_it_prefills_calculators_from_the_bone_metastasis_details(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="B7")
        case = make_case(self.coordinator, patient, pathway="bone_metastasis",
                         primary_site_code="C41.2", histology_code="8000/6", laterality="",
                         clinical_t="", clinical_n="", clinical_m="",
                         details={"spinal_levels": ["L3"], "primary_tumour": "kidney",
                                  "frankel": "D", "visceral_metastases": "none"})
        page = self.client_for(self.clinician).get(self.panel_url(case)).content.decode()
        for select_id, value in [("calc-tokuhashi-primary", "kidney"),
                                 ("calc-tokuhashi-frankel", "D"), ("calc-sins-level", "L3"),
                                 ("calc-tomita-visceral_mets", "none")]:
            start = page.index(f'id="{select_id}"')
            chunk = page[start:page.index("</select>", start)]
            self.assertIn(f'value="{value}" selected', chunk, select_id)

    def test_it_reads_the_calculators_units_in_the_readers_language(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="M7")
        case = make_case(self.coordinator, patient, pathway="melanoma",
                         primary_site_code="C44.6", histology_code="8743/3", laterality="",
                         clinical_t="", clinical_n="", clinical_m="",
                         details={"breslow_mm": "0.9", "ulceration": False})
        page = self.client_for(self.clinician).get(
            self.panel_url(case), headers={"Accept-Language": "zh-hans"}).content.decode()
        start = page.index('id="score-melanoma_slnb"')
        calculator = page[start:page.index("</details>", start)]
        self.assertIn("(岁)", calculator)  # age in years
        self.assertNotIn("years", calculator)

    def test_it_feeds_the_lesion_assessment_and_saved_scores_into_the_screen(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="B8")
        case = make_case(self.coordinator, patient, pathway="bone_metastasis",
                         primary_site_code="C41.2", histology_code="8000/6", laterality="",
                         clinical_t="", clinical_n="", clinical_m="",
                         details={"spinal_levels": ["T11"], "primary_tumour": "lung",
                                  "frankel": "E"})
        # SINS: T11 junctional 3 + mechanical 3 + lytic 2 + subluxation 4 + over_50 3 +
        # bilateral 3 = 18 -> unstable, surgical opinion offered
        sins = {"pain": "mechanical", "lesion": "lytic", "alignment": "subluxation",
                "collapse": "over_50", "posterolateral": "bilateral"}
        services.do_update_case(self.clinician, case, {}, details={
            "spinal_lesions": [{"level": "T11", "bilsky": "1a", "sins": sins}]})
        option = next(o for o in self.latest_screening(case).result["options"]
                      if o["code"] == "spine_surgical_opinion")
        self.assertEqual(option["status"], "offer")
        self.assertIn("18", option["reason"])
        # A saved Tokuhashi record is the screen's prognosis input: recording it re-screens.
        before = self.latest_screening(case).pk
        self.client_for(self.clinician).post(self.score_url("tokuhashi", case), {
            "kps": "30", "extraspinal_bone_mets": "3", "vertebral_mets": "1",
            "visceral_mets": "unremovable", "primary": "lung", "frankel": "E"})
        self.assertNotEqual(self.latest_screening(case).pk, before)
        self.assertEqual(self.latest_screening(case).facts["tokuhashi"]["kps"], 30)
