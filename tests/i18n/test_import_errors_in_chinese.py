"""A follow-up file refused on the import page in 中文 says why in 中文, naming the line and
the file's column (a column name is the file's own word, shown as code), and imports
nothing (issue 18)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from tests.base import BaseTestCase
from tests.board.helpers import FAST_HASHER
from tests.i18n.page_text import foreign_words, readable_text
from tumorboard.outcomes.models import FollowUpEvent

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class ImportErrorsInChineseTest(BaseTestCase):
    def refusal(self, body: str | None) -> str:
        files = {} if body is None else {
            "file": SimpleUploadedFile("events.csv", body.encode(), content_type="text/csv")}
        response = self.client_for(self.clinician).post("/outcomes/import/", files, **ZH)
        self.assertEqual(response.status_code, 422)
        page = response.content.decode()
        return " ".join(readable_text(page[page.index('id="import-error"'):]))

    def test_it_refuses_each_bad_file_in_chinese(self) -> None:
        case = str(self.case.external_id)
        bad = {
            None: "请选择一个 CSV 文件。",
            "": "文件为空",
            "case,type\n": "表头缺少此列。",
            "case,type,date,colour\n": "未知的列。",
            "case,type,date\n": "文件只有表头，没有数据行。",
            f"case,type,date\n{case},death,2025-13-01\n": "不是 YYYY-MM-DD 格式的日期。",
            f"case,type,date\n{case},death,2025-01-01,x\n": "该行的单元格多于表头的列。",
            "case,type,date\n00000000-0000-0000-0000-000000000000,death,2025-01-01\n":
                "您所属的医院中没有此编号的病例。",
        }
        for body, said in bad.items():
            with self.subTest(body=body):
                text = self.refusal(body)
                self.assertIn(said, text)
                self.assertEqual(foreign_words(text, set()), [], text)
        self.assertFalse(FollowUpEvent.objects.exists())
