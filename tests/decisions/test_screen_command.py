from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from tests.base import BaseTestCase
from tumorboard.decisions.models import ScreenedOption, ScreeningResult


class ScreenCommandTest(BaseTestCase):
    def test_it_screens_every_unscreened_case_once(self) -> None:
        # Cases are screened when they change; only a bulk import leaves one unscreened.
        ScreenedOption.objects.filter(case=self.case).delete()
        ScreeningResult.objects.filter(case=self.case).delete()
        out = StringIO()
        call_command("screen_cases", stdout=out, stderr=StringIO())
        self.assertIn("Screened 1 cases", out.getvalue())
        latest = ScreeningResult.objects.get(case=self.case, is_latest=True)
        codes = [option["code"] for option in latest.result["options"]]
        self.assertIn("breast_immediate_reconstruction", codes)
        again = StringIO()
        call_command("screen_cases", stdout=again, stderr=StringIO())
        self.assertIn("Screened 0 cases", again.getvalue())
        call_command("screen_cases", "--all", stdout=StringIO(), stderr=StringIO())
        self.assertEqual(ScreeningResult.objects.filter(case=self.case).count(), 2)
        self.assertEqual(ScreeningResult.objects.filter(case=self.case, is_latest=True).count(), 1)
