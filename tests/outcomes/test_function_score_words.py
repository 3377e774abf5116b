"""Function questionnaires read in the reader's language: the items' labels, help and
choices come from the catalogue, never their codes ("weekly_or_more"), and the questionnaire
due list names the questionnaire and its state in words."""

from __future__ import annotations

import datetime as dt

from django.test import SimpleTestCase
from django.utils import translation

from tumorboard.outcomes.due import DueItem
from tumorboard.outcomes.forms import FunctionScoreForm
from tumorboard.outcomes.models import Operation


class FunctionScoreWordsTest(SimpleTestCase):
    def texts(self, instrument: str) -> list[str]:
        form = FunctionScoreForm(instrument=instrument, operations=[])
        found = []
        for name in form.item_names:
            field = form.fields[name]
            found.append(str(field.label))
            found += [str(text) for _code, text in getattr(field, "choices", [])]
        return found

    def test_it_reads_every_item_and_choice_in_chinese(self) -> None:
        with translation.override("zh-hans"):
            for instrument in ("lars", "wexner", "msts"):
                texts = self.texts(instrument)
                self.assertTrue(texts)
                self.assertEqual([t for t in texts if "_" in t or "week" in t
                                  or "rarely" in t or "limb" in t], [], instrument)

    def test_it_reads_the_time_points_in_the_requests_language(self) -> None:
        # the choices are built at import: they must not freeze in the language of then
        for language, twelve in (("zh-hans", "12 个月"), ("en", "12 months")):
            with translation.override(language):
                field = FunctionScoreForm(instrument="lars", operations=[]).fields["time_point"]
                labels = [str(text) for _code, text in getattr(field, "choices", [])]
            self.assertIn(twelve, labels, language)

    def test_it_reads_choices_as_words_in_english(self) -> None:
        with translation.override("en"):
            self.assertIn("Weekly or more", self.texts("lars"))
            self.assertNotIn("weekly or more", self.texts("lars"))

    def test_it_names_the_due_questionnaire_and_its_state(self) -> None:
        item = DueItem(Operation(), "wexner", 12, dt.date(2026, 1, 1), "overdue")
        with translation.override("zh-hans"):
            self.assertIn("评分", item.instrument_label)  # "Wexner（克利夫兰医学中心）评分"
            self.assertNotEqual(item.status_label, "overdue")
        with translation.override("en"):
            self.assertEqual(item.status_label, "overdue")
