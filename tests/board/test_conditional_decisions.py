"""Richer outcomes: re-discuss after tests, genetics referral, palliative systemic therapy;
conditional decisions that list the case again when the condition's date comes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.board.helpers import BoardTestCase
from tumorboard.board import recommendations, relist, services
from tumorboard.board.models import Action, Listing
from tumorboard.patients.validation import InvalidInput

WATCH = "Watch and wait if complete clinical response at the 12-week MRI"


class TestConditional(BoardTestCase):
    def test_it_needs_a_date_for_a_rediscussion(self) -> None:
        with pytest.raises(InvalidInput) as error:
            self.saved(treatment_plan=[{"modality": "rediscuss_after_tests", "detail": "MRI"}])
        assert error.value.field == "relist_on"

    def test_it_creates_referral_actions_for_genetics(self) -> None:
        rec = self.signed(treatment_plan=[{"modality": "genetics_referral", "detail": ""},
                                          {"modality": "surgery", "detail": "mastectomy"}])
        kinds = set(Action.objects.filter(recommendation=rec).values_list("kind", flat=True))
        assert "genetics_referral" in kinds

    def test_it_lists_the_case_again_when_the_condition_s_date_comes(self) -> None:
        back_on = timezone.localdate() + dt.timedelta(days=30)
        later = services.do_schedule_meeting(
            self.coordinator, self.board, timezone.now() + dt.timedelta(days=35))
        rec = self.signed(condition=WATCH, relist_on=back_on.isoformat())
        assert rec.relist_on == back_on
        action = Action.objects.get(recommendation=rec, kind="relist")
        assert relist.do_relist_due(back_on - dt.timedelta(days=1)) == 0
        assert relist.do_relist_due(back_on) == 1
        listing = Listing.objects.get(meeting=later, case=self.case)
        assert listing.question == WATCH
        action.refresh_from_db()
        assert action.done_date == back_on
        assert relist.do_relist_due(back_on) == 0  # once


def test_recommendations_accept_the_new_fields() -> None:
    assert "relist_on" in recommendations.CONTENT_FIELDS
