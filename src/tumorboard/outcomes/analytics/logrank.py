"""Log-rank (Mantel-Haenszel) test for k groups on per-distinct-time counts.

Same statistic as R's ``survdiff(rho = 0)`` and lifelines' ``multivariate_logrank_test``:
U = observed - expected events per group, V the hypergeometric covariance summed over the
pooled event times, chi-square = U' V^- U on k - 1 degrees of freedom (last group dropped;
a pseudo-inverse covers a singular V as lifelines does).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from tumorboard.outcomes.analytics.counts import FloatArray, TimeCounts


@dataclass(frozen=True)
class LogRankResult:
    statistic: float
    df: int
    p: float
    observed: FloatArray
    expected: FloatArray


def _on_pooled_times(
    groups: Sequence[TimeCounts], pooled: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Events at and number at risk just before each pooled time, one column per group."""
    deaths = np.zeros((pooled.size, len(groups)))
    at_risk = np.zeros((pooled.size, len(groups)))
    for column, counts in enumerate(groups):
        position = np.searchsorted(counts.time, pooled, side="left")
        removed = np.concatenate(([0], np.cumsum(counts.events + counts.censored)))
        at_risk[:, column] = counts.n - removed[position]
        hit = position < counts.time.size
        hit[hit] = counts.time[position[hit]] == pooled[hit]
        deaths[hit, column] = counts.events[position[hit]]
    return deaths, at_risk


def logrank_test(groups: Sequence[TimeCounts]) -> LogRankResult:
    """k-sample log-rank test; ``groups`` are the per-group aggregated counts."""
    if len(groups) < 2:
        raise ValueError("the log-rank test needs at least two groups")
    event_times = [counts.time[counts.events > 0] for counts in groups]
    pooled = np.unique(np.concatenate(event_times)) if event_times else np.empty(0)
    deaths, at_risk = _on_pooled_times(groups, pooled)
    total_deaths = deaths.sum(axis=1)
    total_risk = at_risk.sum(axis=1)
    share = at_risk / total_risk[:, None]
    expected = (share * total_deaths[:, None]).sum(axis=0)
    observed = deaths.sum(axis=0)
    # Hypergeometric variance factor d (n - d) / (n - 1); zero when only one is at risk.
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(
            total_risk > 1,
            total_deaths * (total_risk - total_deaths) / (total_risk - 1),
            0.0,
        )
    weighted = share * factor[:, None]
    covariance = np.diag(weighted.sum(axis=0)) - (weighted.T @ share)
    difference = observed - expected
    kept = len(groups) - 1
    statistic = float(
        difference[:kept] @ np.linalg.pinv(covariance[:kept, :kept]) @ difference[:kept]
    )
    return LogRankResult(
        statistic=statistic,
        df=kept,
        p=float(stats.chi2.sf(statistic, kept)),
        observed=observed,
        expected=expected,
    )
