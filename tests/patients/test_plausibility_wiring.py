"""Implausible input is refused by the service, the web form, the API and the importer's
shared rules, naming the field by its label in the user's language; nothing is written."""

from __future__ import annotations

import datetime as dt
import json

from django.test import override_settings
from django.utils import translation

from tests.base import BaseTestCase, make_case, make_patient
from tests.board.helpers import FAST_HASHER
from tumorboard.patients.models import Case, Patient
from tumorboard.patients.validation import InvalidInput, derive_case_fields

JSON = "application/json"


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class PlausibilityWiringTest(BaseTestCase):
    def api_headers(self) -> dict[str, str]:
        return {"Authorization": self.bearer(self.clinician)["HTTP_AUTHORIZATION"],
                "Accept-Language": "en"}

    def test_it_refuses_a_breast_case_at_the_sigmoid_colon(self) -> None:
        before = Case.objects.count()
        with translation.override("en"), self.assertRaises(InvalidInput) as caught:
            make_case(self.clinician, self.patient, primary_site_code="C18.7")
        self.assertEqual(caught.exception.field, "primary_site_code")
        self.assertIn("Primary site (ICD-O-3 topography): C18.7", caught.exception.errors[
            "primary_site_code"])
        self.assertEqual(Case.objects.count(), before)

    def test_it_names_the_field_by_its_label_in_chinese(self) -> None:
        with translation.override("zh-hans"), self.assertRaises(InvalidInput) as caught:
            make_case(self.clinician, self.patient, primary_site_code="C18.7")
        self.assertIn("原发部位", caught.exception.errors["primary_site_code"])
        self.assertNotIn("primary_site_code", caught.exception.errors["primary_site_code"])

    def test_it_refuses_a_tumour_of_99999_mm_in_the_web_form(self) -> None:
        before = Case.objects.count()
        response = self.client_for(self.clinician).post(
            f"/patients/{self.patient.external_id}/cases/new/", {
                "pathway": "breast", "primary_site_code": "C50.4",
                "histology_code": "8500/3", "diagnosis_date": "2025-06-01",
                "details-tumour_size_mm": "99999", "details-planned_surgery": "mastectomy"},
            HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Tumour size (mm): 99999 is outside the plausible range 1–300 mm.",
                      response.content.decode())
        self.assertEqual(Case.objects.count(), before)

    def test_it_refuses_implausible_case_input_in_the_api(self) -> None:
        body = {"patient": str(self.patient.external_id), "pathway": "breast",
                "primary_site_code": "C50.4", "histology_code": "8500/3",
                "diagnosis_date": "2025-06-01"}
        bad: list[tuple[dict[str, object], str, str]] = [({"grade": "<b>"}, "grade", "Grade"),
               ({"primary_site_code": "C18.7"}, "primary_site_code", "Primary site"),
               ({"details": {"tumour_size_mm": 99999}}, "details.tumour_size_mm",
                "Tumour size (mm)")]
        before = Case.objects.count()
        for change, field, label in bad:
            with self.subTest(field=field):
                response = self.client.post("/api/v1/cases", json.dumps({**body, **change}),
                                            content_type=JSON, headers=self.api_headers())
                self.assertEqual(response.status_code, 422, response.content)
                self.assertEqual(response.json()["field"], field)
                self.assertTrue(response.json()["error"].startswith(label),
                                response.json()["error"])
        self.assertEqual(Case.objects.count(), before)

    def test_it_refuses_a_national_id_abc_in_the_api(self) -> None:
        body = {"mrn": "N1", "family_name": "Zhao", "given_name": "Lei", "sex": "male",
                "birth_date": "1961-02-03"}
        for national_id, code in (("abc", "17 digits"), ("110101196102034515", "check"),
                                  ("11010119610204451X", "birth date")):
            with self.subTest(national_id=national_id):
                response = self.client.post(
                    "/api/v1/patients", json.dumps({**body, "national_id": national_id}),
                    content_type=JSON, headers=self.api_headers())
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.json()["field"], "national_id")
                self.assertIn("National identity number", response.json()["error"])
                self.assertIn(code, response.json()["error"])
        self.assertFalse(Patient.objects.filter(mrn="N1").exists())

    def test_it_refuses_an_implausible_national_id_in_the_web_form(self) -> None:
        response = self.client_for(self.coordinator).post("/patients/new/", {
            "mrn": "N2", "family_name": "赵", "given_name": "磊", "sex": "male",
            "birth_date": "1961-02-03", "preferred_language": "zh-hans",
            "national_id": "abc"}, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        self.assertIn("National identity number: a resident identity number has 17 digits",
                      response.content.decode())
        self.assertFalse(Patient.objects.filter(mrn="N2").exists())

    def test_it_refuses_a_patient_older_than_120(self) -> None:
        with self.assertRaises(InvalidInput) as caught:
            make_patient(self.coordinator, self.site, mrn="OLD", birth_date=dt.date(1901, 1, 1))
        self.assertEqual(caught.exception.field, "birth_date")

    def test_it_applies_the_same_rules_to_the_importer(self) -> None:
        # fhir/bulk.py derives and checks every imported case through derive_case_fields.
        case = Case(patient=self.patient, site=self.site, pathway="breast",
                    primary_site_code="C18.7", histology_code="8140/3",
                    diagnosis_date=dt.date(2025, 1, 1), grade="<b>")
        with self.assertRaises(InvalidInput) as caught:
            derive_case_fields(case, self.patient.birth_date, None, None, dt.date(2026, 1, 1))
        self.assertEqual(set(caught.exception.errors), {"primary_site_code", "grade"})
