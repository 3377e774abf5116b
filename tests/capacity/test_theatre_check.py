"""The theatre validator against hand-made lists, one violation per rule.

The week below is worked by hand: its valid lists and summary figures are computed here from
the contract's rules (shared/contracts/theatre.md), not taken from a planner's output.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tumorboard.capacity.theatre import InstanceError, check

MON, TUE = "2026-12-07", "2026-12-08"


def week() -> dict[str, Any]:
    return {
        "turnover_min": 30,
        "beds": {"capacity": 4, "occupied": {MON: 1, TUE: 2}},
        "sessions": [
            {"id": "S1", "date": MON, "room": "OR1", "start": "08:00", "end": "12:00",
             "surgeon": "li"},
            {"id": "S2", "date": TUE, "room": "OR1", "start": "08:00", "end": "12:00",
             "surgeon": "wang"},
            {"id": "S3", "date": TUE, "room": "OR2", "start": "08:00", "end": "12:00",
             "surgeon": "li"},
            {"id": "S4", "date": MON, "room": "OR1", "start": "13:00", "end": "17:00",
             "surgeon": "wang"},
        ],
        "cases": [
            {"id": "A", "surgeon": "li", "duration_min": 120, "priority": "P2",
             "waiting_days": 10, "target_days": 28, "los_days": 2},
            {"id": "B", "surgeon": "li", "duration_min": 60, "priority": "P3",
             "waiting_days": 100, "target_days": 91, "los_days": 1},
            {"id": "C", "surgeon": "wang", "duration_min": 90, "priority": "P1",
             "waiting_days": 1, "target_days": 3, "los_days": 1, "earliest": TUE},
            {"id": "D", "surgeon": "wang", "duration_min": 300, "priority": "P4",
             "waiting_days": 0, "target_days": 365, "los_days": 1},
        ],
    }


def lists() -> dict[str, Any]:
    # Beds: Monday 1 occupied + A + B = 3; Tuesday 2 + A (second day) + C = 4 (capacity 4).
    # Summary: weighted P2 4 + P3 2 + P1 8 = 14; minutes 120 + 60 + 90 = 270 of 4 x 240 = 960
    # (0.281); breaches: only B (100 waiting days > 91).
    return {
        "lists": [
            {"session": "S1", "cases": [{"id": "A", "start": "08:00", "end": "10:00"},
                                        {"id": "B", "start": "10:30", "end": "11:30"}]},
            {"session": "S2", "cases": [{"id": "C", "start": "08:00", "end": "09:30"}]},
            {"session": "S3", "cases": []},
        ],
        "unscheduled": [{"id": "D", "reason": "longer than any session of its surgeon"}],
        "summary": {"booked": 3, "weighted": 14, "booked_minutes": 270, "utilisation": 0.28,
                    "breaches": 1},
    }


def entry(data: dict[str, Any], session: str, index: int) -> dict[str, Any]:
    return next(x for x in data["lists"] if x["session"] == session)["cases"][index]


def test_it_accepts_the_hand_made_valid_lists() -> None:
    assert check(week(), lists()) == []


def one_violation(instance: dict[str, Any], planned: dict[str, Any]) -> str:
    problems = check(instance, planned)
    assert len(problems) == 1, problems
    return problems[0]


def test_it_refuses_a_case_in_another_surgeons_session() -> None:
    planned = lists()
    planned["lists"][1]["session"] = "S3"  # C (wang) into li's Tuesday session
    assert "surgeon wang is in session S3 of surgeon li" in one_violation(week(), planned)


def test_it_refuses_a_case_before_its_earliest_date() -> None:
    planned = lists()
    planned["lists"][1] = {"session": "S4",
                           "cases": [{"id": "C", "start": "13:00", "end": "14:30"}]}
    # Monday beds: 1 + A + B + C = 4, still within capacity: only the date is wrong
    assert "before its earliest date 2026-12-08" in one_violation(week(), planned)


def test_it_refuses_a_missing_turnover() -> None:
    planned = lists()
    entry(planned, "S1", 1).update(start="10:15", end="11:15")
    assert "less than 30 minutes after case A" in one_violation(week(), planned)


def test_it_refuses_overlapping_cases() -> None:
    planned = lists()
    entry(planned, "S1", 1).update(start="09:00", end="10:00")
    assert "starts at 09:00" in one_violation(week(), planned)


def test_it_refuses_a_case_past_the_session_end() -> None:
    planned = lists()
    entry(planned, "S1", 1).update(start="11:30", end="12:30")
    assert "after session S1 closes at 12:00" in one_violation(week(), planned)


def test_it_refuses_a_case_before_the_session_start() -> None:
    planned = lists()
    entry(planned, "S2", 0).update(start="07:30", end="09:00")
    assert "before session S2 opens at 08:00" in one_violation(week(), planned)


def test_it_refuses_a_wrong_duration() -> None:
    planned = lists()
    entry(planned, "S2", 0).update(end="09:00")
    assert "takes 90 minutes" in one_violation(week(), planned)


def test_it_refuses_beds_over_capacity_on_a_day() -> None:
    instance = week()
    instance["beds"]["capacity"] = 3  # Tuesday: 2 occupied + A + C = 4 > 3
    assert one_violation(instance, lists()) == (
        "beds over capacity on 2026-12-08: 2 occupied + 2 admitted > 3")


def test_it_refuses_a_case_twice() -> None:
    planned = lists()
    planned["unscheduled"].append({"id": "B", "reason": "no room"})
    assert "case B appears 2 times" in one_violation(week(), planned)


def test_it_refuses_a_case_missing_from_both_lists() -> None:
    planned = lists()
    planned["unscheduled"] = []
    assert "case D is neither on a list nor in unscheduled" in one_violation(week(), planned)


def test_it_refuses_an_unscheduled_case_without_a_reason() -> None:
    planned = lists()
    planned["unscheduled"][0]["reason"] = " "
    assert "case D is unscheduled without a reason" in one_violation(week(), planned)


def test_it_refuses_an_unknown_case_and_session() -> None:
    planned = lists()
    planned["lists"][2]["cases"].append({"id": "Z", "start": "08:00", "end": "09:00"})
    assert "case Z is not in the instance" in one_violation(week(), planned)
    planned = lists()
    planned["lists"][1]["session"] = "S9"
    assert "session S9, which is not in the instance" in one_violation(week(), planned)


@pytest.mark.parametrize(("key", "wrong"), [("booked", 4), ("weighted", 15),
                                            ("booked_minutes", 300), ("utilisation", 0.5),
                                            ("breaches", 0)])
def test_it_refuses_wrong_summary_figures(key: str, wrong: float) -> None:
    planned = lists()
    planned["summary"][key] = wrong
    assert one_violation(week(), planned).startswith(f"summary.{key} is {wrong}")


def test_it_counts_an_unscheduled_case_breaching_on_the_last_session_date() -> None:
    instance = week()
    instance["cases"][3]["waiting_days"] = 365  # D: 365 + 1 day to Tuesday > 365
    planned = lists()
    assert "summary.breaches is 1, the lists give 2" in one_violation(instance, planned)


def test_it_refuses_a_pinned_case_moved_elsewhere() -> None:
    instance = week()
    instance["cases"][0]["fixed"] = {"session": "S1", "start": "08:30"}
    planned = copy.deepcopy(lists())
    assert "case A is pinned to session S1 at 08:30" in one_violation(instance, planned)


def test_it_names_the_field_of_lists_that_are_not_shaped_like_lists() -> None:
    planned = lists()
    entry(planned, "S1", 0)["start"] = "8 am"
    with pytest.raises(InstanceError) as caught:
        check(week(), planned)
    assert caught.value.field == "lists[0].cases[0].start"
