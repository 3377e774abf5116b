from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from tests.board.helpers import BoardTestCase, complete_values
from tumorboard.accounts.models import AuditEvent
from tumorboard.board import queries, recommendations, services


class TestAccess(BoardTestCase):
    def test_it_refuses_another_sites_user_everywhere(self) -> None:
        rec = self.saved()
        client = self.client_for(self.outsider)
        urls = [f"/board/meetings/{self.meeting.external_id}/",
                f"/board/meetings/{self.meeting.external_id}/room/",
                f"/board/recommendations/{rec.external_id}/",
                f"/board/boards/{self.board.external_id}/",
                f"/api/v1/recommendations/{rec.external_id}",
                f"/api/v1/meetings/{self.meeting.external_id}"]
        for url in urls:
            with self.subTest(url=url):
                assert client.get(url).status_code == 403
        response = client.post(f"/board/recommendations/{rec.external_id}/",
                               {"lock_version": rec.lock_version, "action": "sign",
                                "discussion_summary": "hijack"})
        assert response.status_code == 403
        assert self.outsider.username not in queries.boards_for(self.outsider).values_list(
            "name", flat=True)
        assert not queries.boards_for(self.outsider).exists()

    def test_it_refuses_read_only_roles_to_edit_or_sign(self) -> None:
        rec = self.saved()
        for user in (self.welfare, self.auditor):
            with self.subTest(user=user.username):
                with pytest.raises(PermissionDenied):
                    recommendations.do_save_recommendation(
                        user, rec, complete_values(rec), lock_version=rec.lock_version)
                with pytest.raises(PermissionDenied):
                    recommendations.do_sign_off(user, rec, lock_version=rec.lock_version)
                with pytest.raises(PermissionDenied):
                    services.do_list_case(user, self.case, self.meeting, question="Q")
                response = self.client_for(user).post(
                    f"/board/recommendations/{rec.external_id}/",
                    {"lock_version": rec.lock_version, "action": "sign"})
                assert response.status_code == 403
        # Neither the welfare officer nor the auditor reads the MDT's discussion (door.MATRIX).
        assert self.client_for(self.welfare).get(
            f"/board/meetings/{self.meeting.external_id}/").status_code == 403
        assert self.client_for(self.auditor).get(
            f"/board/meetings/{self.meeting.external_id}/").status_code == 403

    def test_it_lets_only_managers_create_boards(self) -> None:
        assert self.client_for(self.clinician).get("/board/new/").status_code == 403
        assert self.client_for(self.coordinator).get("/board/new/").status_code == 200


class TestAudit(BoardTestCase):
    def test_it_audits_reads_and_writes_of_board_records(self) -> None:
        start = AuditEvent.objects.count()
        rec = self.signed()
        self.client_for(self.clinician).get(f"/board/recommendations/{rec.external_id}/")
        self.client_for(self.clinician).get(f"/board/meetings/{self.meeting.external_id}/")
        events = list(AuditEvent.objects.order_by("id")[start:]
                      .values_list("action", "object_type", "patient_id"))
        patient = str(self.patient.external_id)
        for expected in [("create", "listing", patient), ("create", "recommendation", patient),
                         ("update", "recommendation", patient),
                         ("create", "option_decision", patient),
                         ("view", "recommendation", patient)]:
            assert expected in events, expected
        assert ("view", "meeting_agenda", "") in events
        signed = AuditEvent.objects.filter(object_type="recommendation",
                                           detail__signed_off=True).get()
        assert signed.detail["quorate"] is False and signed.username == "clinician"
