from __future__ import annotations

from tests.base import BaseTestCase
from tumorboard.patients.models import Case, CaseStatusChange, Patient


class WebFormsTest(BaseTestCase):
    def test_it_registers_a_patient_and_opens_her_page(self) -> None:
        client = self.client_for(self.coordinator)
        response = client.post("/patients/new/", {
            "mrn": "E900", "family_name": "Taylor", "given_name": "Grace", "sex": "female",
            "birth_date": "1959-11-30", "preferred_language": "en"}, follow=True)
        self.assertContains(response, "Grace Taylor")
        self.assertTrue(Patient.objects.filter(mrn="E900", site=self.site).exists())

    def test_it_shows_field_errors_and_writes_nothing(self) -> None:
        client = self.client_for(self.coordinator)
        response = client.post("/patients/new/", {
            "mrn": "A0001", "family_name": "Taylor", "given_name": "Grace", "sex": "female",
            "birth_date": "1959-11-30", "date_of_death": "1950-01-01",
            "preferred_language": "en"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The date of death is before the date of birth.")
        self.assertEqual(Patient.objects.filter(family_name="Taylor").count(), 0)

    def test_it_creates_a_case_with_pathway_details_and_a_stage(self) -> None:
        client = self.client_for(self.clinician)
        response = client.post(f"/patients/{self.patient.external_id}/cases/new/", {
            "pathway": "sarcoma", "primary_site_code": "C49.2", "histology_code": "8850/3",
            "laterality": "left", "diagnosis_date": "2025-01-10", "clinical_t": "T3",
            "clinical_n": "N0", "clinical_m": "M0", "details-size_cm": "12.5",
            "details-fnclcc_grade": "3", "details-depth": "deep", "details-limb": "true",
        }, follow=True)
        self.assertEqual(response.status_code, 200)
        case = Case.objects.get(pathway="sarcoma")
        self.assertEqual(case.clinical_stage, "IIIB")
        self.assertContains(response, "IIIB")
        self.assertContains(response, "12.5")

    def test_it_refuses_an_invalid_tnm_on_the_form(self) -> None:
        client = self.client_for(self.clinician)
        response = client.post(f"/cases/{self.case.external_id}/edit/", {
            "primary_site_code": "C50.4", "histology_code": "8500/3",
            "diagnosis_date": "2025-06-01", "clinical_t": "Tis", "clinical_n": "N2",
            "clinical_m": "M0"})
        self.assertContains(response, "is not a combination in the AJCC 8th breast table")
        self.case.refresh_from_db()
        self.assertEqual(self.case.clinical_t, "T2")

    def test_it_moves_a_case_along_the_workflow_and_keeps_history(self) -> None:
        client = self.client_for(self.clinician)
        client.post(f"/cases/{self.case.external_id}/status/", {"status": "work_up"})
        client.post(f"/cases/{self.case.external_id}/status/", {"status": "discussed",
                                                                  "note": "MDT 12 May"})
        history = list(CaseStatusChange.objects.filter(case=self.case)
                       .values_list("from_status", "to_status", "changed_by__username"))
        self.assertEqual(history, [("", "referred", "coordinator"),
                                   ("referred", "work_up", "clinician"),
                                   ("work_up", "discussed", "clinician")])
        page = client.get(f"/cases/{self.case.external_id}/panels/history/")
        self.assertContains(page, "MDT 12 May")

    def test_it_searches_by_mrn_and_by_chinese_name(self) -> None:
        client = self.client_for(self.clinician)
        for query in ("A0001", "王秀英", "王", "秀英"):
            with self.subTest(query=query):
                page = client.get("/patients/", {"q": query})
                self.assertContains(page, str(self.patient.external_id))
        self.assertContains(client.get("/patients/", {"q": "Nobody"}),
                            "No patient matches this search.")

    def test_it_answers_htmx_with_the_results_fragment(self) -> None:
        page = self.client_for(self.clinician).get("/patients/", {"q": "王"},
                                                   HTTP_HX_REQUEST="true")
        self.assertNotContains(page, "<html")
        self.assertContains(page, "王秀英")

    def test_it_shows_my_cases_by_status_on_the_dashboard(self) -> None:
        page = self.client_for(self.clinician).get("/")
        self.assertContains(page, "Referred")
        self.assertContains(page, "王秀英")

    def test_it_shows_friendly_error_pages(self) -> None:
        client = self.client_for(self.outsider)
        forbidden = client.get(f"/patients/{self.patient.external_id}/")
        self.assertContains(forbidden, "Not allowed", status_code=403)
        missing = client.get("/patients/00000000-0000-0000-0000-000000000000/")
        self.assertEqual(missing.status_code, 404)
