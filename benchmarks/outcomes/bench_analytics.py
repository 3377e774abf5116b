"""Fit KM + log-rank + CIF per group from pre-aggregated counts vs the row-level baseline.

    PYTHONPATH=src .venv/bin/python benchmarks/outcomes/bench_analytics.py [--rows N]

Aggregated path: the counts per (group, time, cause) that the registry will get from one
SQL GROUP BY (simulated here with numpy and timed separately), then tumorboard's
Kaplan-Meier, log-rank and Aalen-Johansen on those counts.
Baseline, in the same run: a pandas DataFrame of rows -> lifelines KaplanMeierFitter per
group + lifelines multivariate_logrank_test + scikit-survival
cumulative_incidence_competing_risks(conf_type="log-log") per group.
Both must agree to 1e-9; the table gives wall time and tracemalloc peak memory.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from lifelines import KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test
from registry_generator import Registry, generate_registry
from sksurv.nonparametric import cumulative_incidence_competing_risks

from tumorboard.outcomes.analytics import (
    CompetingCounts,
    cumulative_incidence,
    kaplan_meier,
    logrank_test,
)

CAUSES = (1, 2)


def measured(work: Callable[[], Any]) -> tuple[Any, float, float]:
    """Result, seconds, peak MiB allocated.

    Timed without tracing (tracemalloc slows Python-level loops), then run again under
    tracemalloc, which also sees numpy's buffers, for the peak.
    """
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, elapsed, peak / 2**20


def aggregate_like_sql(registry: Registry) -> dict[int, CompetingCounts]:
    """Stand-in for SELECT group, time, cause, COUNT(*) ... GROUP BY group, time, cause."""
    days = registry.time.astype(np.int64)
    span, kinds = int(days.max()) + 1, len(CAUSES) + 1
    # One int64 key per (group, time, cause): np.unique on it is a single sort.
    keys, counts = np.unique(
        (registry.group * span + days) * kinds + registry.cause, return_counts=True
    )
    distinct = np.stack([keys // (span * kinds), (keys // kinds) % span, keys % kinds], axis=1)
    per_group = {}
    for group in np.unique(distinct[:, 0]):
        rows = distinct[distinct[:, 0] == group]
        tally = counts[distinct[:, 0] == group]
        times, position = np.unique(rows[:, 1], return_inverse=True)
        events = np.zeros((times.size, len(CAUSES)), dtype=np.int64)
        censored = np.zeros(times.size, dtype=np.int64)
        np.add.at(censored, position[rows[:, 2] == 0], tally[rows[:, 2] == 0])
        for column, cause in enumerate(CAUSES):
            chosen = rows[:, 2] == cause
            np.add.at(events[:, column], position[chosen], tally[chosen])
        per_group[int(group)] = CompetingCounts(times.astype(float), events, censored, CAUSES)
    return per_group


def fit_aggregated(per_group: dict[int, CompetingCounts]) -> dict[str, Any]:
    curves = {g: kaplan_meier(c.all_cause()) for g, c in per_group.items()}
    incidence = {g: cumulative_incidence(c) for g, c in per_group.items()}
    logrank = logrank_test([c.all_cause() for c in per_group.values()])
    return {"km": curves, "cif": incidence, "logrank": logrank.statistic}


def fit_baseline(frame: pd.DataFrame) -> dict[str, Any]:
    curves, incidence = {}, {}
    for group, rows in frame.groupby("group"):
        curves[group] = KaplanMeierFitter().fit(rows["time"], rows["event"])
        incidence[group] = cumulative_incidence_competing_risks(
            rows["cause"].to_numpy(), rows["time"].to_numpy(), conf_type="log-log"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        test = multivariate_logrank_test(frame["time"], frame["group"], frame["event"])
    return {"km": curves, "cif": incidence, "logrank": test.test_statistic}


def largest_difference(ours: dict[str, Any], theirs: dict[str, Any]) -> float:
    worst = abs(ours["logrank"] - theirs["logrank"]) / max(1.0, abs(theirs["logrank"]))
    for group, curve in ours["km"].items():
        reference = theirs["km"][group]
        table = reference.survival_function_.join(reference.confidence_interval_).loc[curve.time]
        for column, values in enumerate((curve.survival, curve.lower, curve.upper)):
            defined = ~np.isnan(values)
            gap = np.abs(values[defined] - table.iloc[:, column].to_numpy()[defined])
            worst = max(worst, float(gap.max(initial=0.0)))
        _, estimate, interval = theirs["cif"][group]
        for column, cif in enumerate(ours["cif"][group], start=1):
            for values, expected in (
                (cif.incidence, estimate[column]),
                (cif.lower, interval[column, 0]),
                (cif.upper, interval[column, 1]),
            ):
                worst = max(worst, float(np.max(np.abs(values - expected))))
    return worst


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    options = parser.parse_args(argv)
    registry = generate_registry(options.rows)
    frame = pd.DataFrame(
        {
            "group": registry.group,
            "time": registry.time,
            "event": registry.event,
            "cause": registry.cause,
        }
    )
    per_group, aggregate_s, aggregate_mib = measured(lambda: aggregate_like_sql(registry))
    ours, ours_s, ours_mib = measured(lambda: fit_aggregated(per_group))
    theirs, theirs_s, theirs_mib = measured(lambda: fit_baseline(frame))
    distinct = sum(c.time.size for c in per_group.values())
    print(
        f"rows {options.rows:,}  groups {len(per_group)}  "
        f"distinct (group, time) {distinct:,}  events {int(registry.event.sum()):,}"
    )
    print(f"{'path':<44}{'seconds':>10}{'peak MiB':>10}")
    print(
        f"{'SQL stand-in: GROUP BY group,time,cause (numpy)':<44}"
        f"{aggregate_s:>10.3f}{aggregate_mib:>10.1f}"
    )
    print(f"{'tumorboard fit on aggregated counts':<44}{ours_s:>10.3f}{ours_mib:>10.1f}")
    print(f"{'baseline: rows -> lifelines + sksurv':<44}{theirs_s:>10.3f}{theirs_mib:>10.1f}")
    print(
        f"speed-up of the fit: {theirs_s / ours_s:,.0f}x   "
        f"(including the numpy aggregation: {theirs_s / (ours_s + aggregate_s):,.1f}x)"
    )
    difference = largest_difference(ours, theirs)
    print(f"largest difference (KM, CI, log-rank rel., CIF, CIF CI): {difference:.2e}")
    return 0 if difference <= 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
