"""Reports in the JSON API: list, add, read and amend a case's reports, within the door."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.utils import timezone

from tests.patients.reports_helpers import ReportTestCase
from tumorboard.patients.report_models import ClinicalReport

BODY: dict[str, Any] = {
    "report_type": "pathology", "report_date": "2025-05-28", "title": "Core biopsy",
    "author_name": "Dr Liu Yang", "text": "Invasive ductal carcinoma, grade 2.\nER 90%.",
    "viewer_link": "https://slides.example.org/case/77"}


class ReportsApiTest(ReportTestCase):
    def post(self, user: Any, url: str, body: dict[str, Any]) -> Any:
        return self.client.post(url, json.dumps(body), content_type="application/json",
                                **self.bearer(user))

    def list_url(self) -> str:
        return f"/api/v1/cases/{self.case.external_id}/reports"

    def test_it_adds_lists_and_reads_a_report(self) -> None:
        created = self.post(self.clinician, self.list_url(), BODY)
        self.assertEqual(created.status_code, 201, created.content)
        report_id = created.json()["id"]
        self.attach(ClinicalReport.objects.get())
        listed = self.client.get(self.list_url(), **self.bearer(self.coordinator)).json()
        self.assertEqual([r["id"] for r in listed], [report_id])
        self.assertEqual(listed[0]["attachments"][0]["file_name"], "mri.pdf")
        read = self.client.get(f"/api/v1/reports/{report_id}",
                               **self.bearer(self.coordinator)).json()
        self.assertEqual((read["report_type"], read["current"], read["version"]),
                         ("pathology", True, 1))
        self.assertTrue(read["attachments"][0]["download"].startswith("/report-files/"))

    def test_it_amends_with_a_version_and_refuses_a_stale_one(self) -> None:
        report = self.add_report()
        url = f"/api/v1/reports/{report.external_id}/amend"
        amended = self.post(self.clinician, url, {"reason": "Addendum", "version": 1,
                                                  "text": "Addendum: ER 95%."})
        self.assertEqual(amended.status_code, 201, amended.content)
        self.assertEqual((amended.json()["version"], amended.json()["supersedes"]),
                         (2, str(report.external_id)))
        stale = self.post(self.clinician, url, {"reason": "Again", "version": 1})
        self.assertEqual(stale.status_code, 409)
        old = self.client.get(f"/api/v1/reports/{report.external_id}",
                              **self.bearer(self.clinician)).json()
        self.assertFalse(old["current"])
        self.assertEqual(ClinicalReport.objects.count(), 2)

    def test_it_refuses_bad_input_naming_the_field_and_writes_nothing(self) -> None:
        future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
        cases = {"report_date": {"report_date": future},
                 "viewer_link": {"viewer_link": "javascript:alert(document.cookie)"},
                 "report_type": {"report_type": "autopsy"},
                 "viewer_link ": {"viewer_link": "http://[::1/viewer"},
                 "viewer_link  ": {"viewer_link": "https://:8080/"},
                 "author_name": {"author_name": "   "}}
        for field, change in cases.items():
            with self.subTest(field=field):
                response = self.post(self.clinician, self.list_url(), {**BODY, **change})
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.json()["field"], field.strip())
        self.assertEqual(ClinicalReport.objects.count(), 0)

    def test_it_refuses_another_site_and_roles_without_clinical_rights(self) -> None:
        report = self.add_report()
        reads = [self.list_url(), f"/api/v1/reports/{report.external_id}"]
        amend: dict[str, Any] = {"reason": "x", "version": 1}
        writes = [(self.list_url(), BODY),
                  (f"/api/v1/reports/{report.external_id}/amend", amend)]
        for user, refused in ((self.outsider, (403, 404)), (self.welfare, (403,)),
                              (self.auditor, (403,))):
            for url in reads:
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url, **self.bearer(user))
                    self.assertIn(response.status_code, refused)
                    self.assertNotIn("盆腔 MRI", response.content.decode())
            for url, body in writes:
                with self.subTest(user=user.username, url=url, method="post"):
                    self.assertIn(self.post(user, url, body).status_code, refused)
        self.assertEqual(ClinicalReport.objects.count(), 1)
