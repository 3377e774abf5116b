"""Who sees what: sites, the auditor's suppressed aggregates, the export, the case panel."""

from __future__ import annotations

import csv
import io

from tests.base import BaseTestCase
from tests.outcomes.registry_fixtures import build_registry

from tumorboard.accounts.models import AuditEvent
from tumorboard.outcomes.models import Operation
from tumorboard.patients.models import Case

DASHBOARD = "/outcomes/registry/?pathway=breast"
EXPORT = "/outcomes/registry/export.csv?pathway=breast"


class RegistryAccessTest(BaseTestCase):
    cases: list[Case]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cases = build_registry(cls.coordinator, cls.site)

    def export_cells(self, user: object) -> dict[tuple[str, str, str], str]:
        response = self.client_for(user).get(EXPORT)  # type: ignore[arg-type]
        self.assertEqual(response.status_code, 200)
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        return {(r["section"], r["key"], r["field"]): r["value"] for r in rows}

    def test_it_suppresses_small_cells_in_the_export(self) -> None:
        cells = self.export_cells(self.clinician)
        self.assertEqual(cells[("os", "all", "n")], "11")  # ten + the cast's own case
        self.assertEqual(cells[("os", "breast_conserving", "n")], "")  # 2 patients
        self.assertEqual(cells[("os", "reconstruction", "events")], "")  # 4 deaths
        self.assertEqual(cells[("os", "reconstruction", "survival_5y")], "")
        self.assertEqual(cells[("rates", "death_90d", "events")], "")  # 1 death
        self.assertEqual(cells[("rates", "death_90d", "proportion")], "")
        self.assertEqual(cells[("cci", "0", "operations")], "9")
        self.assertTrue(AuditEvent.objects.filter(action="export").exists())

    def test_it_shows_a_clinician_the_unsuppressed_dashboard_with_patient_rows(self) -> None:
        response = self.client_for(self.clinician).get(DASHBOARD + "&site=EAST")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'id="suppressed-note"')
        self.assertContains(response, 'id="lacking-follow-up"')
        self.assertContains(response, self.cases[2].patient.mrn)
        self.assertContains(response, 'hx-get="/outcomes/registry/charts/', count=3)
        self.assertTrue(AuditEvent.objects.filter(object_type="outcomes_registry").exists())

    def test_it_gives_the_auditor_suppressed_aggregates_only(self) -> None:
        response = self.client_for(self.auditor).get(DASHBOARD)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="suppressed-note"')
        self.assertNotContains(response, 'id="lacking-follow-up"')
        for case in self.cases:
            self.assertNotContains(response, case.patient.mrn)
        api = self.client_for(self.auditor).get("/api/v1/outcomes/registry?pathway=breast")
        self.assertEqual(api.status_code, 200)
        self.assertTrue(api.json()["suppressed"])
        self.assertEqual(self.client_for(self.auditor).get("/outcomes/due/").status_code, 403)
        case_page = self.client_for(self.auditor).get(f"/cases/{self.cases[0].external_id}/")
        self.assertIn(case_page.status_code, (403, 404))

    def test_it_never_shows_another_sites_data(self) -> None:
        client = self.client_for(self.outsider)
        self.assertEqual(client.get(DASHBOARD + "&site=EAST").status_code, 403)
        own = client.get("/api/v1/outcomes/registry?pathway=breast").json()
        self.assertEqual(own["n"], 0)
        self.assertEqual(own["filters"]["sites"], ["WEST"])
        case_id = self.cases[0].external_id
        for path in (f"/api/v1/cases/{case_id}/operations",
                     f"/api/v1/cases/{case_id}/follow-up-events",
                     f"/api/v1/cases/{case_id}/function-scores"):
            with self.subTest(path=path):
                self.assertEqual(client.get(path).status_code, 403)
        posted = client.post(f"/outcomes/cases/{case_id}/follow-up/",
                             {"fu-type": "last_contact", "fu-date": "2025-01-01"})
        self.assertEqual(posted.status_code, 403)
        self.assertNotContains(client.get("/outcomes/due/"), self.cases[0].patient.mrn)

    def test_it_lets_only_writers_record(self) -> None:
        case_id = self.case.external_id
        data = {"op-date": "2025-07-01", "op-procedure": "MAST", "op-intent": "curative"}
        denied = self.client_for(self.welfare).post(f"/outcomes/cases/{case_id}/operations/",
                                                    data)
        self.assertEqual(denied.status_code, 403)
        # The welfare officer does not read the clinical record at all (door.MATRIX).
        page = self.client_for(self.welfare).get(f"/cases/{case_id}/")
        self.assertEqual(page.status_code, 403)
        self.assertFalse(Operation.objects.filter(case=self.case).exists())
