"""Lists, searches, reports and dashboards record the patients they showed, so the trail
answers "who saw this patient" for them too."""

from __future__ import annotations

from tests.base import BaseTestCase
from tumorboard.accounts import audit
from tumorboard.accounts.models import AuditEvent


class ListsRecordThePatientsShownTest(BaseTestCase):
    def shown_in(self, object_type: str) -> set[str]:
        event = AuditEvent.objects.filter(object_type=object_type).latest("id")
        return set(event.detail.get("patients", []))

    def test_it_records_the_patients_a_search_showed(self) -> None:
        self.client_for(self.clinician).get("/patients/", {"q": self.patient.family_name})
        self.assertEqual(self.shown_in("patient"), {str(self.patient.external_id)})
        self.client.get("/api/v1/patients", {"q": self.patient.family_name},
                        **self.bearer(self.clinician))  # type: ignore[arg-type]
        self.assertEqual(self.shown_in("patient"), {str(self.patient.external_id)})
        self.client.get("/api/v1/cases", **self.bearer(self.clinician))  # type: ignore[arg-type]
        self.assertEqual(self.shown_in("case"), {str(self.patient.external_id)})

    def test_it_records_the_patients_the_dashboard_showed(self) -> None:
        self.client_for(self.clinician).get("/")
        self.assertEqual(self.shown_in("dashboard"), {str(self.patient.external_id)})

    def test_it_lists_the_search_on_the_patients_audit_page(self) -> None:
        self.client_for(self.clinician).get("/patients/", {"q": self.patient.family_name})
        events = audit.events_for_patient(self.patient)
        self.assertTrue(events.filter(action="search", user=self.clinician).exists())
        page = self.client_for(self.auditor).get(f"/audit/patient/{self.patient.external_id}/")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "search")

    def test_it_records_nobody_for_an_empty_search(self) -> None:
        self.client_for(self.clinician).get("/patients/", {"q": "nobody-by-this-name"})
        self.assertEqual(self.shown_in("patient"), set())
