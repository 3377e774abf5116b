"""Benchmark: the solver against first-come-first-served on generated clinic days.

Each (size, seed, method) runs in its own subprocess so that its peak memory (ru_maxrss)
is its own. Prints one table per size (means over seeds) and the solver/FCFS ratios.

    PYTHONPATH=src .venv/bin/python benchmarks/clinic/run.py --sizes 20 60 150 300 --seeds 1 2 3 \
        --staffing tight roomy

Staffing: "roomy" sizes clinicians to ~70 % of demand, "tight" to exactly the expected load
(utilisation 1.0: not everything fits, the solver must choose whom to see).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from statistics import mean
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import STAFFING, generate

COLUMNS = ("valid", "scheduled", "weighted", "consults", "mean_wait", "makespan", "seconds",
           "peak_mb")


def run_one(
    size: int, seed: int, method: str, time_limit: float, staffing: str
) -> dict[str, Any]:
    from tumorboard.clinic.solver import (
        SolverSettings,
        check_schedule,
        first_come_first_served,
        parse_instance,
        solve,
    )
    from tumorboard.clinic.solver.schedule import objective_key

    instance = parse_instance(generate(size, seed, STAFFING[staffing]))
    began = time.perf_counter()
    if method == "fcfs":
        schedule = first_come_first_served(instance)
    else:
        schedule = solve(instance, SolverSettings(time_limit=time_limit))
    seconds = time.perf_counter() - began
    schedule.solve_seconds = seconds
    data = schedule.to_json(instance)
    metrics = data["metrics"]
    return {
        "valid": not check_schedule(instance, data),
        "scheduled": metrics["scheduled"],
        "weighted": -objective_key(instance, schedule)[0],
        "optimal": schedule.optimal,
        "consults": metrics["consults"],
        "mean_wait": metrics["mean_wait"],
        "makespan": metrics["makespan"],
        "seconds": seconds,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def spawn(size: int, seed: int, method: str, time_limit: float, staffing: str) -> dict[str, Any]:
    argv = [sys.executable, __file__, "--one", str(size), str(seed), method, str(time_limit),
            staffing]
    done = subprocess.run(argv, capture_output=True, text=True, check=True, env=os.environ.copy())
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def table(size: int, staffing: str, rows: dict[str, list[dict[str, Any]]]) -> str:
    lines = [
        f"### {size} patients, {staffing} staffing ({len(rows['solver'])} seeds, means)",
        "",
        "| method | valid | consults scheduled | weighted | mean wait (min) | makespan | solve s "
        "| peak MB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    summary = {}
    for method in ("solver", "fcfs"):
        runs = rows[method]
        summary[method] = {c: mean(float(r[c]) for r in runs) for c in COLUMNS[1:]}
        s = summary[method]
        valid = f"{sum(r['valid'] for r in runs)}/{len(runs)}"
        lines.append(
            f"| {method} | {valid} | {s['scheduled']:.1f} / {s['consults']:.1f} | "
            f"{s['weighted']:.1f} | {s['mean_wait']:.2f} | {s['makespan']:.0f} | "
            f"{s['seconds']:.2f} | "
            f"{s['peak_mb']:.0f} |"
        )
    solver, fcfs = summary["solver"], summary["fcfs"]
    wait_ratio = solver["mean_wait"] / fcfs["mean_wait"] if fcfs["mean_wait"] else float("nan")
    worst = max(r["seconds"] for r in rows["solver"])
    pairs = list(zip(rows["solver"], rows["fcfs"], strict=True))
    fewer = sum(a["weighted"] < b["weighted"] for a, b in pairs)
    ratios = [a["mean_wait"] / b["mean_wait"] for a, b in pairs if b["mean_wait"]]
    proved = [a["seconds"] for a in rows["solver"] if a["optimal"] or a["mean_wait"] == 0]
    lines += [
        "",
        f"ratios solver/FCFS: weighted consults {solver['weighted'] / fcfs['weighted']:.3f}, "
        f"mean wait {wait_ratio:.3f} (worst run {max(ratios, default=float('nan')):.3f}); "
        f"slowest solver run {worst:.2f} s; fewer weighted consults than FCFS in "
        f"{fewer} of {len(rows['solver'])} runs; runs ending at zero waiting or proved "
        f"optimal: {len(proved)}, their slowest {max(proved, default=float('nan')):.2f} s",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--one":
        size, seed, method, limit = int(argv[1]), int(argv[2]), argv[3], float(argv[4])
        result = run_one(size, seed, method, limit, argv[5])
        sys.stdout.write(json.dumps(result) + "\n")
        return 0
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 60, 150, 300])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--time-limit", type=float, default=8.0)
    parser.add_argument("--staffing", nargs="+", choices=sorted(STAFFING), default=["roomy"])
    args = parser.parse_args(argv)
    for staffing in args.staffing:
        for size in args.sizes:
            rows: dict[str, list[dict[str, Any]]] = {"solver": [], "fcfs": []}
            for seed in args.seeds:
                for method in rows:
                    rows[method].append(spawn(size, seed, method, args.time_limit, staffing))
            print(table(size, staffing, rows), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
