"""The letters: what they say (from the rendered HTML, in each language through gettext),
and the PDFs with their text extracted by pypdf."""

from __future__ import annotations

import io
import re

from django.contrib.auth.models import User
from django.utils import translation
from pypdf import PdfReader

from tests.board.helpers import BoardTestCase
from tumorboard.board import labels, letters
from tumorboard.board.models import Action, Letter, Recommendation
from tumorboard.patients.services import do_update_patient

PALLIATIVE_HORMONES = [{"modality": "adjuvant_therapy", "detail": "letrozole"}]
CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # snake_case codes such as bone_mets_mdt_review


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def visible(html: str) -> str:
    return re.sub(r"<style.*?</style>|<[^>]+>", " ", html, flags=re.S)


class TestLetters(BoardTestCase):
    def setUp(self) -> None:
        User.objects.filter(pk=self.clinician.pk).update(first_name="Sarah", last_name="Clarke")
        self.case.referred_by = "Dr Li Ming"
        self.case.save()

    def rec(self, **override: object) -> Recommendation:
        self.attend(["breast_surgery", "radiology"])
        return self.signed(**override)

    def test_it_writes_the_referrer_letter_signed_by_the_chair_with_tnm_and_attendees(
            self) -> None:
        text = visible(letters.render_letter_html(self.rec(), "referrer", "en"))
        for expected in ("Dr Li Ming", "Sarah Clarke", "Chair, Breast MDT", "cT2N1M0",
                         "Neoadjuvant therapy: EC-T", "Surgery: mastectomy", "Present",
                         "not quorate", "Missing", "Specialist nursing",
                         "Start treatment before the operation within 31 days"):
            assert expected in text, expected
        assert "clinician" not in text  # the chair's name, never the username
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # one date style: '3 March 2026'

    def test_it_keeps_the_signature_with_the_body(self) -> None:
        html = letters.render_letter_html(self.rec(), "referrer", "en")
        assert "break-inside: avoid" in html
        assert html.index('class="signoff"') < html.rindex("Sarah Clarke")

    def test_it_writes_the_patient_letter_in_plain_words_without_codes(self) -> None:
        rec = self.rec()
        text = visible(letters.render_letter_html(rec, "patient", "en"))
        assert "Dear 王秀英" in text and "Hospital number" in text and "A0001" in text
        assert "an operation" in text and "cure the cancer" in text
        assert not CODE.findall(text), CODE.findall(text)

    def test_it_says_offered_until_the_patient_has_answered(self) -> None:
        rec = self.rec()
        text = visible(letters.render_letter_html(rec, "patient", "en"))
        if rec.raised_options:
            assert "your doctor will talk this option through with you" in text
        assert "you chose this option" not in text

    def test_it_does_not_call_palliative_hormone_therapy_treatment_after_the_operation(
            self) -> None:
        rec = self.rec(intent="palliative", treatment_plan=PALLIATIVE_HORMONES)
        text = visible(letters.render_letter_html(rec, "patient", "en"))
        assert "after the operation" not in text
        assert "keep the cancer under control" in text and "not expected to cure" in text

    def test_it_writes_the_chinese_letters_through_gettext(self) -> None:
        rec = self.rec()
        html = letters.render_letter_html(rec, "patient", "zh-hans")
        assert 'lang="zh-hans"' in html and re.search(r"\d{4}年\d{1,2}月\d{1,2}日", html)
        with translation.override("zh-hans"):
            assert labels.long_date(rec.signed_at.date()) == (  # type: ignore[union-attr]
                f"{rec.signed_at.year}年{rec.signed_at.month}月{rec.signed_at.day}日")  # type: ignore[union-attr]

    def test_it_writes_both_pdfs_in_each_recipient_s_language_and_tracks_sending(
            self) -> None:
        do_update_patient(self.coordinator, self.patient, {"preferred_language": "zh-hans"})
        rec = self.rec()
        stored = letters.do_generate_letters(self.coordinator, rec, referrer_language="en")
        assert {(x.kind, x.language) for x in stored} == {("referrer", "en"),
                                                          ("patient", "zh-hans")}
        referrer = Letter.objects.get(recommendation=rec, kind="referrer")
        assert "Breast MDT" in pdf_text(bytes(referrer.pdf))
        Action.objects.create(case=self.case, kind="letter", description="Send the letter",
                              due_date=rec.signed_at.date())  # type: ignore[union-attr]
        letters.do_mark_sent(self.coordinator, referrer)
        referrer.refresh_from_db()
        assert referrer.sent_at is not None
        assert Action.objects.get(kind="letter").closed_by == "letter"
