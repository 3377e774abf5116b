"""Benchmark: the CP-SAT operating lists against first-come first-served on generated weeks.

Each (size, seed) runs in its own subprocess so that its peak memory (ru_maxrss: OR-Tools'
C++ memory included, which tracemalloc would not see) is its own. For each week: validity
(the independent check), the three objective levels of both planners, the solver's seconds,
whether it proved optimality, and peak memory. Then the largest week (cases doubling from the
largest size) planned validly within 30 seconds of wall time.

    PYTHONPATH=src .venv/bin/python benchmarks/theatre/run.py --sizes 60 110 160 --seeds 1
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LARGEST_LIMIT = 30.0
LARGEST_CAP = 5120


def run_one(size: int, seed: int, time_limit: float) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    from generate import generate

    from tumorboard.capacity.theatre import baseline, check, solve

    data = generate(size, seed)
    began = time.perf_counter()
    planned = solve(data, time_limit=time_limit)
    seconds = time.perf_counter() - began
    first = baseline(data)
    return {"size": size, "seed": seed, "valid": not check(data, planned),
            "baseline_valid": not check(data, first), "seconds": seconds,
            "optimal": planned["planner"]["optimal"], "method": planned["planner"]["method"],
            "cpsat": planned["summary"], "fcfs": first["summary"],
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def spawn(size: int, seed: int, time_limit: float) -> dict[str, Any]:
    argv = [sys.executable, __file__, "--one", str(size), str(seed), str(time_limit)]
    began = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    result["wall"] = time.perf_counter() - began
    return result


def level_verdict(a: dict[str, Any], b: dict[str, Any]) -> str:
    """'better', 'equal' or 'WORSE' for the CP-SAT lists, levels compared in turn."""
    mine = (-a["weighted"], a["breaches"], -a["booked_minutes"])
    theirs = (-b["weighted"], b["breaches"], -b["booked_minutes"])
    return "better" if mine < theirs else "equal" if mine == theirs else "WORSE"


def table(rows: list[dict[str, Any]]) -> str:
    head = ("| cases | seed | valid | weighted cp-sat / fcfs | breaches cp-sat / fcfs "
            "| minutes cp-sat / fcfs | booked cp-sat / fcfs | lexicographic | optimal "
            "| seconds | peak MB |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        a, b = r["cpsat"], r["fcfs"]
        lines.append(
            f"| {r['size']} | {r['seed']} | {'yes' if r['valid'] else 'NO'} "
            f"| {a['weighted']} / {b['weighted']} | {a['breaches']} / {b['breaches']} "
            f"| {a['booked_minutes']} / {b['booked_minutes']} | {a['booked']} / {b['booked']} "
            f"| {level_verdict(a, b)} | {'yes' if r['optimal'] else 'no'} "
            f"| {r['seconds']:.2f} | {r['peak_mb']:.0f} |")
    return "\n".join(lines)


def largest(best: int, seed: int) -> tuple[int, list[str]]:
    """From a size planned validly, double the cases while the week is still planned validly
    within LARGEST_LIMIT seconds (solver limit LARGEST_LIMIT; a few seconds allowed for
    starting the interpreter and importing OR-Tools)."""
    notes: list[str] = []
    size = best * 2
    while size <= LARGEST_CAP:
        r = spawn(size, seed, LARGEST_LIMIT)
        ok = r["valid"] and r["wall"] <= LARGEST_LIMIT + 5  # interpreter start and import
        notes.append(f"{size} cases: {'valid' if r['valid'] else 'INVALID'}, "
                     f"{r['wall']:.1f} s wall, {r['method']}, {r['peak_mb']:.0f} MB")
        if not ok:
            break
        best, size = size, size * 2
    return best, notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[60, 110, 160])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--no-largest", action="store_true")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        size, seed, limit = int(args.one[0]), int(args.one[1]), float(args.one[2])
        print(json.dumps(run_one(size, seed, limit)))
        return
    rows = [spawn(size, seed, args.time_limit) for size in args.sizes for seed in args.seeds]
    print(f"8 surgeons, 20 sessions, 40 beds; time limit {args.time_limit:g} s\n")
    print(table(rows))
    if not args.no_largest:
        valid = [r["size"] for r in rows if r["valid"]]
        best, notes = largest(max(valid, default=10), args.seeds[0])
        print(f"\nLargest week planned validly within {LARGEST_LIMIT:g} s: {best} cases")
        for note in notes:
            print(f"- {note}")


if __name__ == "__main__":
    main()
