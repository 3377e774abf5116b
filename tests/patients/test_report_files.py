"""Files of a report: stored under the runtime folder by id, checked by content and size,
downloaded only through the door as an attachment; a refused file leaves nothing behind."""

from __future__ import annotations

import hashlib
from typing import Any
from unittest import mock

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from tests.patients.reports_helpers import DICOM, PDF, PNG, ReportTestCase
from tumorboard.accounts.models import AuditEvent
from tumorboard.patients.report_models import ReportAttachment


class ReportFilesTest(ReportTestCase):
    def upload(self, user: User, content: bytes, name: str = "scan.pdf",
               content_type: str = "application/pdf") -> Any:
        report = getattr(self, "report", None) or self.add_report()
        self.report = report
        return self.client_for(user).post(
            f"/reports/{report.external_id}/files/",
            {"file": SimpleUploadedFile(name, content, content_type=content_type)})

    def test_it_stores_the_file_by_id_and_keeps_its_name_and_digest(self) -> None:
        response = self.upload(self.clinician, PDF, name="../../etc/passwd.pdf")
        self.assertEqual(response.status_code, 302)
        attachment = ReportAttachment.objects.get()
        self.assertEqual(attachment.original_name, "passwd.pdf")
        self.assertEqual(attachment.sha256, hashlib.sha256(PDF).hexdigest())
        self.assertEqual((attachment.content_type, attachment.size), ("application/pdf",
                                                                      len(PDF)))
        (stored,) = self.files_on_disk()
        self.assertEqual(stored, self.media / "reports" / str(self.case.external_id)
                         / str(attachment.external_id))
        self.assertEqual(stored.read_bytes(), PDF)

    def test_it_downloads_through_the_door_as_an_attachment(self) -> None:
        attachment = self.attach(self.add_report(), PNG, name="slide.png")
        response = self.client_for(self.coordinator).get(
            f"/report-files/{attachment.external_id}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PNG)  # type: ignore[arg-type]
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertIn("slide.png", response["Content-Disposition"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertTrue(AuditEvent.objects.filter(
            action="export", object_type="report_attachment",
            object_id=str(attachment.external_id), user=self.coordinator).exists())

    def test_it_refuses_the_download_to_another_site_and_other_roles(self) -> None:
        attachment = self.attach(self.add_report())
        url = f"/report-files/{attachment.external_id}/"
        self.assertIn(self.client_for(self.outsider).get(url).status_code, (403, 404))
        for user in (self.welfare, self.auditor):
            with self.subTest(user=user.username):
                self.assertEqual(self.client_for(user).get(url).status_code, 403)

    def test_it_refuses_a_file_of_the_wrong_kind_and_leaves_nothing(self) -> None:
        response = self.upload(self.clinician, b"<script>alert(1)</script>", name="x.pdf")
        self.assertEqual(response.status_code, 400)
        self.assertIn("file", response.context["attach_form"].errors)
        self.assertEqual((ReportAttachment.objects.count(), self.files_on_disk()), (0, []))

    @override_settings(REPORT_ATTACHMENT_MAX_BYTES=64)
    def test_it_refuses_a_file_too_large_and_leaves_nothing(self) -> None:
        response = self.upload(self.clinician, PDF + b"0" * 100)
        self.assertEqual(response.status_code, 400)
        errors = response.context["attach_form"].errors
        self.assertIn("larger than", str(errors["file"]))
        self.assertEqual((ReportAttachment.objects.count(), self.files_on_disk()), (0, []))

    def test_it_removes_the_file_when_the_row_cannot_be_written(self) -> None:
        report = self.add_report()
        with mock.patch.object(ReportAttachment.objects, "create", side_effect=RuntimeError), \
                self.assertRaises(RuntimeError):
            self.attach(report)
        self.assertEqual((ReportAttachment.objects.count(), self.files_on_disk()), (0, []))

    def test_it_recognises_dicom_and_refuses_another_sites_upload(self) -> None:
        self.assertEqual(self.attach(self.add_report(), DICOM, "ct.dcm").content_type,
                         "application/dicom")
        response = self.upload(self.outsider, PDF)
        self.assertIn(response.status_code, (403, 404))
        self.assertEqual(ReportAttachment.objects.count(), 1)
        self.assertEqual(len(self.files_on_disk()), 1)
