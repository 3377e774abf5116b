"""A value outside its vocabulary is refused naming the field, on the form, the API and the
command, and nothing is partly written — it is never read as some other value."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from tests.base import make_patient
from tests.decisions.helpers import DecisionsTestCase
from tumorboard.patients.models import Case

RECTUM = {"pathway": "rectum", "primary_site_code": "C20.9", "histology_code": "8140/3",
          "diagnosis_date": "2025-06-01", "clinical_t": "T3", "clinical_n": "N0",
          "clinical_m": "M0"}


class BadScreenInputTest(DecisionsTestCase):
    def test_it_refuses_a_free_text_response_on_the_api(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="R1")
        before = Case.objects.count()
        response = self.api_post(self.clinician, "/api/v1/cases", {
            **RECTUM, "patient": str(patient.external_id),
            "details": {"neoadjuvant_therapy": "long_course_crt",
                        "neoadjuvant_response": "cCR"}})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["field"], "details.neoadjuvant_response")
        self.assertEqual(Case.objects.count(), before)

    def test_it_refuses_a_free_text_response_on_the_form(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="R2")
        before = Case.objects.count()
        form = {k: v for k, v in RECTUM.items() if k != "pathway"}
        form.update({"pathway": "rectum", "details-neoadjuvant_therapy": "long_course_crt",
                     "details-neoadjuvant_response": "Complete"})
        page = self.client_for(self.clinician).post(
            f"/patients/{patient.external_id}/cases/new/", form)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="id_details-neoadjuvant_response"')
        self.assertContains(page, "is not one of the available choices")
        self.assertEqual(Case.objects.count(), before)

    def test_it_refuses_a_bad_lesion_assessment_naming_it(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="B1")
        response = self.api_post(self.clinician, "/api/v1/cases", {
            "pathway": "bone_metastasis", "primary_site_code": "C41.2",
            "histology_code": "8000/6", "diagnosis_date": dt.date(2025, 6, 1).isoformat(),
            "patient": str(patient.external_id),
            "details": {"spinal_levels": ["T10"],
                        "spinal_lesions": [{"level": "T10", "bilsky": "4"}]}})
        self.assertEqual(response.status_code, 422)
        body = response.json()
        self.assertEqual(body["field"], "details.spinal_lesions")
        self.assertIn("Bilsky", body["error"])  # the label, not the key

    def test_it_refuses_it_on_the_command_with_exit_2(self) -> None:
        run = subprocess.run(
            [sys.executable, "-m", "tumorboard", "screen"], capture_output=True, text=True,
            input=json.dumps({"pathway": "rectum", "neoadjuvant_response": "cCR"}), timeout=60)
        self.assertEqual((run.returncode, run.stdout), (2, ""))
        self.assertEqual(json.loads(run.stderr)["field"], "neoadjuvant_response")
