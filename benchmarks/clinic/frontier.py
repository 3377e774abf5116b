"""Measure the count/waiting trade-off on tight days: the solver against a low-waiting search.

The solver books the most priority-weighted consults first (the contract's order) and
waits least at that count. This script also runs a second search from the other end:
start from zero-wait chains (constructive, slack 0), then alternate the local search and
the group pass, each of which never books fewer consults, until `--seconds` pass. It
shows how much waiting each extra consult costs on a tight day, and whether the
low-waiting search ever ends at as many consults as the solver.

    PYTHONPATH=src .venv/bin/python benchmarks/clinic/frontier.py --sizes 150 300 \
        --seeds 1 2 3 4 --seconds 30

Each line: FCFS, the solver (--time-limit) and the low-waiting search, as weighted
consults @ mean wait / FCFS mean wait.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tumorboard.clinic.solver import (
    SolverSettings,
    first_come_first_served,
    parse_instance,
    solve,
)
from tumorboard.clinic.solver.constructive import constructive
from tumorboard.clinic.solver.instance import Instance
from tumorboard.clinic.solver.schedule import Schedule, objective_key
from tumorboard.clinic.solver.solve import improve_in_groups, polish

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import STAFFING, generate

ROUND_SECONDS = 2.0  # of each search between the group passes


def low_waiting(instance: Instance, seconds: float) -> Schedule:
    began = time.perf_counter()
    schedule = constructive(instance, 0)
    while time.perf_counter() - began < seconds:
        schedule = polish(instance, schedule, time.perf_counter() + ROUND_SECONDS)
        rounds = SolverSettings(time_limit=ROUND_SECONDS)
        schedule = improve_in_groups(instance, schedule, rounds, time.perf_counter())
    return schedule


def point(instance: Instance, schedule: Schedule, fcfs_wait: float) -> tuple[int, float]:
    weighted = -objective_key(instance, schedule)[0]
    wait = float(schedule.to_json(instance)["metrics"]["mean_wait"])
    return weighted, wait / fcfs_wait if fcfs_wait else float("nan")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[150, 300])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4])
    parser.add_argument("--staffing", choices=sorted(STAFFING), default="tight")
    parser.add_argument("--time-limit", type=float, default=8.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args(argv)
    dominated = runs = 0
    print("| day | FCFS | solver | low-waiting search |")
    print("| --- | --- | --- | --- |")
    for size in args.sizes:
        for seed in args.seeds:
            instance = parse_instance(generate(size, seed, STAFFING[args.staffing]))
            fcfs = first_come_first_served(instance)
            fcfs_wait = float(fcfs.to_json(instance)["metrics"]["mean_wait"])
            solver = point(instance, solve(instance, SolverSettings(args.time_limit)), fcfs_wait)
            low = point(instance, low_waiting(instance, args.seconds), fcfs_wait)
            fcfs_count = -objective_key(instance, fcfs)[0]
            runs += 1
            dominated += low[0] >= solver[0] and low[1] < solver[1]
            print(
                f"| {args.staffing} {size} seed {seed} | {fcfs_count} @ {fcfs_wait:.1f} min "
                f"| {solver[0]} @ {solver[1]:.3f} | {low[0]} @ {low[1]:.3f} |",
                flush=True,
            )
    print(f"\nthe low-waiting search books at least as many and waits less in {dominated} "
          f"of {runs} days")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
