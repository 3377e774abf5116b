from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from tests.board.helpers import BREAST_CORE, BoardTestCase, complete_values
from tumorboard.board import recommendations
from tumorboard.board.models import Action, ImmutableRecord, Recommendation
from tumorboard.board.recommendations import EditConflict
from tumorboard.decisions.models import OptionDecision
from tumorboard.patients.services import do_change_case_status
from tumorboard.patients.validation import InvalidInput


class TestSignOff(BoardTestCase):
    def test_it_raises_the_screen_options_on_the_draft(self) -> None:
        rec = self.draft()
        # The test case is a breast case with a planned mastectomy: the screen raises
        # immediate reconstruction.
        assert "breast_immediate_reconstruction" in [o["code"] for o in rec.raised_options]

    def test_it_refuses_sign_off_naming_the_empty_required_fields(self) -> None:
        rec = self.draft()
        with pytest.raises(InvalidInput) as error:
            recommendations.do_sign_off(self.clinician, rec, lock_version=rec.lock_version)
        assert set(error.value.errors) == {
            "discussion_summary", "intent", "treatment_plan", "trial_consideration",
            # A mastectomy raises both reconstructions and, first, conservation (screen 2.0).
            "option_decisions.breast_immediate_reconstruction",
            "option_decisions.breast_delayed_reconstruction",
            "option_decisions.breast_conserving_surgery"}
        rec.refresh_from_db()
        assert rec.signed_at is None

    def test_it_refuses_sign_off_by_someone_other_than_the_chair(self) -> None:
        rec = self.saved()
        with pytest.raises(InvalidInput) as error:
            recommendations.do_sign_off(self.members["pathology"], rec,
                                        lock_version=rec.lock_version)
        assert error.value.field == "signed_by"

    def test_it_signs_off_records_quorum_decisions_actions_and_moves_the_case(self) -> None:
        do_change_case_status(self.coordinator, self.case, "work_up")
        self.attend(BREAST_CORE)
        rec = self.signed()
        assert rec.signed_by == self.clinician and rec.quorate is True
        self.case.refresh_from_db()
        assert self.case.status == "discussed"
        decisions = OptionDecision.objects.filter(case=self.case)
        assert sorted((d.option_code, d.decision) for d in decisions) == [
            ("breast_conserving_surgery", "offered_accepted"),
            ("breast_delayed_reconstruction", "offered_accepted"),
            ("breast_immediate_reconstruction", "offered_accepted")]
        first = Action.objects.get(recommendation=rec, kind="neoadjuvant_therapy")
        # Due dates count from the signing day where the hospital is, not in UTC.
        signed_on = timezone.localdate(rec.signed_at)
        assert (first.due_date - signed_on).days == 31

    def test_it_marks_a_recommendation_from_a_meeting_without_quorum(self) -> None:
        self.attend(["breast_surgery", "radiology"])
        assert self.signed().quorate is False


class TestImmutability(BoardTestCase):
    def test_it_refuses_every_way_of_changing_a_signed_recommendation(self) -> None:
        rec = self.signed()
        rec.discussion_summary = "changed"
        with pytest.raises(ImmutableRecord), transaction.atomic():
            rec.save()
        with pytest.raises(ImmutableRecord), transaction.atomic():
            Recommendation.objects.filter(pk=rec.pk).update(intent="palliative")
        with pytest.raises(ImmutableRecord), transaction.atomic():
            recommendations.do_save_recommendation(
                self.clinician, rec, {"intent": "palliative"}, lock_version=rec.lock_version)
        with pytest.raises(ImmutableRecord):
            rec.delete()
        assert Recommendation.objects.get(pk=rec.pk).intent == "curative"

    def test_it_makes_a_change_a_new_linked_version(self) -> None:
        first = self.signed()
        draft = recommendations.do_new_version(self.clinician, first, reason="Pathology revised")
        assert (draft.version, draft.supersedes_id, draft.signed_at) == (2, first.pk, None)
        assert draft.treatment_plan == first.treatment_plan
        draft = recommendations.do_save_recommendation(
            self.clinician, draft, {"intent": "palliative",
                                    "treatment_plan": [{"modality": "surveillance"}]},
            lock_version=draft.lock_version)
        second = recommendations.do_sign_off(self.clinician, draft,
                                             lock_version=draft.lock_version)
        assert Recommendation.objects.get(pk=first.pk).intent == "curative"
        assert second.supersedes == first and first.superseded_by == second  # type: ignore[attr-defined]
        # The first version's open actions are replaced by the second's.
        assert not Action.objects.filter(recommendation=first, cancelled=False).exists()
        # (the options are still to be offered, so the one-stop clinic is still to be booked)
        assert [a.kind for a in Action.objects.filter(recommendation=second)] == [
            "clinic", "surveillance"]
        with pytest.raises(InvalidInput):
            recommendations.do_new_version(self.clinician, first, reason="Pathology revised")


class TestOptimisticLocking(BoardTestCase):
    def test_it_refuses_the_second_of_two_concurrent_saves_and_keeps_the_first(self) -> None:
        rec = self.draft()
        loaded = rec.lock_version  # both editors loaded the same version
        recommendations.do_save_recommendation(
            self.clinician, rec, {"discussion_summary": "first editor"}, lock_version=loaded)
        with pytest.raises(EditConflict) as error:
            recommendations.do_save_recommendation(
                self.coordinator, rec, {"discussion_summary": "second editor"},
                lock_version=loaded)
        assert error.value.field == "lock_version"
        assert "NOT saved" in error.value.errors["lock_version"]
        assert Recommendation.objects.get(pk=rec.pk).discussion_summary == "first editor"

    def test_it_refuses_sign_off_of_a_version_the_chair_has_not_seen(self) -> None:
        rec = self.saved()
        stale = rec.lock_version
        recommendations.do_save_recommendation(self.coordinator, rec, {"trial_notes": "x"},
                                               lock_version=stale)
        with pytest.raises(EditConflict):
            recommendations.do_sign_off(self.clinician, rec, lock_version=stale)


BAD_CONTENT: list[tuple[dict[str, Any], str]] = [
    ({"intent": "hopeful"}, "intent"),
    ({"treatment_plan": [{"modality": "surgery", "detail": ""}]}, "treatment_plan.1"),
    ({"treatment_plan": [{"modality": "chemo"}]}, "treatment_plan.1"),
    ({"option_decisions": {"breast_immediate_reconstruction": {"decision": "not_suitable"}}},
     "option_decisions.breast_immediate_reconstruction"),
    ({"option_decisions": {"limb_salvage": {"decision": "offered_accepted"}}},
     "option_decisions.limb_salvage"),
    ({"dissent": [{"author": "nobody", "text": "I disagree"}]}, "dissent.1.author"),
    ({"trial_consideration": "maybe"}, "trial_consideration"),
    ({"intent": "curative", "treatment_plan": [{"modality": "best_supportive_care"}]}, "intent"),
]


class TestContentValidation(BoardTestCase):
    def test_it_refuses_bad_content_naming_the_field(self) -> None:
        rec = self.draft()
        for override, field in BAD_CONTENT:
            with self.subTest(field=field, override=override):
                with pytest.raises(InvalidInput) as error:
                    recommendations.do_save_recommendation(
                        self.clinician, rec, complete_values(rec, **override),
                        lock_version=rec.lock_version)
                assert field in error.value.errors
        assert Recommendation.objects.get(pk=rec.pk).lock_version == rec.lock_version
