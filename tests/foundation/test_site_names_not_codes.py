"""Hospitals are named, not coded, on the pages that list them (board list, patient search,
registry's list of cases lacking follow-up)."""

from __future__ import annotations

import datetime as dt

from tests.base import BaseTestCase
from tests.board.helpers import BREAST_CORE
from tumorboard.board.services import do_create_board


class SiteNamesTest(BaseTestCase):
    def test_it_names_the_hospital_in_lists(self) -> None:
        do_create_board(self.admin, self.site, {
            "name": "乳腺 MDT", "tumour_group": "breast", "weekday": 2,
            "start_time": dt.time(8, 0), "chair": self.clinician,
            "core_specialties": BREAST_CORE})
        client = self.client_for(self.clinician)
        for url in ("/board/", f"/patients/?q={self.patient.mrn}"):
            with self.subTest(url=url):
                page = client.get(url)
                self.assertEqual(page.status_code, 200)
                self.assertContains(page, self.site.name)
                self.assertNotContains(page, f">{self.site.code}<")
