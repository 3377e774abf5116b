"""Bulk screening gives the same result as screening one case, and keeps history."""

from __future__ import annotations

from tests.base import make_case, make_patient
from tests.decisions.helpers import DecisionsTestCase
from tumorboard.decisions import bulk, services
from tumorboard.decisions.models import ScreenedOption, ScreeningResult
from tumorboard.patients.models import Case


class BulkScreenTest(DecisionsTestCase):
    def test_it_screens_every_case_like_the_single_screen(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="K1")
        conserving = make_case(self.coordinator, patient,
                               details={"planned_surgery": "conserving"})
        self.assertEqual(bulk.screen_in_bulk(Case.objects.all(), batch=1), 2)
        for case in (self.case, conserving):
            stored = ScreeningResult.objects.get(case=case, is_latest=True)
            single = services.do_screen_case(self.coordinator, case)
            self.assertEqual(stored.result, single.result)
        self.assertEqual(ScreeningResult.objects.filter(is_latest=True).count(), 2)

    def test_it_keeps_the_raised_clock_across_runs(self) -> None:
        code = "breast_immediate_reconstruction"
        # Creating the case screened it once (screening on change).
        first = ScreenedOption.objects.get(case=self.case, code=code, raised=True)
        bulk.screen_in_bulk(Case.objects.all())
        bulk.screen_in_bulk(Case.objects.all())
        self.assertEqual(ScreeningResult.objects.filter(case=self.case).count(), 3)
        current = ScreenedOption.objects.get(case=self.case, code=code, raised=True,
                                             is_current=True)
        self.assertNotEqual(current.pk, first.pk)
        self.assertEqual(current.raised_at, first.raised_at)
