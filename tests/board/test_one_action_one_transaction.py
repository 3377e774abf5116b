"""'Save and sign' is one user action, one service call, one transaction (DESIGN.md,
"Architecture rules"): a refused sign-off leaves the draft exactly as it was before."""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.db import transaction

from tests.board.helpers import BoardTestCase, complete_values
from tests.board.test_web_and_api import form_data
from tumorboard.accounts.models import AuditEvent
from tumorboard.board import recommendations
from tumorboard.board.models import Recommendation
from tumorboard.patients.validation import InvalidInput


class SaveAndSignTest(BoardTestCase):
    def post(self, rec: Recommendation, user: Any, **extra: object) -> Any:
        return self.client_for(user).post(f"/board/recommendations/{rec.external_id}/",
                                          form_data(rec, **extra))

    def test_it_saves_and_signs_in_one_call(self) -> None:
        rec = self.draft()
        with mock.patch.object(recommendations, "do_save_and_sign",
                               wraps=recommendations.do_save_and_sign) as combined:
            response = self.post(rec, self.clinician, action="sign",
                                 discussion_summary="Signed in one go")
        self.assertEqual(response.status_code, 302)
        combined.assert_called_once()
        rec.refresh_from_db()
        self.assertTrue(rec.is_signed)
        self.assertEqual(rec.discussion_summary, "Signed in one go")

    def test_it_undoes_the_save_when_the_sign_off_fails(self) -> None:
        rec = self.draft()
        before = rec.lock_version
        refused = InvalidInput({"signed_by": "injected failure of the sign-off"})
        with mock.patch.object(recommendations, "do_sign_off", side_effect=refused):
            response = self.post(rec, self.clinician, action="sign",
                                 discussion_summary="Typed before the failure")
        self.assertEqual(response.status_code, 422)
        self.assertIn("Typed before the failure", response.content.decode())  # re-shown
        rec.refresh_from_db()
        self.assertEqual((rec.lock_version, rec.discussion_summary), (before, ""))
        self.assertFalse(rec.is_signed)
        self.assertFalse(AuditEvent.objects.filter(object_type="recommendation",
                                                   action="update").exists())

    def test_it_undoes_the_save_when_someone_other_than_the_chair_signs(self) -> None:
        rec = self.draft()
        response = self.post(rec, self.members["radiology"], action="sign",
                             discussion_summary="Not the chair")
        self.assertEqual(response.status_code, 422)
        rec.refresh_from_db()
        self.assertEqual(rec.discussion_summary, "")

    def test_it_still_saves_a_draft_alone(self) -> None:
        rec = self.draft()
        response = self.post(rec, self.members["radiology"], action="save",
                             discussion_summary="Draft only")
        self.assertEqual(response.status_code, 302)
        rec.refresh_from_db()
        self.assertEqual((rec.discussion_summary, rec.is_signed), ("Draft only", False))

    def test_it_refuses_to_run_inside_another_transaction(self) -> None:
        rec = self.draft()
        with self.assertRaises(RuntimeError), transaction.atomic():
            recommendations.do_save_and_sign(self.clinician, rec, complete_values(rec),
                                             lock_version=rec.lock_version)
