"""The outcomes panel in the reader's language: recorded operations, complications, events
and scores by their labels, the surgeon chosen by name, never by account name."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from tests.base import BaseTestCase

from tumorboard.outcomes import services
from tumorboard.outcomes import vocabulary as v


class OutcomesPanelWordsTest(BaseTestCase):
    def setUp(self) -> None:
        self.clinician.first_name, self.clinician.last_name = "静", "陈"
        self.clinician.save()
        services.do_record_operation(self.clinician, self.case, {
            "date": dt.date(2025, 9, 1), "procedure": "MAST", "intent": "curative",
            "margin": "R0", "surgeon": self.clinician})

    def panel(self) -> str:
        return self.client_for(self.clinician).get(
            f"/cases/{self.case.external_id}/panels/outcomes/",
            headers={"Accept-Language": "zh-hans"}).content.decode()

    def test_it_names_the_operation_in_chinese(self) -> None:
        english = v.all_procedures()["MAST"]
        with translation.override("zh-hans"):
            chinese = translation.gettext(english)
            curative = translation.gettext(v.INTENTS["curative"])
        self.assertNotEqual(chinese, english)
        page = self.panel()
        self.assertIn(chinese, page)
        self.assertIn(curative, page)
        self.assertNotIn(f">{english}<", page)  # neither in the table nor in the select

    def test_it_offers_surgeons_by_name(self) -> None:
        page = self.panel()
        self.assertIn("陈静", page)
        self.assertNotIn(f">{self.clinician.username}<", page)
