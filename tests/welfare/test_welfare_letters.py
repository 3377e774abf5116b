"""The decision letter is a PDF in the patient's language with the CJK font (Chinese names
keep their glyphs); the report suppresses counts of 1-4 patients."""

from __future__ import annotations

import io

from django.test import override_settings
from django.urls import reverse

from tests.base import BaseTestCase
from tests.board.helpers import FAST_HASHER
from tests.welfare.helpers import assessed, make_fund
from tumorboard.welfare import decisions, letters, reports


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class LetterTest(BaseTestCase):
    def test_it_writes_the_letter_in_the_patients_language(self) -> None:
        self.patient.preferred_language = "zh-hans"
        self.patient.save(update_fields=["preferred_language"])
        app = assessed(self.welfare, self.case, make_fund(self.admin, self.site))
        decision = decisions.do_decide(self.admin, app, approve=True)
        letter = letters.do_write_letter(self.welfare, decision)
        self.assertEqual(letter.language, "zh-hans")
        self.assertIn("年", letters.letter_html(decision, "zh-hans"))  # Chinese date format
        text = pdf_text(bytes(letter.pdf))
        self.assertIn("王秀英", text)
        self.assertIn("¥22,400.00", text)
        self.assertNotIn(str(self.patient.external_id), text)
        self.assertNotIn(self.patient.mrn, text)
        response = self.client_for(self.welfare).get(
            reverse("welfare-letter-download", args=[letter.external_id]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        refused = self.client_for(self.clinician).get(
            reverse("welfare-letter-download", args=[letter.external_id]))
        self.assertEqual(refused.status_code, 403)

    def test_it_writes_english_for_an_english_speaker(self) -> None:
        app = assessed(self.welfare, self.case, make_fund(self.admin, self.site))
        decision = decisions.do_decide(self.admin, app, approve=False, reasons="Not eligible.")
        html = letters.letter_html(decision, "en")
        self.assertIn("has not been approved", html)
        self.assertIn("appeal", html)


def test_it_suppresses_small_cells() -> None:
    assert [reports.count(n) for n in (0, 1, 4, 5, 12)] == ["0", "<5", "<5", "5", "12"]
    assert reports.share(3, 12) == "<5"  # three patients
    assert reports.share(10, 12) == "<5"  # the other two could be worked out
    assert reports.share(6, 12) == "6 (50 %)"
    assert reports.share(0, 0) == "—"


def test_it_reads_one_year_survival_off_the_kaplan_meier_curve() -> None:
    # 10 patients: deaths at 100 and 200 days, the rest followed beyond a year:
    # S(365) = (9/10) x (8/9) = 0.8; at risk at 365 days: 8.
    rows = [(None, None, None, 1, 100, 1), (None, None, None, 1, 200, 1)] + [
        (None, None, None, 0, 400 + i, 0) for i in range(8)]
    assert reports.survival_at(rows, 365) == "80 %"
    assert reports.survival_at(rows[:4], 365) == "<5"  # a group of four
    late = [(None, None, None, 0, 50, 0)] * 5 + [(None, None, None, 0, 400, 0)] * 3
    assert reports.survival_at(late, 365) == "<5"  # three still at risk
