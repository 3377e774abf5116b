"""The reports on the MDT room's case presentation, and report labels in Chinese."""

from __future__ import annotations

from tests.board.helpers import BoardTestCase
from tests.patients.reports_helpers import ReportTestCase


class ReportsPresentationTest(ReportTestCase, BoardTestCase):
    def test_it_shows_the_reports_on_the_presentation_screen(self) -> None:
        report = self.add_report()
        attachment = self.attach(report)
        listing = self.listing()
        text = self.client_for(self.clinician).get(
            f"/board/listings/{listing.external_id}/present/",
            HTTP_ACCEPT_LANGUAGE="en").content.decode()
        block = text[text.index('id="presentation-reports"'):]
        for shown in ("Imaging", "2025-05-20", "陈静医师", "MRF 阴性。",
                      'href="https://pacs.example.org/viewer?study=1.2.3"',
                      f'href="/report-files/{attachment.external_id}/"', "mri.pdf"):
            self.assertIn(shown, block)

    def test_it_shows_no_reports_block_to_another_site(self) -> None:
        self.add_report()
        listing = self.listing()
        response = self.client_for(self.outsider).get(
            f"/board/listings/{listing.external_id}/present/")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn("盆腔 MRI", response.content.decode())

    def test_it_labels_the_reports_in_chinese(self) -> None:
        report = self.add_report(report_type="pathology")
        client = self.client_for(self.clinician)
        panel = client.get(f"/cases/{self.case.external_id}/panels/reports/",
                           HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        for chinese in ("影像与病理报告", "病理", "作者", "添加报告",
                        "在影像或切片阅片系统中打开"):
            self.assertIn(chinese, panel)
        self.assertNotIn("Pathology", panel)
        page = client.get(f"/reports/{report.external_id}/",
                          HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        for chinese in ("报告类型", "报告日期", "各版本", "修订报告", "另存为新版本"):
            self.assertIn(chinese, page)
        for english in ("Type of report", "Versions", "Amend the report", "Imaging"):
            self.assertNotIn(english, page)
