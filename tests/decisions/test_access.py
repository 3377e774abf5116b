"""Who may see the panel and record decisions or scores."""

from __future__ import annotations

from tests.decisions.helpers import DecisionsTestCase
from tumorboard.decisions.models import OptionDecision, ScoreRecord

OPTION = "breast_immediate_reconstruction"
CCI = {"complications": "II"}


class AccessTest(DecisionsTestCase):
    def setUp(self) -> None:
        self.client_for(self.clinician).get(self.case_url())

    def test_it_refuses_the_outsider_the_panel_and_the_decision(self) -> None:
        web = self.client_for(self.outsider)
        panel = f"/decisions/cases/{self.case.external_id}/panel/"
        self.assertEqual(web.get(panel).status_code, 403)
        self.assertEqual(web.post(self.decision_url(OPTION),
                                  {"decision": "offered_accepted"}).status_code, 403)
        self.assertEqual(web.post(self.score_url("cci"), CCI).status_code, 403)
        api = f"/api/v1/cases/{self.case.external_id}"
        self.assertEqual(self.api_get(self.outsider, f"{api}/decision-support").status_code,
                         403)
        self.assertEqual(self.api_post(self.outsider, f"{api}/decisions",
                                       {"option_code": OPTION,
                                        "decision": "offered_accepted"}).status_code, 403)
        self.assertFalse(OptionDecision.objects.exists())

    def test_it_keeps_the_welfare_officer_out_of_clinical_decisions(self) -> None:
        # The role matrix: the welfare officer sees identity and funding, not the clinical
        # record (README, "Who sees what").
        web = self.client_for(self.welfare)
        self.assertEqual(web.get(self.case_url()).status_code, 403)
        self.assertEqual(web.post(self.decision_url(OPTION),
                                  {"decision": "offered_accepted"}).status_code, 403)
        self.assertEqual(web.post(self.score_url("cci"), CCI).status_code, 403)
        api = f"/api/v1/cases/{self.case.external_id}"
        self.assertEqual(self.api_post(self.welfare, f"{api}/scores/cci",
                                       {"complications": []}).status_code, 403)
        self.assertEqual(self.api_get(self.welfare, f"{api}/decision-support").status_code, 403)
        self.assertFalse(OptionDecision.objects.exists())
        self.assertFalse(ScoreRecord.objects.exists())

    def test_it_shows_the_auditor_no_patient_panel(self) -> None:
        web = self.client_for(self.auditor)
        panel = f"/decisions/cases/{self.case.external_id}/panel/"
        self.assertEqual(web.get(panel).status_code, 403)
        self.assertEqual(web.get(self.case_url()).status_code, 403)
        api = f"/api/v1/cases/{self.case.external_id}/decision-support"
        self.assertEqual(self.api_get(self.auditor, api).status_code, 403)

    def test_it_lets_a_clinician_of_the_site_record(self) -> None:
        web = self.client_for(self.coordinator)
        self.assertEqual(web.post(self.decision_url(OPTION),
                                  {"decision": "offered_accepted"}).status_code, 302)
        self.assertEqual(web.post(self.score_url("cci"), CCI).status_code, 302)
        self.assertEqual(ScoreRecord.objects.get().total, 20.9)  # grade II alone: 20.9
