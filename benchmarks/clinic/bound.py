"""Can a day reach the waiting target at all, without giving up a consult? A proof, not a search.

The contract books the most priority-weighted consults first, then waits least. Issue 17
asks for mean waiting <= 0.34 x first-come-first-served on every generated day. On a day
small enough for CP-SAT to finish, this script asks the exact question:

1. maximise the weighted consults on the whole-day model until CP-SAT proves the level;
2. ask whether any schedule books that many and waits, on average over the patients it
   sees, at most `ratio` x FCFS's mean wait. INFEASIBLE is a proof that no schedule meets the target
   without booking fewer consults than possible: the target and the contract's order
   cannot both hold on that day.

Both steps use the model `solve()` uses (`ClinicModel`), on the day's
times divided by their common grain (5 minutes on generated days). That is exact: with
the bookings' clinicians, windows and orders fixed, the timing problem is a system of
difference constraints whose constants are multiples of the grain (arrivals, windows,
durations, horizon). Its matrix is totally unimodular, so its waiting and its day's end
are optimal at a vertex, and every vertex lies on the grain's grid. Any schedule in
minutes can therefore be re-timed on the grid, keeping the same consults, without
waiting longer.

The mean in the target is over the patients seen (with at least one appointment), so
the question is asked exactly that way: total waiting <= allowed mean x patients seen,
in whole numbers (the ratio is taken as the fraction it is written as, 0.34 = 17/50).

    PYTHONPATH=src .venv/bin/python benchmarks/clinic/bound.py --patients 20 \
        --seeds 5 11 --seconds 300
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
import time
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

from ortools.sat.python import cp_model

from tumorboard.clinic.solver import first_come_first_served, parse_instance
from tumorboard.clinic.solver.cpsat import ClinicModel
from tumorboard.clinic.solver.instance import Instance
from tumorboard.clinic.solver.optimise import bookable_consults
from tumorboard.clinic.solver.schedule import objective_key, patient_waits

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import STAFFING, generate


def grain(instance: Instance) -> int:
    """The greatest common divisor of every time in the day."""
    times = [instance.horizon]
    times += [t for c in instance.clinicians for window in c.available for t in window]
    times += [p.arrival for p in instance.patients]
    times += [c.duration for p in instance.patients for c in p.consults]
    return math.gcd(*times)


def in_grains(instance: Instance, step: int) -> Instance:
    """The same day with every time divided by `step` (a divisor of all of them)."""
    clinicians = tuple(
        dataclasses.replace(c, available=tuple((a // step, b // step) for a, b in c.available))
        for c in instance.clinicians
    )
    patients = tuple(
        dataclasses.replace(
            p,
            arrival=p.arrival // step,
            consults=tuple(dataclasses.replace(c, duration=c.duration // step)
                           for c in p.consults),
        )
        for p in instance.patients
    )
    return Instance(instance.horizon // step, clinicians, patients)


@dataclasses.dataclass
class Answer:
    count: int  # the weighted consults CP-SAT proved maximal (-1: not proved)
    status: str  # of "count and waiting <= cap": INFEASIBLE, FEASIBLE, OPTIMAL or UNKNOWN
    found_wait: int | None  # minutes, when a schedule was found
    found_seen: int  # patients with at least one appointment in it
    seconds: float

    def verdict(self) -> str:
        if self.status == "INFEASIBLE":
            return "**none: out of reach (proved)**"
        if self.found_wait is not None:
            mean = self.found_wait / self.found_seen if self.found_seen else 0.0
            return f"exists: {self.found_wait} min over {self.found_seen} patients ({mean:.2f})"
        return "not settled in time"


def _solver(seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    return solver


def reachable(instance: Instance, allowed_mean: Fraction, seconds: float) -> Answer:
    """Prove the count level, then ask for a schedule at that level whose mean waiting
    over the patients it sees is at most `allowed_mean` minutes."""
    began = time.perf_counter()
    step = grain(instance)
    day = in_grains(instance, step)
    built = ClinicModel(day, bookable_consults(day, {}), {})
    built.model.maximize(built.weighted)
    solver = _solver(seconds)
    if solver.solve(built.model) != cp_model.OPTIMAL:
        return Answer(-1, "UNKNOWN", None, 0, time.perf_counter() - began)
    count = int(solver.objective_value)
    built.model.clear_objective()
    built.model.add(built.weighted >= count)
    presences: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for v in built.consults.values():
        presences[v.patient.id].append(v.presence)
    seen_literals = []
    for patient_id, booked in presences.items():
        is_seen = built.model.new_bool_var(f"seen {patient_id}")
        built.model.add_max_equality(is_seen, booked)
        seen_literals.append(is_seen)
    # minutes waited <= allowed mean x patients seen, in whole numbers
    built.model.add(built.total_wait * step * allowed_mean.denominator
                    <= allowed_mean.numerator * sum(seen_literals))
    solver = _solver(seconds)
    status = solver.solve(built.model)
    found, seen = None, 0
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # no objective: OPTIMAL = found one
        found = int(solver.value(built.total_wait)) * step
        seen = sum(int(solver.value(literal)) for literal in seen_literals)
    return Answer(count, solver.status_name(status), found, seen, time.perf_counter() - began)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=20)
    parser.add_argument("--seeds", type=int, nargs="+", default=[5, 11])
    parser.add_argument("--staffing", choices=sorted(STAFFING), default="tight")
    parser.add_argument("--ratio", type=float, default=0.34)
    parser.add_argument("--seconds", type=float, default=300.0, help="per CP-SAT step")
    args = parser.parse_args(argv)
    print("| day | FCFS weighted @ mean wait | count level (proved) | waiting allowed "
          "| schedule at that count within it | s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for seed in args.seeds:
        instance = parse_instance(generate(args.patients, seed, STAFFING[args.staffing]))
        fcfs = first_come_first_served(instance)
        waits = patient_waits(fcfs.appointments)
        fcfs_mean = sum(waits.values()) / len(waits) if waits else 0.0
        allowed = Fraction(str(args.ratio)) * Fraction(sum(waits.values()), len(waits) or 1)
        answer = reachable(instance, allowed, args.seconds)
        print(f"| {args.staffing} {args.patients} seed {seed} | "
              f"{-objective_key(instance, fcfs)[0]} @ {fcfs_mean:.2f} min | "
              f"{answer.count if answer.count >= 0 else 'not proved'} | "
              f"mean <= {float(allowed):.2f} min | "
              f"{answer.verdict()} | {answer.seconds:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
