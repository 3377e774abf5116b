"""The objective order under tight staffing, and stopping as soon as a level is proved.

Tight day: clinicians per specialty = ceil(demand / minutes one clinician has), i.e. staff
for exactly the expected load, so not everything fits and the solver must choose. The
contract puts priority-weighted consults first: no schedule may book fewer of them than
first-come-first-served on the same day, whatever it saves in waiting.
"""

from __future__ import annotations

import importlib
import math
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tumorboard.clinic.solver import (
    Schedule,
    SolverSettings,
    check_schedule,
    first_come_first_served,
    parse_instance,
    solve,
)
from tumorboard.clinic.solver.schedule import objective_key

SPECIALTIES = ("radiology", "surgery", "plastic", "nursing")
solve_module = importlib.import_module("tumorboard.clinic.solver.solve")


def weighted(instance: Any, schedule: Schedule) -> int:
    return -objective_key(instance, schedule)[0]


@st.composite
def tight_days(draw: st.DrawFn) -> dict[str, Any]:
    horizon = draw(st.sampled_from([120, 180, 240]))
    patients = []
    demand: dict[str, int] = {}
    for p in range(draw(st.integers(3, 9))):
        consults: list[dict[str, Any]] = []
        for k in range(draw(st.integers(1, 3))):
            specialties = draw(st.lists(st.sampled_from(SPECIALTIES), min_size=1, max_size=2,
                                        unique=True))
            duration = draw(st.sampled_from([10, 15, 20, 30, 40]))
            for specialty in specialties:
                demand[specialty] = demand.get(specialty, 0) + duration
            chained: bool = draw(st.booleans())
            after = [consults[-1]["id"]] if consults and chained else []
            consults.append({"id": f"k{k}", "specialties": specialties, "duration": duration,
                             "after": after})
        patients.append({"id": f"p{p}", "arrival": draw(st.integers(0, horizon // 2)),
                         "priority": draw(st.sampled_from([1, 1, 1, 2, 3])),
                         "consults": consults})
    clinicians = []
    for specialty, minutes in sorted(demand.items()):
        pause = draw(st.integers(30, horizon - 60)) // 10 * 10
        windows = [[0, pause], [pause + 20, horizon]]  # a 20-minute break
        for number in range(math.ceil(minutes / (horizon - 20))):
            clinicians.append({"id": f"{specialty}-{number}", "specialty": specialty,
                               "available": windows})
    return {"horizon": horizon, "clinicians": clinicians, "patients": patients}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tight_days())
def test_it_never_books_fewer_weighted_consults_than_fcfs_on_tight_days(
    data: dict[str, Any],
) -> None:
    instance = parse_instance(data)
    result = solve(instance, SolverSettings(time_limit=0.6))
    baseline = first_come_first_served(instance)
    assert check_schedule(instance, result) == []
    assert weighted(instance, result) >= weighted(instance, baseline)
    # and never trades a consult for minutes: equal consults, then no more waiting
    if weighted(instance, result) == weighted(instance, baseline):
        assert objective_key(instance, result)[1] <= objective_key(instance, baseline)[1]


def test_it_falls_back_to_the_baseline_if_a_search_ever_lost_a_consult(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The guard at the end of solve(): a (hypothetically) faulty improvement step that
    drops a consult to save waiting is overruled by the compacted baseline."""
    data = {"horizon": 100,
            "clinicians": [{"id": "r", "specialty": "radiology", "available": [[0, 100]]}],
            "patients": [{"id": f"p{i}", "arrival": 0, "priority": 1,
                          "consults": [{"id": "scan", "specialties": ["radiology"],
                                        "duration": 20, "after": []}]} for i in range(3)]}
    instance = parse_instance(data)

    def lossy(inst: Any, hint: Schedule, *args: Any, **kwargs: Any) -> Schedule:
        return Schedule(hint.appointments[:1], [])

    monkeypatch.setattr(solve_module, "improve_in_groups", lossy)
    monkeypatch.setattr(solve_module, "improve", lossy)
    result = solve(instance, SolverSettings(time_limit=0.5))
    assert weighted(instance, result) == 3


def test_it_returns_as_soon_as_every_level_is_proved() -> None:
    """Everything fits back to back and the makespan meets its bound (arrival + chain):
    nothing better exists, so a 30-second limit is not waited for."""
    data = {"horizon": 300,
            "clinicians": [{"id": "r", "specialty": "radiology", "available": [[0, 300]]},
                           {"id": "s", "specialty": "surgery", "available": [[0, 300]]}],
            "patients": [{"id": "a", "arrival": 0, "priority": 1, "consults": [
                {"id": "scan", "specialties": ["radiology"], "duration": 20, "after": []},
                {"id": "talk", "specialties": ["surgery"], "duration": 30, "after": ["scan"]},
            ]}, {"id": "b", "arrival": 60, "priority": 1, "consults": [
                {"id": "scan", "specialties": ["radiology"], "duration": 20, "after": []},
            ]}]}
    instance = parse_instance(data)
    began = time.perf_counter()
    result = solve(instance, SolverSettings(time_limit=30.0))
    assert time.perf_counter() - began < 5.0
    assert result.optimal is True
    assert objective_key(instance, result) == (-3, 0, 80)
