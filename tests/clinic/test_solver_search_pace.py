"""The local search's early hand-over to the group pass on big days (solve.GROUP_PACE).

`Pace` judges the search over stretches of PACE_SECONDS: a stretch that books no more
consults and cuts waiting slower than `min_rate` minutes per second is slow, and the first
search of a big day then hands over to the groups. The clock is replaced so each case
states exactly how much time passed.
"""

from __future__ import annotations

import pytest

from tests.clinic.test_solver_local_search import blocked, blocked_day, chain
from tumorboard.clinic.solver import Appointment, Schedule, parse_instance
from tumorboard.clinic.solver import local_search as search_module
from tumorboard.clinic.solver.instance import Instance
from tumorboard.clinic.solver.local_search import (
    CANDIDATES,
    PACE_SECONDS,
    Day,
    Pace,
    local_search,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(search_module.time, "perf_counter", fake)
    return fake


def gap_free(day: Day) -> None:
    """p1 and p2 re-booked without p1's 80 idle minutes (the blocked day's optimum)."""
    for patient in ("p1", "p2"):
        day.remove(patient)
    day.add(
        [
            Appointment("p2", "ct", ("rad",), 0, 60),
            Appointment("p1", "a", ("rad",), 80, 100),
            Appointment("p1", "b", ("sur",), 100, 130),
        ]
    )


def test_it_reports_a_stretch_that_cuts_nothing_as_slow(clock: Clock) -> None:
    pace = Pace(Day(blocked_day(), blocked()), min_rate=10.0)
    clock.now += PACE_SECONDS
    assert pace.slow()


def test_it_waits_a_whole_stretch_before_judging(clock: Clock) -> None:
    pace = Pace(Day(blocked_day(), blocked()), min_rate=10.0)
    clock.now += PACE_SECONDS / 2
    assert not pace.slow()


def test_it_is_not_slow_while_waiting_falls_faster_than_the_rate(clock: Clock) -> None:
    day = Day(blocked_day(), blocked())
    pace = Pace(day, min_rate=100.0)
    gap_free(day)  # 80 minutes cut in one stretch: 320 per second
    clock.now += PACE_SECONDS
    assert not pace.slow()


def test_it_is_slow_when_waiting_falls_slower_than_the_rate(clock: Clock) -> None:
    day = Day(blocked_day(), blocked())
    pace = Pace(day, min_rate=400.0)
    gap_free(day)  # 320 minutes per second, under 400
    clock.now += PACE_SECONDS
    assert pace.slow()


def test_it_is_not_slow_in_a_stretch_that_booked_more_consults(clock: Clock) -> None:
    day = Day(blocked_day(), Schedule(blocked().appointments[:2], []))  # p2's CT unbooked
    pace = Pace(day, min_rate=10.0)
    day.add([Appointment("p2", "ct", ("rad",), 80, 140)])
    clock.now += PACE_SECONDS
    assert not pace.slow()


def test_it_is_never_slow_without_a_rate(clock: Clock) -> None:
    pace = Pace(Day(blocked_day(), blocked()), min_rate=0.0)
    clock.now += 10 * PACE_SECONDS
    assert not pace.slow()


def unfixable_day() -> Instance:
    """p1 must idle 80 minutes whatever the search does: radiology works 0-20 only, the
    surgeon 100-150 only."""
    return parse_instance(
        {
            "horizon": 150,
            "clinicians": [
                {"id": "rad", "specialty": "radiology", "available": [[0, 20]]},
                {"id": "sur", "specialty": "surgery", "available": [[100, 150]]},
            ],
            "patients": [chain("p1", "radiology", "surgery")],
        }
    )


def judgements(clock: Clock, monkeypatch: pytest.MonkeyPatch, min_rate: float) -> int:
    """How often the search asks whether it is slow, each question a stretch later."""
    asked = []
    judge = Pace.slow

    def after_a_stretch(pace: Pace) -> bool:
        clock.now += PACE_SECONDS
        asked.append(1)
        return judge(pace)

    monkeypatch.setattr(Pace, "slow", after_a_stretch)
    instance = unfixable_day()
    start = Schedule(
        [
            Appointment("p1", "a", ("rad",), 0, 20),
            Appointment("p1", "b", ("sur",), 100, 130),
        ],
        [],
    )
    result = local_search(instance, start, clock.now + 1e6, min_rate)
    assert sorted(result.appointments, key=str) == sorted(start.appointments, key=str)
    return len(asked)


def test_the_search_hands_over_at_the_first_slow_stretch(
    clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # without a rate it sweeps once per candidate level before giving up by itself
    assert judgements(clock, monkeypatch, min_rate=0.0) == len(CANDIDATES)
    assert judgements(clock, monkeypatch, min_rate=1e9) == 1
