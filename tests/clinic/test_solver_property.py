"""Random small days: every schedule passes check_schedule and beats or equals FCFS."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tumorboard.clinic.solver import (
    SolverSettings,
    check_schedule,
    constructive,
    first_come_first_served,
    parse_instance,
    solve,
)
from tumorboard.clinic.solver.schedule import objective_key

SPECIALTIES = ["radiology", "surgery", "plastic", "nursing"]


@st.composite
def windows(draw: st.DrawFn, horizon: int) -> list[list[int]]:
    cuts = sorted(draw(st.sets(st.integers(0, horizon), min_size=2, max_size=4)))
    pairs = [cuts[i : i + 2] for i in range(0, len(cuts) - 1, 2)]
    return [pair for pair in pairs if pair[0] < pair[1]] or [[0, horizon]]


@st.composite
def days(draw: st.DrawFn) -> dict[str, Any]:
    horizon = draw(st.integers(60, 240))
    clinicians = [
        {
            "id": f"c{i}",
            "specialty": draw(st.sampled_from(SPECIALTIES[:3])),
            "available": draw(windows(horizon)),
        }
        for i in range(draw(st.integers(0, 4)))
    ]
    patients = []
    for p in range(draw(st.integers(1, 4))):
        consults: list[dict[str, Any]] = []
        for k in range(draw(st.integers(1, 3))):
            specialties = draw(
                st.lists(st.sampled_from(SPECIALTIES), min_size=1, max_size=2, unique=True)
            )
            earlier = [c["id"] for c in consults]
            after = (
                draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)) if earlier else []
            )
            consults.append(
                {
                    "id": f"k{k}",
                    "specialties": specialties,
                    "duration": draw(st.integers(5, 60)),
                    "after": after,
                }
            )
        patients.append(
            {
                "id": f"p{p}",
                "arrival": draw(st.integers(0, horizon - 1)),
                "priority": draw(st.integers(1, 3)),
                "consults": consults,
            }
        )
    return {"horizon": horizon, "clinicians": clinicians, "patients": patients}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days())
def test_it_always_returns_a_valid_schedule_no_worse_than_fcfs(data: dict[str, Any]) -> None:
    instance = parse_instance(data)
    result = solve(instance, SolverSettings(time_limit=0.5))
    assert check_schedule(instance, result) == []
    baseline = first_come_first_served(instance)
    assert check_schedule(instance, baseline) == []
    assert objective_key(instance, result) <= objective_key(instance, baseline)


@settings(max_examples=40, deadline=None)
@given(days())
def test_it_builds_valid_constructive_schedules(data: dict[str, Any]) -> None:
    instance = parse_instance(data)
    for slack in (0, None):
        assert check_schedule(instance, constructive(instance, slack)) == []
