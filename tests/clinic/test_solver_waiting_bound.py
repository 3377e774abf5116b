"""benchmarks/clinic/bound.py: the proof that a day cannot reach a waiting target without
giving up a consult, on a day whose answer is known by hand."""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

from ortools.sat.python import cp_model

from tumorboard.clinic.solver import parse_instance
from tumorboard.clinic.solver.cpsat import ClinicModel
from tumorboard.clinic.solver.instance import Instance
from tumorboard.clinic.solver.optimise import bookable_consults

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks" / "clinic"))
from bound import grain, in_grains, reachable
from generate import generate


def forced_wait_day() -> Instance:
    """One radiologist 0-40, one nurse 40-80; two patients at 0, each imaging (20) then
    the nurse (20). Both nurse slots start after both imaging slots, so seeing both
    patients fully costs 40 minutes of waiting in total (20 + 20, or 0 + 40); leaving one
    nurse consult out would need no waiting at all."""
    clinicians = [
        {"id": "rad", "specialty": "radiology", "available": [[0, 40]]},
        {"id": "nurse", "specialty": "nursing", "available": [[40, 80]]},
    ]
    consults = [
        {"id": "imaging", "specialties": ["radiology"], "duration": 20},
        {"id": "nurse", "specialties": ["nursing"], "duration": 20, "after": ["imaging"]},
    ]
    patients = [{"id": pid, "arrival": 0, "consults": consults} for pid in ("a", "b")]
    return parse_instance({"horizon": 80, "clinicians": clinicians, "patients": patients})


def least_wait_in_minutes(instance: Instance, count: int) -> int:
    built = ClinicModel(instance, bookable_consults(instance, {}), {})
    built.model.add(built.weighted >= count)
    built.model.minimize(built.total_wait)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 10
    assert solver.solve(built.model) == cp_model.OPTIMAL
    return int(solver.objective_value)


def test_it_proves_the_target_out_of_reach_at_the_full_count() -> None:
    # a mean of 19.5 min over the two patients: 39 min in all
    answer = reachable(forced_wait_day(), Fraction(39, 2), seconds=10)
    assert answer.count == 4
    # a three-consult schedule waits 0, but the count comes first
    assert answer.status == "INFEASIBLE"
    assert answer.found_wait is None


def test_it_finds_a_schedule_when_the_target_is_reachable() -> None:
    answer = reachable(forced_wait_day(), Fraction(20), seconds=10)
    assert answer.count == 4
    assert answer.status in {"FEASIBLE", "OPTIMAL"}
    assert answer.found_wait == 40
    assert answer.found_seen == 2


def test_it_works_on_the_days_grain_without_changing_the_answer() -> None:
    day = forced_wait_day()
    assert grain(day) == 20
    grid = in_grains(day, 20)
    assert grid.horizon == 4
    assert [c.available for c in grid.clinicians] == [((0, 2),), ((2, 4),)]
    # the least waiting at the full count, in minutes and on the grid
    assert least_wait_in_minutes(day, 4) == 40
    assert least_wait_in_minutes(grid, 4) * 20 == 40


def test_it_finds_the_five_minute_grain_of_generated_days() -> None:
    day = parse_instance(generate(20, 11, 1.0))
    assert grain(day) == 5
    grid = in_grains(day, 5)
    assert [c.duration * 5 for p in grid.patients for c in p.consults] == [
        c.duration for p in day.patients for c in p.consults
    ]
