"""Reports on the case: added from the case page, shown in its panel, amended as new
versions (never edited), refused to another site and to roles without clinical rights."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.outcomes.test_reads_do_not_write import writes
from tests.patients.reports_helpers import PDF, VALUES, ReportTestCase
from tumorboard.accounts.models import AuditEvent
from tumorboard.patients import report_services
from tumorboard.patients.report_models import ClinicalReport


class ReportPagesTest(ReportTestCase):
    def add_url(self) -> str:
        return f"/cases/{self.case.external_id}/reports/new/"

    def panel_url(self) -> str:
        return f"/cases/{self.case.external_id}/panels/reports/"

    def test_it_adds_a_report_and_shows_it_in_the_case_panel(self) -> None:
        client = self.client_for(self.clinician)
        response = client.post(self.add_url(), self.form())
        report = ClinicalReport.objects.get()
        self.assertRedirects(response, f"/reports/{report.external_id}/")
        self.assertEqual((report.created_by, report.version), (self.clinician, 1))
        self.assertTrue(AuditEvent.objects.filter(action="create",
                                                  object_type="clinical_report").exists())
        text = client.get(self.panel_url()).content.decode()
        for shown in ("Imaging", "2025-05-20", "盆腔 MRI 分期", "陈静医师",
                      "MRF 阴性。", 'href="https://pacs.example.org/viewer?study=1.2.3"'):
            self.assertIn(shown, text)
        self.assertNotIn("mrT3b", text)  # only the first lines
        self.assertNotIn(self.clinician.username, text)

    def test_it_refuses_a_future_date_naming_the_field_and_writes_nothing(self) -> None:
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        response = self.client_for(self.clinician).post(self.add_url(),
                                                        self.form(report_date=tomorrow))
        self.assertEqual(response.status_code, 400)
        self.assertIn("The date of the report is in the future.", response.content.decode())
        self.assertEqual(response.context["form"].errors.keys(), {"report_date"})
        self.assertEqual(ClinicalReport.objects.count(), 0)

    def test_it_refuses_links_that_are_not_http_naming_the_field(self) -> None:
        client = self.client_for(self.clinician)
        for link in ("javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd",
                     "ftp://pacs/1", "https://"):
            with self.subTest(link=link):
                response = client.post(self.add_url(), self.form(viewer_link=link))
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.context["form"].errors.keys(), {"viewer_link"})
        self.assertEqual(ClinicalReport.objects.count(), 0)

    def test_it_amends_as_a_new_version_and_keeps_the_old_one(self) -> None:
        report = self.add_report()
        client = self.client_for(self.clinician)
        response = client.post(f"/reports/{report.external_id}/amend/", self.form(
            text="Addendum: mrT3c.", reason="Second read by the MDT radiologist", version=1))
        amended = ClinicalReport.objects.get(version=2)
        self.assertRedirects(response, f"/reports/{amended.external_id}/")
        report.refresh_from_db()
        self.assertEqual((report.text, amended.supersedes), (VALUES["text"], report))
        old_page = client.get(f"/reports/{report.external_id}/").content.decode()
        self.assertIn('id="superseded"', old_page)
        self.assertNotIn('id="amend"', old_page)
        new_page = client.get(f"/reports/{amended.external_id}/").content.decode()
        self.assertIn("Second read by the MDT radiologist", new_page)
        self.assertIn(f'href="/reports/{report.external_id}/"', new_page)
        panel = client.get(self.panel_url()).content.decode()
        self.assertIn("Addendum", panel)
        self.assertNotIn(f"/reports/{report.external_id}/", panel)

    def test_it_refuses_to_amend_an_older_version_or_without_a_reason(self) -> None:
        report = self.add_report()
        client = self.client_for(self.clinician)
        client.post(f"/reports/{report.external_id}/amend/",
                    self.form(reason="Typo", version=1))
        stale = client.post(f"/reports/{report.external_id}/amend/",
                            self.form(reason="Mine too", version=1))
        self.assertEqual(stale.status_code, 409)
        current = ClinicalReport.objects.get(version=2)
        no_reason = client.post(f"/reports/{current.external_id}/amend/",
                                self.form(reason="", version=2))
        self.assertEqual(no_reason.status_code, 400)
        self.assertIn("reason", no_reason.context["amend_form"].errors)
        self.assertEqual(ClinicalReport.objects.count(), 2)

    def urls(self, report: ClinicalReport) -> list[tuple[str, str]]:
        rid = report.external_id
        return [("get", self.add_url()), ("post", self.add_url()), ("get", self.panel_url()),
                ("get", f"/reports/{rid}/"), ("post", f"/reports/{rid}/amend/"),
                ("post", f"/reports/{rid}/files/")]

    def test_it_refuses_another_sites_user_on_every_report_page(self) -> None:
        report = self.add_report()
        client = self.client_for(self.outsider)
        for method, url in self.urls(report):
            with self.subTest(method=method, url=url):
                response = getattr(client, method)(url, self.form(reason="x", version=1))
                self.assertIn(response.status_code, (403, 404))
                self.assertNotIn("盆腔 MRI", response.content.decode())
        self.assertEqual(ClinicalReport.objects.count(), 1)

    def test_it_refuses_roles_without_clinical_rights(self) -> None:
        report = self.add_report()
        for user in (self.welfare, self.auditor):
            client = self.client_for(user)
            for method, url in self.urls(report):
                with self.subTest(user=user.username, method=method, url=url):
                    response = getattr(client, method)(url, self.form(reason="x", version=1))
                    self.assertEqual(response.status_code, 403)
        self.assertEqual(ClinicalReport.objects.count(), 1)

    def test_it_refuses_the_services_to_another_site_even_without_a_view(self) -> None:
        report = self.add_report()
        calls = (lambda: report_services.do_add_report(self.outsider, self.case, VALUES),
                 lambda: report_services.do_amend_report(self.outsider, report, {},
                                                         reason="x"),
                 lambda: report_services.do_attach_file(self.outsider, report, [PDF],
                                                        name="a.pdf"))
        for call in calls:
            with self.subTest(call=call), self.assertRaises(PermissionDenied):
                call()
        self.assertEqual((ClinicalReport.objects.count(), self.files_on_disk()), (1, []))

    def test_it_writes_nothing_but_the_audit_trail_on_reading(self) -> None:
        report = self.add_report()
        attachment = self.attach(report)
        client = self.client_for(self.clinician)
        for url in (self.panel_url(), f"/reports/{report.external_id}/",
                    f"/report-files/{attachment.external_id}/",
                    f"/api/v1/cases/{self.case.external_id}/reports"):
            with self.subTest(url=url), CaptureQueriesContext(connection) as captured:
                self.assertEqual(client.get(url).status_code, 200)
            self.assertEqual(writes(captured.captured_queries), [])
