"""Shared pieces of the report tests: a temporary runtime folder, a report, file bodies."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.test import override_settings

from tests.base import BaseTestCase
from tests.board.helpers import FAST_HASHER
from tumorboard.patients import report_services
from tumorboard.patients.models import Case
from tumorboard.patients.report_models import ClinicalReport, ReportAttachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DICOM = b"\x00" * 128 + b"DICM" + b"\x02\x00" * 8
VALUES: dict[str, Any] = {
    "report_type": "imaging", "report_date": dt.date(2025, 5, 20),
    "author_name": "陈静医师", "title": "盆腔 MRI 分期",
    "text": "低位直肠肿瘤，距肛缘 4 cm。\nMRF 阴性。\n无 EMVI。\nmrT3b N1。",
    "viewer_link": "https://pacs.example.org/viewer?study=1.2.3",
}


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class ReportTestCase(BaseTestCase):
    """Each test gets its own runtime folder (MEDIA_ROOT), removed afterwards."""

    def setUp(self) -> None:
        super().setUp()
        self.media = Path(tempfile.mkdtemp(prefix="tb-reports-"))
        self.addCleanup(shutil.rmtree, self.media, True)
        media = override_settings(MEDIA_ROOT=self.media)
        media.enable()
        self.addCleanup(media.disable)

    def add_report(self, **values: Any) -> ClinicalReport:
        return report_services.do_add_report(self.clinician, self.case, {**VALUES, **values})

    def attach(self, report: ClinicalReport, content: bytes = PDF,
               name: str = "mri.pdf") -> ReportAttachment:
        return report_services.do_attach_file(self.clinician, report, [content], name=name)

    def files_on_disk(self) -> list[Path]:
        return [p for p in self.media.rglob("*") if p.is_file()]

    def form(self, **values: Any) -> dict[str, Any]:
        data = {**VALUES, **values}
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}


def report_of(case: Case) -> ClinicalReport:
    """A report of ``case``, recorded from the command line (for the access matrix)."""
    return report_services.do_add_report(None, case, dict(VALUES))


def attachment_of(case: Case) -> ReportAttachment:
    """A PDF of a new report of ``case``, stored under the current MEDIA_ROOT."""
    return report_services.do_attach_file(None, report_of(case), [PDF], name="病理报告.pdf")
