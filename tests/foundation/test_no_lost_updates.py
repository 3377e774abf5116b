"""Two people editing the same patient or case never silently undo each other's change."""

from __future__ import annotations

import json
import re

from tests.base import BaseTestCase
from tumorboard.patients import services
from tumorboard.patients.models import Case, Patient


def hidden_version(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found, "the edit form carries no version"
    return found.group(1)


class LostUpdateTest(BaseTestCase):
    def case_form(self, **changes: object) -> dict[str, object]:
        case = Case.objects.get(pk=self.case.pk)
        data: dict[str, object] = {
            "primary_site_code": case.primary_site_code, "histology_code": case.histology_code,
            "laterality": case.laterality, "diagnosis_date": case.diagnosis_date.isoformat(),
            "ecog": case.ecog, "clinical_t": case.clinical_t, "clinical_n": case.clinical_n,
            "clinical_m": case.clinical_m, "notes": case.notes,
            "details-planned_surgery": "mastectomy", "details-bmi": "31.0"}
        data.update(changes)
        return {k: ("" if v is None else v) for k, v in data.items()}

    def test_it_refuses_a_stale_case_form_and_keeps_the_other_change(self) -> None:
        edit_url = f"/cases/{self.case.external_id}/edit/"
        coordinator = self.client_for(self.coordinator)
        clinician = self.client_for(self.clinician)
        stale = hidden_version(coordinator.get(edit_url).content.decode())
        clinician_form = self.case_form(ecog=3, version=hidden_version(
            clinician.get(edit_url).content.decode()))
        self.assertEqual(clinician.post(edit_url, clinician_form).status_code, 302)
        response = coordinator.post(edit_url, self.case_form(notes="called the patient",
                                                             version=stale))
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "Someone else saved this record", status_code=409)
        case = Case.objects.get(pk=self.case.pk)
        self.assertEqual((case.ecog, case.notes), (3, ""))

    def test_it_lets_the_user_save_knowingly_after_a_conflict(self) -> None:
        edit_url = f"/cases/{self.case.external_id}/edit/"
        coordinator = self.client_for(self.coordinator)
        stale = hidden_version(coordinator.get(edit_url).content.decode())
        services.do_update_case(self.clinician, Case.objects.get(pk=self.case.pk), {"ecog": 2})
        refused = coordinator.post(edit_url, self.case_form(notes="n", version=stale))
        current = hidden_version(refused.content.decode())
        self.assertNotEqual(current, stale)
        again = coordinator.post(edit_url, self.case_form(notes="n", version=current))
        self.assertEqual(again.status_code, 302)
        self.assertEqual(Case.objects.get(pk=self.case.pk).notes, "n")

    def test_it_answers_a_stale_api_patch_with_409_and_both_versions(self) -> None:
        url = f"/api/v1/cases/{self.case.external_id}"
        headers: dict[str, str] = self.bearer(self.clinician)  # type: ignore[assignment]
        version = self.client.get(url, **headers).json()["version"]  # type: ignore[arg-type]
        first = self.client.patch(url, json.dumps({"ecog": 3, "version": version}),
                                  content_type="application/json", **headers)  # type: ignore[arg-type]
        self.assertEqual(first.status_code, 200)
        second = self.client.patch(url, json.dumps({"notes": "x", "version": version}),
                                   content_type="application/json", **headers)  # type: ignore[arg-type]
        self.assertEqual(second.status_code, 409)
        body = second.json()
        self.assertEqual((body["field"], body["your_version"], body["current_version"]),
                         ("version", version, version + 1))
        self.assertEqual(Case.objects.get(pk=self.case.pk).notes, "")

    def test_it_keeps_both_changes_when_two_edits_touch_different_fields(self) -> None:
        # Two requests each loaded the case before either saved (no version sent: API
        # clients that do not use it still never revert a field they did not send).
        first, second = Case.objects.get(pk=self.case.pk), Case.objects.get(pk=self.case.pk)
        services.do_update_case(self.clinician, first, {"ecog": 3})
        services.do_update_case(self.coordinator, second, {"notes": "booked"})
        case = Case.objects.get(pk=self.case.pk)
        self.assertEqual((case.ecog, case.notes), (3, "booked"))
        self.assertEqual(case.version, 3)

    def test_it_refuses_a_stale_patient_edit(self) -> None:
        stale = Patient.objects.get(pk=self.patient.pk).version
        services.do_update_patient(self.clinician, Patient.objects.get(pk=self.patient.pk),
                                   {"phone": "123"})
        url = f"/api/v1/patients/{self.patient.external_id}"
        response = self.client.patch(url, json.dumps({"phone": "999", "version": stale}),
                                     content_type="application/json",
                                     **self.bearer(self.coordinator))  # type: ignore[arg-type]
        self.assertEqual(response.status_code, 409)
        self.assertEqual(Patient.objects.get(pk=self.patient.pk).phone, "123")
