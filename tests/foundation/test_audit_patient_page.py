"""The auditor's "who saw this patient" page."""

from __future__ import annotations

from tests.base import BaseTestCase
from tumorboard.accounts import audit
from tumorboard.accounts.services import do_create_user


class WhoSawThisPatientTest(BaseTestCase):
    def setUp(self) -> None:
        self.clinician.first_name, self.clinician.last_name = "Wei", "Li"
        self.clinician.save()
        self.client_for(self.clinician).get(f"/patients/{self.patient.external_id}/")
        self.url = f"/audit/patient/{self.patient.external_id}/"

    def test_it_shows_the_sites_auditor_who_saw_the_patient_by_name(self) -> None:
        page = self.client_for(self.auditor).get(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "<td>Wei Li</td>", html=False)
        self.assertContains(page, "<td>viewed</td>", html=False)
        self.assertContains(page, "<td>created</td>", html=False)  # the coordinator's entry

    def test_it_lists_newest_first(self) -> None:
        rows = list(self.client_for(self.auditor).get(self.url).context["rows"])
        times = [row.event.at for row in rows]
        self.assertEqual(times, sorted(times, reverse=True))
        self.assertEqual(rows[0].event.action, "view")

    def test_it_includes_lists_that_showed_the_patient(self) -> None:
        audit.record(user=self.coordinator, action="view", object_type="ruleset_changes",
                     detail={"patients": [str(self.patient.external_id)]})
        rows = self.client_for(self.auditor).get(self.url).context["rows"]
        self.assertIn("ruleset_changes", [row.event.object_type for row in rows])

    def test_it_leaves_out_other_patients(self) -> None:
        audit.record(user=self.coordinator, action="view", object_type="patient",
                     patient_id="00000000-0000-0000-0000-000000000001")
        rows = self.client_for(self.auditor).get(self.url).context["rows"]
        ids = {row.event.patient_id for row in rows}
        self.assertEqual(ids - {""}, {str(self.patient.external_id)})

    def test_it_refuses_another_sites_auditor(self) -> None:
        west = do_create_user("west-auditor", role="auditor", site_codes=["WEST"])
        self.assertEqual(self.client_for(west).get(self.url).status_code, 403)

    def test_it_refuses_a_clinician(self) -> None:
        self.assertEqual(self.client_for(self.clinician).get(self.url).status_code, 403)

    def test_it_is_linked_from_the_audit_trail(self) -> None:
        page = self.client_for(self.auditor).get("/audit/", {"action": "view"})
        self.assertContains(page, f'href="{self.url}"')

    def test_it_answers_404_for_an_unknown_patient(self) -> None:
        response = self.client_for(self.auditor).get("/audit/patient/not-a-uuid/")
        self.assertEqual(response.status_code, 404)
