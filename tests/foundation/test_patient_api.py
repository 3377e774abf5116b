from __future__ import annotations

import json
from typing import Any

from tests.base import BaseTestCase
from tumorboard.patients.models import Case, Patient


def new_patient(**overrides: Any) -> dict[str, Any]:
    body = {"mrn": "E777", "family_name": "Smith", "given_name": "Mary", "sex": "female",
            "birth_date": "1961-02-03"}
    body.update(overrides)
    return body


def new_case(patient: str, **overrides: Any) -> dict[str, Any]:
    body = {"patient": patient, "pathway": "rectum", "primary_site_code": "C20.9",
            "histology_code": "8140/3", "diagnosis_date": "2025-09-01", "clinical_t": "T3",
            "clinical_n": "N1a", "clinical_m": "M0",
            "details": {"distance_from_anal_verge_cm": "4.5", "baseline_continence": "good"}}
    body.update(overrides)
    return body


class PatientApiTest(BaseTestCase):
    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(path, json.dumps(body), content_type="application/json",
                                **self.bearer(self.coordinator))

    def test_it_creates_a_patient_and_a_case_with_a_derived_stage(self) -> None:
        created = self.post("/api/v1/patients", new_patient())
        self.assertEqual(created.status_code, 201, created.content)
        patient_id = created.json()["id"]
        case = self.post("/api/v1/cases", new_case(patient_id))
        self.assertEqual(case.status_code, 201, case.content)
        data = case.json()
        self.assertEqual(data["clinical_stage"], "IIIB")
        self.assertEqual(data["primary_site_label"], "Rectum, NOS")
        self.assertEqual(data["details"]["baseline_continence"], "good")
        self.assertEqual(data["status_history"][0]["to"], "referred")

    def assert_refused(self, response: Any, field: str, status: int = 422) -> None:
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response.json()["field"], field)

    def test_it_refuses_a_duplicate_mrn_on_the_same_site(self) -> None:
        self.assert_refused(self.post("/api/v1/patients", new_patient(mrn="A0001")), "mrn")
        self.assertEqual(Patient.objects.filter(mrn="A0001").count(), 1)

    def test_it_refuses_a_death_before_birth(self) -> None:
        body = new_patient(date_of_death="1950-01-01")
        self.assert_refused(self.post("/api/v1/patients", body), "date_of_death")
        self.assertFalse(Patient.objects.filter(mrn="E777").exists())

    def test_it_refuses_a_missing_or_malformed_field(self) -> None:
        body = new_patient()
        del body["family_name"]
        self.assert_refused(self.post("/api/v1/patients", body), "family_name")
        self.assert_refused(self.post("/api/v1/patients", new_patient(birth_date="3 May")),
                            "birth_date")
        self.assert_refused(self.post("/api/v1/patients", new_patient(sex="x")), "sex")

    def test_it_refuses_an_invalid_tnm_combination_and_writes_nothing(self) -> None:
        before = Case.objects.count()
        body = new_case(str(self.patient.external_id), clinical_t="T4", clinical_n="N1")
        self.assert_refused(self.post("/api/v1/cases", body), "clinical_t")
        self.assertEqual(Case.objects.count(), before)

    def test_it_refuses_an_unknown_code(self) -> None:
        body = new_case(str(self.patient.external_id), histology_code="9999/3")
        self.assert_refused(self.post("/api/v1/cases", body), "histology_code")

    def test_it_refuses_a_bad_pathway_detail_naming_it(self) -> None:
        body = new_case(str(self.patient.external_id),
                        details={"distance_from_anal_verge_cm": "-2"})
        self.assert_refused(self.post("/api/v1/cases", body),
                            "details.distance_from_anal_verge_cm")
        body = new_case(str(self.patient.external_id), details={"colour": "blue"})
        self.assert_refused(self.post("/api/v1/cases", body), "details.colour")

    def test_it_refuses_a_diagnosis_before_birth(self) -> None:
        body = new_case(str(self.patient.external_id), diagnosis_date="1960-01-01")
        self.assert_refused(self.post("/api/v1/cases", body), "diagnosis_date")

    def test_it_refuses_a_status_change_the_workflow_does_not_allow(self) -> None:
        response = self.client.post(f"/api/v1/cases/{self.case.external_id}/status",
                                    json.dumps({"status": "follow_up"}),
                                    content_type="application/json",
                                    **self.bearer(self.clinician))
        self.assert_refused(response, "status")

    def test_it_pages_and_filters_lists(self) -> None:
        for index in range(7):
            self.post("/api/v1/patients", new_patient(mrn=f"P{index}", family_name="Page"))
        headers = self.bearer(self.clinician)
        first = self.client.get("/api/v1/patients", {"q": "Page", "page_size": 5}, **headers)
        second = self.client.get("/api/v1/patients", {"q": "Page", "page_size": 5, "page": 2},
                                 **headers)
        self.assertEqual(first.json()["count"], 7)
        self.assertEqual(len(first.json()["items"]), 5)
        self.assertEqual(len(second.json()["items"]), 2)
        too_big = self.client.get("/api/v1/patients", {"page_size": 5000}, **headers)
        self.assert_refused(too_big, "page_size")

    def test_it_stores_the_national_id_only_as_a_hash_and_finds_it(self) -> None:
        response = self.post("/api/v1/patients", new_patient(national_id="110101196102034514"))
        patient = Patient.objects.get(external_id=response.json()["id"])
        self.assertNotIn("199003074512", patient.national_id_hash)
        from tumorboard.patients.validation import hash_national_id

        self.assertEqual(patient.national_id_hash, hash_national_id("110101 19610203 4514"))

    def test_it_publishes_an_openapi_schema(self) -> None:
        schema = self.client_for(self.clinician).get("/api/v1/openapi.json").json()
        self.assertIn("/api/v1/patients", schema["paths"])
        self.assertIn("/api/v1/cases/{case_id}", schema["paths"])
