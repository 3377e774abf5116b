"""The JSON of ``analyze survival`` built from per-group counts (rows or pooled aggregates)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from tumorboard.outcomes.analytics.counts import TimeCounts
from tumorboard.outcomes.analytics.kaplan_meier import kaplan_meier
from tumorboard.outcomes.analytics.logrank import logrank_test

JsonObject = dict[str, Any]
LabelledCounts = Sequence[tuple[str | None, TimeCounts]]


def json_number(value: float) -> float | None:
    """JSON has no NaN: an undefined limit is null."""
    return None if math.isnan(value) else float(value)


def survival_group(
    label: str | None, counts: TimeCounts, at: Sequence[float], ci: str
) -> JsonObject:
    curve = kaplan_meier(counts, ci="log" if ci == "log" else "log-log")
    return {
        "group": label,
        "n": curve.n,
        "events": curve.total_events,
        "median": curve.median(),
        "median_ci": list(curve.median_ci()),
        "at": [
            {
                "time": p.time,
                "survival": p.survival,
                "lower": json_number(p.lower),
                "upper": json_number(p.upper),
                "at_risk": p.at_risk,
            }
            for p in (curve.at(t) for t in at)
        ],
    }


def survival_report_from_counts(
    labelled: LabelledCounts, at: Sequence[float], ci: str = "log-log"
) -> JsonObject:
    """Kaplan-Meier per group, medians with CIs, and the log-rank test between groups."""
    logrank = None
    if len(labelled) >= 2:
        result = logrank_test([counts for _, counts in labelled])
        logrank = {"statistic": result.statistic, "df": result.df, "p": result.p}
    return {
        "n": sum(counts.n for _, counts in labelled),
        "events": sum(counts.total_events for _, counts in labelled),
        "groups": [survival_group(label, counts, at, ci) for label, counts in labelled],
        "logrank": logrank,
    }
