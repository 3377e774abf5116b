"""The case-page panel (plain HTML forms, errors beside fields) and the API round trip."""

from __future__ import annotations

import json

from django.test import Client
from tests.base import BaseTestCase, make_case, make_patient

from tumorboard.outcomes.models import CaseOutcome, FollowUpEvent, FunctionScore, Operation

JSON = "application/json"


class PanelTest(BaseTestCase):
    def url(self, kind: str) -> str:
        return f"/outcomes/cases/{self.case.external_id}/{kind}/"

    def test_it_records_an_operation_and_complication_through_the_forms(self) -> None:
        client = self.client_for(self.clinician)
        response = client.post(self.url("operations"), {
            "op-date": "2025-07-01", "op-procedure": "NSM", "op-intent": "curative",
            "op-margin": "R0", "op-surgeon": "clinician", "op-reconstruction": "immediate",
            "op-reconstruction_type": "autologous", "op-flap": "DIEP"})
        self.assertRedirects(response, f"/cases/{self.case.external_id}/#outcomes",
                             fetch_redirect_response=False)
        operation = Operation.objects.get(case=self.case)
        self.assertEqual((operation.flap, operation.surgeon), ("DIEP", self.clinician))
        client.post(self.url("complications"), {
            "cx-operation": str(operation.external_id), "cx-type": "flap_loss_partial",
            "cx-grade": "IIIb", "cx-date": "2025-07-04"})
        page = client.get(f"/cases/{self.case.external_id}/panels/outcomes/")
        self.assertContains(page, "Flap loss, partial")
        self.assertContains(page, '<td class="cci">33.7</td>', html=False)
        self.assertEqual(CaseOutcome.objects.get(case=self.case).reconstruction, 1)

    def test_it_shows_errors_next_to_the_fields(self) -> None:
        response = self.client_for(self.clinician).post(self.url("follow-up"), {
            "fu-type": "local_recurrence", "fu-date": "2020-01-01"})
        self.assertEqual(response.status_code, 422)
        html = response.content.decode()
        field = html.index('name="fu-date"')
        error = html.index("before the diagnosis", field)
        self.assertLess(error - field, 600)  # the message sits right after the date input
        self.assertIn("<details open", html)
        self.assertFalse(FollowUpEvent.objects.exists())

    def test_it_draws_the_function_score_trend(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="R9")
        case = make_case(self.coordinator, patient, pathway="rectum", primary_site_code="C20.9",
                         histology_code="8140/3", laterality="", details={})
        client = self.client_for(self.clinician)
        client.post(f"/outcomes/cases/{case.external_id}/operations/", {
            "op-date": "2025-07-01", "op-procedure": "LAR", "op-intent": "curative"})
        operation = Operation.objects.get(case=case)
        answers = {"lars-flatus": "weekly_or_more", "lars-liquid": "never",
                   "lars-frequency": "4_to_7_per_day", "lars-clustering": "weekly_or_more",
                   "lars-urgency": "weekly_or_more", "lars-operation": str(operation.external_id)}
        for months, date in (("3", "2025-10-01"), ("6", "2026-01-02")):
            response = client.post(f"/outcomes/cases/{case.external_id}/scores/lars/", {
                **answers, "lars-time_point": months, "lars-assessed_on": date})
            self.assertEqual(response.status_code, 302)
        self.assertEqual(FunctionScore.objects.filter(case=case).count(), 2)
        page = client.get(f"/cases/{case.external_id}/panels/outcomes/")
        self.assertContains(page, 'id="trend-chart"')
        self.assertContains(page, "Months after surgery")
        bad = client.post(f"/outcomes/cases/{case.external_id}/scores/lars/", {
            **answers, "lars-urgency": "hourly", "lars-time_point": "12",
            "lars-assessed_on": "2026-07-01"})
        self.assertEqual(bad.status_code, 422)


class ApiTest(BaseTestCase):
    def test_it_round_trips_every_record(self) -> None:
        client = self.client_for(self.clinician)
        base = f"/api/v1/cases/{self.case.external_id}"
        created = client.post(f"{base}/operations", json.dumps({
            "date": "2025-07-01", "procedure": "MAST", "intent": "curative",
            "surgeon": "clinician"}), content_type=JSON)
        self.assertEqual(created.status_code, 201, created.content)
        operation_id = created.json()["id"]
        cx = client.post(f"/api/v1/operations/{operation_id}/complications", json.dumps({
            "type": "seroma", "grade": "I", "date": "2025-07-10"}), content_type=JSON)
        self.assertEqual(cx.status_code, 201)
        event = client.post(f"{base}/follow-up-events", json.dumps({
            "type": "last_contact", "date": "2026-01-10"}), content_type=JSON)
        self.assertEqual(event.status_code, 201)
        listed = client.get(f"{base}/operations").json()
        self.assertEqual(listed[0]["complications"][0]["grade"], "I")
        self.assertEqual(listed[0]["cci"], 8.7)
        self.assertEqual(client.get(f"{base}/follow-up-events").json()[0]["type"],
                         "last_contact")
        self.assertEqual(client.get(f"{base}/complications").json()[0]["type"], "seroma")
        self.assertEqual(client.get(f"{base}/function-scores").json(), [])
        figures = client.get("/api/v1/outcomes/registry?pathway=breast&site=EAST").json()
        self.assertEqual(figures["n"], 1)
        self.assertFalse(figures["suppressed"])

    def test_it_names_the_field_of_bad_input(self) -> None:
        client = self.client_for(self.clinician)
        base = f"/api/v1/cases/{self.case.external_id}"
        op = client.post(f"{base}/operations", json.dumps({
            "date": "2025-07-01", "procedure": "MAST", "intent": "curative"}),
            content_type=JSON).json()
        bad = client.post(f"/api/v1/operations/{op['id']}/complications", json.dumps({
            "type": "seroma", "grade": "VI", "date": "2025-07-10"}), content_type=JSON)
        self.assertEqual((bad.status_code, bad.json()["field"]), (422, "grade"))
        score = client.post(f"{base}/function-scores", json.dumps({
            "operation": op["id"], "instrument": "lars", "time_point_months": 3,
            "assessed_on": "2025-10-01", "inputs": {}}), content_type=JSON)
        self.assertEqual((score.status_code, score.json()["field"]), (422, "instrument"))
        figures = client.get("/api/v1/outcomes/registry?pathway=kidney")
        self.assertEqual((figures.status_code, figures.json()["field"]), (422, "pathway"))
        token = Client().get(f"{base}/operations",
                             headers={"Authorization": self.bearer(self.clinician)[
                                 "HTTP_AUTHORIZATION"]})
        self.assertEqual(token.status_code, 200)
