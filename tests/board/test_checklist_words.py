"""The pre-meeting checklist speaks the reader's language, names missing facts by their
labels, and counts a recorded imaging or pathology report as available."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from tests.board.helpers import BoardTestCase
from tumorboard.board import services
from tumorboard.board.checklist import checklist
from tumorboard.patients import report_services

REPORT = {"report_date": dt.date(2025, 5, 20), "author_name": "陈静",
          "title": "盆腔 MRI 分期", "text": "肿瘤下缘距肛缘 4 cm。"}


class ChecklistWordsTest(BoardTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.listed = self.listing()

    def items(self) -> dict[str, dict[str, object]]:
        self.listed.case.refresh_from_db()
        return {item["key"]: item for item in checklist(self.listed)}

    def test_it_counts_a_recorded_report_as_available(self) -> None:
        before = self.items()
        self.assertFalse(before["imaging"]["ok"])
        report_services.do_add_report(self.clinician, self.case,
                                      {**REPORT, "report_type": "imaging"})
        after = self.items()
        self.assertTrue(after["imaging"]["ok"])
        self.assertEqual(after["pathology"]["ok"], before["pathology"]["ok"])

    def test_it_counts_a_pathology_report_for_pathology(self) -> None:
        self.case.grade = ""
        self.case.pathological_t = ""
        self.case.save()
        self.assertFalse(self.items()["pathology"]["ok"])
        report_services.do_add_report(self.clinician, self.case,
                                      {**REPORT, "report_type": "pathology"})
        self.assertTrue(self.items()["pathology"]["ok"])

    def test_it_reads_in_chinese_without_keys(self) -> None:
        with translation.override("zh-hans"):
            items = self.items()
        words = " ".join(f"{i['label']} {i['detail']}" for i in items.values())
        for english in ("Imaging", "Pathology", "Stage", "not marked", "facts missing",
                        "not screened", "Performance status"):
            self.assertNotIn(english, words)
        self.assertNotRegex(words, r"\b[a-z]+_[a-z_]+\b")  # no fact key like tumour_size_mm

    def test_it_names_the_site_and_histology_in_chinese_on_the_agenda(self) -> None:
        with translation.override("zh-hans"):
            site = translation.gettext(self.case.primary_site_label)
        self.assertNotEqual(site, self.case.primary_site_label)  # the catalogue knows it
        page = self.client_for(self.coordinator).get(
            f"/board/meetings/{self.listed.meeting.external_id}/",
            headers={"Accept-Language": "zh-hans"})
        self.assertContains(page, site)
        self.assertNotContains(page, self.case.primary_site_label)

    def test_it_names_an_agenda_templates_order_in_words(self) -> None:
        services.do_save_template(self.coordinator, self.board, "紧急优先",
                                  ["urgent_first", "patient_name"], [])
        with translation.override("zh-hans"):
            urgent = translation.gettext("Urgent cases first")
        self.assertNotEqual(urgent, "Urgent cases first")  # the catalogue knows it
        page = self.client_for(self.coordinator).get(
            f"/board/boards/{self.board.external_id}/", headers={"Accept-Language": "zh-hans"})
        self.assertContains(page, urgent)
        self.assertNotContains(page, "urgent_first, patient_name")  # the keys as they were shown
