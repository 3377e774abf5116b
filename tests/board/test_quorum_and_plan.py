"""Pure cores: the quorum rule and the follow-through actions (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from tumorboard.board.agenda import order_rows
from tumorboard.board.plan import add_months, planned_actions
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
     [("Surgery (APR) booked within 31 days", dt.date(2026, 3, 3))]),
    ([{"modality": "neoadjuvant_therapy"}, {"modality": "surgery", "detail": "TME"}],
     [("Start neoadjuvant therapy within 31 days", dt.date(2026, 3, 3))]),
    ([{"modality": "surveillance"}],
     [("Surveillance imaging in 3 months", dt.date(2026, 4, 30))]),
    ([{"modality": "surgery", "detail": "WLE"}, {"modality": "surveillance"}],
     [("Surgery (WLE) booked within 31 days", dt.date(2026, 3, 3)),
      ("Surveillance imaging in 3 months", dt.date(2026, 4, 30))]),
    ([{"modality": "best_supportive_care"}],
     [("Palliative care review within 14 days", dt.date(2026, 2, 14))]),
])
def test_it_creates_the_next_actions_with_due_dates(plan: list[dict[str, str]],
                                                    expected: list[tuple[str, dt.date]]) -> None:
    actions = planned_actions(SIGNED, plan, {}, "not_eligible")
    assert [(a.description, a.due) for a in actions] == expected


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
