"""How the whole-day CP-SAT phases share the time limit (optimise.PhasedSolver).

On small tight days the waiting phase is where the time helps: a count phase that proves
its level early gives its unused time to the later phases, the day's end keeps only its
cap, and phases with several workers run for their wall-clock budget (a deterministic
limit calibrated on other models stopped them after about a third of it). Group models
(one worker) keep the deterministic limit so that a group's re-solve is reproducible.
"""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from tumorboard.clinic.solver import Appointment, Schedule, SolverSettings, parse_instance
from tumorboard.clinic.solver.optimise import (
    DTIME_PER_SECOND,
    MAKESPAN_SECONDS,
    PHASE_SHARES,
    PhasedSolver,
    _limit,
)

DAY = {
    "horizon": 120,
    "clinicians": [
        {"id": "rad", "specialty": "radiology", "available": [[0, 120]]},
        {"id": "sur", "specialty": "surgery", "available": [[0, 120]]},
    ],
    "patients": [
        {
            "id": f"p{n}",
            "arrival": 10 * n,
            "consults": [
                {"id": "scan", "specialties": ["radiology"], "duration": 20},
                {"id": "talk", "specialties": ["surgery"], "duration": 20, "after": ["scan"]},
            ],
        }
        for n in range(2)
    ],
}


def solver_for(
    time_limit: float, workers: int = 2, previous: dict[tuple[str, str], Appointment] | None = None
) -> PhasedSolver:
    instance = parse_instance(DAY)
    settings = SolverSettings(time_limit=time_limit, workers=workers)
    return PhasedSolver(instance, Schedule([], []), settings, previous=previous)


def test_it_gives_a_count_phase_left_over_time_to_the_later_phases() -> None:
    phased = solver_for(6.0)
    phased.shares = PHASE_SHARES
    nominal = 6.0 * PHASE_SHARES[0] / sum(PHASE_SHARES)  # 1.8 s
    proved = phased._phase(phased.built.weighted, maximise=True, bound=None, share=0)
    assert proved  # two patients: CP-SAT proves both fit in milliseconds
    # without the hand-back the later phases would share 6.0 - 1.8 = 4.2 s
    assert phased.unspent > 6.0 - nominal + 0.5 * nominal


def test_it_leaves_the_days_end_only_its_cap() -> None:
    phased = solver_for(6.0)
    phased.shares = PHASE_SHARES
    phased.unspent = 6.0
    waiting = phased._budget(1)
    assert math.isclose(waiting, 6.0 - MAKESPAN_SECONDS)
    assert math.isclose(phased.unspent, MAKESPAN_SECONDS)


def test_it_keeps_the_shares_when_re_planning() -> None:
    """Re-planning minimises moved appointments in the last phase, which is not capped."""
    previous = {("p0", "scan"): Appointment("p0", "scan", ("rad",), 0, 20)}
    phased = solver_for(6.0, previous=previous)
    phased.shares = PHASE_SHARES
    phased.unspent = 7.0
    waiting = phased._budget(1)
    assert math.isclose(waiting, 7.0 * PHASE_SHARES[1] / (PHASE_SHARES[1] + PHASE_SHARES[2]))


def test_it_runs_whole_day_phases_on_the_wall_clock_in_parallel() -> None:
    parameters = cp_model.CpSolver().parameters
    _limit(parameters, 3.0, SolverSettings(time_limit=8.0, workers=2))
    assert parameters.max_time_in_seconds == 3.0
    assert parameters.num_workers == 2
    assert not parameters.interleave_search
    assert math.isinf(parameters.max_deterministic_time)


def test_it_keeps_a_deterministic_limit_for_one_worker_group_models() -> None:
    parameters = cp_model.CpSolver().parameters
    _limit(parameters, 1.0, SolverSettings(time_limit=8.0, workers=1))
    assert math.isclose(parameters.max_deterministic_time, DTIME_PER_SECOND)
    assert parameters.max_time_in_seconds == 1.5
    assert parameters.num_workers == 1
