"""The second pass on waiting (issue 17): the count phase's schedule is repaired before the
waiting phase starts from it, without ever losing a consult; the arrival-order start is a
valid schedule; focused neighbourhoods gather the bookings lying in a patient's idle gaps."""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.clinic.test_solver_objective_order import tight_days
from tests.clinic.test_solver_property import days
from tumorboard.clinic.solver import (
    Schedule,
    SolverSettings,
    check_schedule,
    neighbourhood,
    parse_instance,
)
from tumorboard.clinic.solver.constructive import arrival_best_order, compact
from tumorboard.clinic.solver.neighbourhood import _focused
from tumorboard.clinic.solver.optimise import PhasedSolver
from tumorboard.clinic.solver.schedule import Appointment, objective_key

SCAN = {"id": "scan", "specialties": ["radiology"], "duration": 20, "after": []}
TALK = {"id": "talk", "specialties": ["surgery"], "duration": 20, "after": ["scan"]}
CLINICIANS = [{"id": "r", "specialty": "radiology", "available": [[0, 200]]},
              {"id": "s", "specialty": "surgery", "available": [[0, 200]]}]


def two_patients() -> Any:
    return parse_instance({"horizon": 200, "clinicians": CLINICIANS, "patients": [
        {"id": "a", "arrival": 0, "priority": 1, "consults": [SCAN, TALK]},
        {"id": "b", "arrival": 0, "priority": 2, "consults": [SCAN, TALK]},
    ]})


def run(instance: Any, hint: Schedule, repair: Any) -> Schedule:
    phased = PhasedSolver(instance, hint, SolverSettings(time_limit=2.0))
    values, _, _ = phased.run(repair=repair)
    return phased.schedule_from(values)


def test_it_repairs_the_count_phase_schedule_before_the_waiting_phase() -> None:
    instance = two_patients()
    seen: list[Schedule] = []

    def repair(counted: Schedule) -> Schedule:
        seen.append(counted)
        return compact(instance, counted)

    result = run(instance, Schedule([], []), repair)  # the hint books nothing
    assert len(seen) == 1 and len(seen[0].appointments) == 4
    assert check_schedule(instance, result) == []
    assert objective_key(instance, result)[0] == -6  # every consult, priority-weighted


def test_it_ignores_a_repair_that_loses_a_consult() -> None:
    instance = two_patients()
    result = run(instance, Schedule([], []), lambda counted: Schedule([], []))
    assert objective_key(instance, result)[0] == -6


def test_it_does_not_repair_when_the_count_phase_books_nothing_more() -> None:
    instance = two_patients()
    booked = [Appointment("b", "scan", ("r",), 0, 20), Appointment("b", "talk", ("s",), 20, 40),
              Appointment("a", "scan", ("r",), 20, 40), Appointment("a", "talk", ("s",), 40, 60)]
    calls: list[Schedule] = []

    def repair(counted: Schedule) -> Schedule:
        calls.append(counted)
        return counted

    result = run(instance, Schedule(booked, []), repair)
    assert calls == []
    assert objective_key(instance, result)[:2] == (-6, 0)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tight_days())
def test_it_builds_valid_arrival_order_schedules_on_tight_days(data: dict[str, Any]) -> None:
    instance = parse_instance(data)
    assert check_schedule(instance, arrival_best_order(instance)) == []


@settings(max_examples=30, deadline=None)
@given(days())
def test_it_builds_valid_arrival_order_schedules(data: dict[str, Any]) -> None:
    instance = parse_instance(data)
    assert check_schedule(instance, arrival_best_order(instance)) == []


def test_it_groups_a_waiting_patient_with_the_booking_in_her_gap() -> None:
    """a waits 20-40 for a surgeon: c is seen then; d's surgery (40-60, another surgeon)
    overlaps a's visit but not her wait, and b's comes after it: only c is in her way."""
    talk = TALK | {"after": []}
    instance = parse_instance({
        "horizon": 200,
        "clinicians": [*CLINICIANS, {"id": "s2", "specialty": "surgery",
                                     "available": [[0, 200]]}],
        "patients": [{"id": "a", "arrival": 0, "priority": 1, "consults": [SCAN, TALK]}] + [
            {"id": pid, "arrival": 0, "priority": 1, "consults": [talk]} for pid in "bcd"
        ],
    })
    schedule = Schedule([Appointment("a", "scan", ("r",), 0, 20),
                         Appointment("c", "talk", ("s",), 20, 40),
                         Appointment("a", "talk", ("s",), 40, 60),
                         Appointment("d", "talk", ("s2",), 40, 60),
                         Appointment("b", "talk", ("s",), 60, 80)], [])
    assert check_schedule(instance, schedule) == []
    groups = [[p.id for p in group] for group in _focused(instance, schedule)]
    assert groups == [["a", "c"]]


def test_it_does_not_retry_a_group_that_found_nothing_while_nothing_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One deterministic worker finds nothing again on the same group and bookings: the
    group is skipped, so the time goes to other groups."""
    instance = two_patients()
    waiting = Schedule([Appointment("a", "scan", ("r",), 0, 20),
                        Appointment("a", "talk", ("s",), 60, 80),
                        Appointment("b", "scan", ("r",), 20, 40),
                        Appointment("b", "talk", ("s",), 40, 60)], [])
    tried: list[tuple[str, ...]] = []

    def fruitless(inst: Any, schedule: Schedule, group: Any, *args: Any) -> Schedule:
        tried.append(tuple(sorted(p.id for p in group)))
        return schedule

    monkeypatch.setattr(neighbourhood, "_reoptimise", fruitless)
    neighbourhood.improve_by_groups(instance, waiting, SolverSettings(time_limit=5.0),
                                    time.perf_counter() + 60)
    assert tried and len(tried) == len(set(tried))
