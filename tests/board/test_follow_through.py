"""Follow-through: owners, urgency-aware due dates, due-date changes with a reason, done at
any time, actions by hand, the worklist of open actions, and an operation closing the
"operation within N days" action."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from tests.board.helpers import BoardTestCase, complete_values
from tumorboard.board import actions, preservation, recommendations
from tumorboard.board.models import Action, ActionDueChange, Recommendation
from tumorboard.outcomes.services import do_record_operation
from tumorboard.patients.validation import InvalidInput

SURGERY_FIRST = [{"modality": "surgery", "detail": "wide local excision"},
                 {"modality": "radiotherapy", "detail": ""}]


class TestActions(BoardTestCase):
    def surgery_action(self) -> Action:
        rec = self.signed(treatment_plan=SURGERY_FIRST)
        return Action.objects.get(recommendation=rec, kind="surgery")

    def test_it_gives_spinal_cord_compression_a_due_date_in_days(self) -> None:
        rec = self.draft()
        Recommendation.objects.filter(pk=rec.pk).update(raised_options=[
            {"code": "spine_urgent_assessment", "title": "Urgent assessment", "status": "offer",
             "must_discuss": True}])
        rec.refresh_from_db()
        values = complete_values(rec, treatment_plan=[{"modality": "surgery",
                                                       "detail": "decompression"}])
        rec = recommendations.do_save_recommendation(self.clinician, rec, values,
                                                     lock_version=rec.lock_version)
        # The decisions app records only options of the case's real screening.
        with mock.patch.object(preservation, "record_decisions", return_value=0):
            rec = recommendations.do_sign_off(self.clinician, rec,
                                              lock_version=rec.lock_version)
        action = Action.objects.get(recommendation=rec, kind="surgery")
        assert action.tier == "emergency"
        assert (action.due_date - timezone.localdate(rec.signed_at)).days == 1

    def test_it_gives_each_action_an_owner_and_marks_it_done_before_it_is_due(self) -> None:
        action = self.surgery_action()
        assert action.owner is not None and action.due_date > timezone.localdate()
        client = self.client_for(self.coordinator)
        response = client.post(f"/board/actions/{action.external_id}/done/",
                               {"done_date": timezone.localdate().isoformat()})
        assert response.status_code == 302
        action.refresh_from_db()
        assert action.done_date == timezone.localdate()

    def test_it_lists_open_actions_not_only_overdue_ones(self) -> None:
        action = self.surgery_action()
        client = self.client_for(self.coordinator)
        page = client.get("/board/actions/?show=all").content.decode()
        assert f'id="action-{action.external_id}"' in page
        assert "wide local excision" in page and "surgery" not in page.split("<main")[-1]
        assert action.owner is not None
        mine = self.client_for(action.owner).get("/board/actions/").content.decode()
        assert f'id="action-{action.external_id}"' in mine
        others = self.client_for(self.members["radiology"]).get("/board/actions/")
        assert f'id="action-{action.external_id}"' not in others.content.decode()

    def test_it_changes_a_due_date_only_with_a_reason_and_keeps_the_change(self) -> None:
        action = self.surgery_action()
        later = action.due_date + dt.timedelta(days=7)
        assert action.owner is not None
        with pytest.raises(InvalidInput) as error:
            actions.do_change_due(action.owner, action, later, "")
        assert error.value.field == "reason"
        actions.do_change_due(action.owner, action, later, "Patient on holiday")
        change = ActionDueChange.objects.get(action=action)
        assert (change.new_due, change.reason) == (later, "Patient on holiday")

    def test_it_adds_an_action_by_hand(self) -> None:
        client = self.client_for(self.coordinator)
        due = timezone.localdate() + dt.timedelta(days=5)
        response = client.post(f"/board/cases/{self.case.external_id}/actions/",
                               {"description": "Book fertility counselling",
                                "due_date": due.isoformat(),
                                "owner": self.members["nursing"].pk})
        assert response.status_code == 302
        action = Action.objects.get(case=self.case, kind="manual")
        assert (action.owner, action.due_date) == (self.members["nursing"], due)

    def test_it_closes_the_operation_action_when_the_operation_is_recorded(self) -> None:
        action = self.surgery_action()
        do_record_operation(self.clinician, self.case, {
            "date": timezone.localdate(), "procedure": "BCS", "intent": "curative"})
        action.refresh_from_db()
        assert action.done_date == timezone.localdate() and action.closed_by == "operation"
