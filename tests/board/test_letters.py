"""The letters' text, extracted from the PDFs with pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.board.helpers import BoardTestCase
from tumorboard.board import letters
from tumorboard.board.models import Letter
from tumorboard.patients.services import do_update_patient


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


class TestLetters(BoardTestCase):
    def written(self, language: str) -> dict[str, str]:
        do_update_patient(self.coordinator, self.patient, {"preferred_language": language})
        self.case.referred_by = "Dr Li Ming"
        self.case.save()
        rec = self.signed()
        stored = letters.do_generate_letters(self.coordinator, rec)
        assert [letter.language for letter in stored] == [language, language]
        return {letter.kind: pdf_text(bytes(Letter.objects.get(pk=letter.pk).pdf))
                for letter in stored}

    def test_it_writes_the_english_letters_with_the_name_and_the_plan(self) -> None:
        text = self.written("en")
        for expected in ("王秀英", "Dr Li Ming", "Neoadjuvant therapy: EC-T",
                         "Surgery: mastectomy", "Immediate breast reconstruction",
                         "Offered, accepted", "not quorate"):
            assert expected in text["referrer"], expected
        patient = text["patient"]
        for expected in ("Dear 王秀英", "an operation", "cure the cancer",
                         "Start neoadjuvant therapy within 31 days"):
            assert expected in patient, expected

    def test_it_writes_the_patient_letter_in_simplified_chinese(self) -> None:
        patient = self.written("zh-hans")["patient"]
        for expected in ("尊敬的王秀英", "手术", "术前治疗", "放射治疗", "治愈", "即刻乳房重建",
                         "您已同意", "在31天内开始术前治疗"):
            assert expected in patient, expected
        assert "Dear" not in patient
