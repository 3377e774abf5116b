"""Bad theatre instances are refused naming the field (shared/contracts/theatre.md, issue 16:
a session outside its day, a case in another surgeon's session, a P1 without a date)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tumorboard.capacity.theatre import InstanceError, parse_instance, solve

MON, TUE = "2026-12-07", "2026-12-08"


def week() -> dict[str, Any]:
    return {
        "turnover_min": 30,
        "beds": {"capacity": 40, "occupied": {MON: 31}},
        "sessions": [{"id": "S1", "date": MON, "room": "OR3", "start": "08:00",
                      "end": "17:00", "surgeon": "li"},
                     {"id": "S2", "date": MON, "room": "OR4", "start": "08:00",
                      "end": "12:00", "surgeon": "wang"}],
        "cases": [{"id": "C1", "surgeon": "li", "duration_min": 150, "priority": "P2",
                   "waiting_days": 20, "target_days": 28, "los_days": 5, "earliest": TUE},
                  {"id": "C2", "surgeon": "li", "duration_min": 60, "priority": "P1",
                   "waiting_days": 0, "target_days": 3, "los_days": 1, "earliest": MON}],
    }


def edit(change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    data = week()
    change(data)
    return data


BAD = {
    "sessions[0].end": lambda d: d["sessions"][0].update(end="07:00"),
    "sessions[1].start": lambda d: d["sessions"][1].update(start="25:00"),
    "sessions[0].date": lambda d: d["sessions"][0].update(date="07/12/2026"),
    "sessions[1].date": lambda d: d["sessions"][1].update(date="2026-02-30"),
    "sessions[1].id": lambda d: d["sessions"][1].update(id="S1"),
    "cases[0].earliest": lambda d: d["cases"][0].update(earliest="tomorrow"),
    "cases[1].earliest": lambda d: d["cases"][1].pop("earliest"),
    "cases[0].priority": lambda d: d["cases"][0].update(priority="urgent"),
    "cases[0].duration_min": lambda d: d["cases"][0].update(duration_min=-30),
    "cases[1].los_days": lambda d: d["cases"][1].update(los_days=1.5),
    "cases[1].waiting_days": lambda d: d["cases"][1].update(waiting_days=True),
    "cases[0].surgeon": lambda d: d["cases"][0].update(surgeon=""),
    "cases[1].id": lambda d: d["cases"][1].update(id="C1"),
    "cases[0].fixed.session": lambda d: d["cases"][0].update(
        fixed={"session": "S2", "start": "08:00"}),
    "beds.capacity": lambda d: d["beds"].update(capacity=-1),
    "beds.occupied.Monday": lambda d: d["beds"]["occupied"].update(Monday=3),
    "turnover_min": lambda d: d.pop("turnover_min"),
    "cases": lambda d: d.update(cases={"C1": {}}),
}


@pytest.mark.parametrize("field", sorted(BAD))
def test_it_names_the_field_of_bad_input(field: str) -> None:
    with pytest.raises(InstanceError) as caught:
        parse_instance(edit(BAD[field]))
    assert caught.value.field == field
    assert caught.value.to_dict() == {"error": caught.value.message, "field": field}


def test_it_refuses_a_session_clashing_with_another_in_its_room() -> None:
    data = edit(lambda d: d["sessions"][1].update(room="OR3"))
    with pytest.raises(InstanceError) as caught:
        parse_instance(data)
    assert caught.value.field == "sessions[1].start"
    assert "overlaps session S1" in caught.value.message


def test_it_accepts_the_contracts_example() -> None:
    instance = parse_instance(week())
    assert [c.id for c in instance.cases] == ["C1", "C2"]
    assert instance.sessions[0].start == 8 * 60 and instance.sessions[0].end == 17 * 60


@pytest.mark.parametrize(("fixed", "field"), [
    ({"C9": ("S1", "08:00")}, "fixed.C9"),
    ({"C2": ("S2", "08:00")}, "fixed.C2.session"),  # wang's session, li's case
    ({"C2": ("S7", "08:00")}, "fixed.C2.session"),
    ({"C1": ("S1", "08:00")}, "fixed.C1.session"),  # Monday, before C1's earliest Tuesday
    ({"C2": ("S1", "16:30")}, "fixed.C2.start"),  # 60 minutes from 16:30 end after 17:00
    ({"C2": ("S1", "8h")}, "fixed.C2.start"),
])
def test_it_names_the_pinned_case_that_cannot_stay(fixed: dict[str, tuple[str, str]],
                                                   field: str) -> None:
    with pytest.raises(InstanceError) as caught:
        solve(week(), fixed=fixed, time_limit=1)
    assert caught.value.field == field


def test_it_refuses_two_pins_without_the_turnover_between_them() -> None:
    data = week()
    data["cases"][0].pop("earliest")
    with pytest.raises(InstanceError) as caught:
        solve(data, fixed={"C1": ("S1", "08:00"), "C2": ("S1", "10:45")}, time_limit=1)
    # C1 ends 10:30; with 30 minutes' turnover C2 can start at 11:00 at the earliest
    assert caught.value.field == "fixed.C2.start"


def test_it_refuses_pins_that_alone_overfill_the_beds() -> None:
    data = week()
    data["beds"]["occupied"][MON] = 40
    with pytest.raises(InstanceError) as caught:
        solve(data, fixed={"C2": ("S1", "08:00")}, time_limit=1)
    assert caught.value.field == "fixed.C2"
