"""Pure cores: the quorum rule and the follow-through actions (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from tumorboard.board.agenda import order_rows
from tumorboard.board.plan import add_months, plain_key, planned_actions, tier_of
from tumorboard.board.quorum import check_quorum

COLORECTAL = ["colorectal_surgery", "radiology", "pathology", "medical_oncology",
              "radiation_oncology", "nursing"]


@pytest.mark.parametrize(("present", "quorate", "missing"), [
    (COLORECTAL, True, ()),
    ([*COLORECTAL, "psychology"], True, ()),  # extra specialties do no harm
    (["colorectal_surgery", "colorectal_surgery", "radiology", "pathology", "medical_oncology",
      "radiation_oncology", "nursing"], True, ()),
    (COLORECTAL[:-1], False, ("nursing",)),
    (["radiology", "pathology"], False, ("colorectal_surgery", "medical_oncology",
                                         "radiation_oncology", "nursing")),
    ([], False, tuple(COLORECTAL)),
    (["", "", "breast_surgery"], False, tuple(COLORECTAL)),  # no specialty counts for nothing
])
def test_it_checks_quorum_against_the_core_specialties(present: list[str], quorate: bool,
                                                       missing: tuple[str, ...]) -> None:
    result = check_quorum(COLORECTAL, present)
    assert (result.quorate, result.missing) == (quorate, missing)


def test_it_never_calls_a_board_without_core_specialties_quorate() -> None:
    assert check_quorum([], ["radiology"]).quorate is False


SIGNED = dt.date(2026, 1, 31)


@pytest.mark.parametrize(("plan", "expected"), [
    ([{"modality": "surgery", "detail": "APR"}],
     [("surgery", dt.date(2026, 3, 3), {"days": 31, "detail": "APR"})]),
    ([{"modality": "neoadjuvant_therapy"}, {"modality": "surgery", "detail": "TME"}],
     [("neoadjuvant_therapy", dt.date(2026, 3, 3), {"days": 31, "detail": ""})]),
    ([{"modality": "surveillance"}],
     [("surveillance", dt.date(2026, 4, 30), {"months": 3})]),
    ([{"modality": "surgery", "detail": "WLE"}, {"modality": "surveillance"}],
     [("surgery", dt.date(2026, 3, 3), {"days": 31, "detail": "WLE"}),
      ("surveillance", dt.date(2026, 4, 30), {"months": 3})]),
    ([{"modality": "best_supportive_care"}],
     [("best_supportive_care", dt.date(2026, 2, 14), {"days": 14, "detail": ""})]),
    ([{"modality": "genetics_referral"}],
     [("genetics_referral", dt.date(2026, 2, 14), {"days": 14})]),
])
def test_it_creates_the_next_actions_with_due_dates(
        plan: list[dict[str, str]], expected: list[tuple[str, dt.date, dict[str, object]]]
) -> None:
    actions = planned_actions(SIGNED, plan, {}, "not_eligible")
    assert [(a.kind, a.due, a.params) for a in actions] == expected


def test_it_adds_referral_and_trial_actions() -> None:
    actions = planned_actions(SIGNED, [], {"limb_salvage": {"decision": "referred_elsewhere",
                                                            "referred_to": "WEST"}},
                              "eligible_offered")
    assert [a.kind for a in actions] == ["referral", "trial"]


@pytest.mark.parametrize(("day", "months", "expected"), [
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2024, 11, 30), 3, dt.date(2025, 2, 28)),
    (dt.date(2026, 10, 15), 3, dt.date(2027, 1, 15)),
])
def test_it_adds_calendar_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_it_orders_an_agenda_by_template_keys() -> None:
    rows = [{"id": 1, "urgency": "routine", "discussed_before": False, "listed_at": 1},
            {"id": 2, "urgency": "urgent", "discussed_before": True, "listed_at": 2},
            {"id": 3, "urgency": "routine", "discussed_before": True, "listed_at": 3},
            {"id": 4, "urgency": "urgent", "discussed_before": False, "listed_at": 4}]
    assert order_rows(rows, ["urgent_first", "new_first"]) == [4, 2, 1, 3]
    assert order_rows(rows, ["new_first"]) == [1, 4, 2, 3]
    assert order_rows(rows, []) == [1, 2, 3, 4]


MSCC = [{"code": "spine_urgent_assessment", "status": "offer"}]


@pytest.mark.parametrize(("urgency", "raised", "tier", "surgery_due"), [
    ("routine", [], "routine", dt.date(2026, 3, 3)),  # NHS 31-day standard
    ("urgent", [], "urgent", dt.date(2026, 2, 14)),
    # Spinal cord compression: NICE NG234, definitive treatment within 24 hours.
    ("routine", MSCC, "emergency", dt.date(2026, 2, 1)),
    ("urgent", MSCC, "emergency", dt.date(2026, 2, 1)),
    ("routine", [{"code": "spine_urgent_assessment", "status": "not_indicated"}], "routine",
     dt.date(2026, 3, 3)),
])
def test_it_gives_urgent_pathways_due_dates_in_days(urgency: str, raised: list[dict[str, str]],
                                                    tier: str, surgery_due: dt.date) -> None:
    assert tier_of(urgency, raised) == tier
    actions = planned_actions(SIGNED, [{"modality": "surgery", "detail": "decompression"}], {},
                              "not_eligible", tier)
    assert actions[0].due == surgery_due


@pytest.mark.parametrize(("modality", "intent", "plan", "key"), [
    # Palliative hormone therapy is not "treatment after the operation".
    ("adjuvant_therapy", "palliative", [{"modality": "adjuvant_therapy"}], "systemic_control"),
    ("systemic_therapy", "palliative", [{"modality": "systemic_therapy"}], "systemic_control"),
    ("adjuvant_therapy", "curative", [{"modality": "surgery"}, {"modality": "adjuvant_therapy"}],
     "adjuvant_therapy"),
    ("adjuvant_therapy", "curative", [{"modality": "adjuvant_therapy"}], "systemic_therapy"),
    ("radiotherapy", "palliative", [{"modality": "radiotherapy"}], "radiotherapy_palliative"),
    ("surgery", "curative", [{"modality": "surgery"}], "surgery"),
])
def test_it_words_a_step_by_intent_and_sequence(modality: str, intent: str,
                                                plan: list[dict[str, str]], key: str) -> None:
    assert plain_key(modality, intent, plan) == key
