"""A stored value shows as its label in the reader's language (core.models.BaseModel)."""

from __future__ import annotations

from django.utils import translation

from tests.base import BaseTestCase


class ChoiceLabelsTest(BaseTestCase):
    def test_it_shows_the_label_in_each_language_in_turn(self) -> None:
        patient = self.patient
        for language, label in (("zh-hans", "女"), ("en", "Female"), ("zh-hans", "女")):
            with translation.override(language):
                self.assertEqual(patient.get_sex_display(), label)

    def test_it_shows_a_value_without_a_label_as_it_is(self) -> None:
        self.case.status = "no-such-status"
        self.assertEqual(self.case.get_status_display(), "no-such-status")
