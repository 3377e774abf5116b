"""Kaplan-Meier estimate with Greenwood variance, fitted on per-distinct-time counts.

Conventions (chosen to reproduce R's ``survival::survfit``; see docs/outcomes-analytics.md):
- the curve has a point at every distinct time, censor-only times included;
- ``survival_at(t)`` is the step-function value at the last time <= t (1 before the first
  time); ``at_risk`` at t is the number with time >= t (0 past the last time);
- 95% pointwise intervals from Greenwood's variance on the ``log-log`` scale (default, as
  lifelines and R ``conf.type="log-log"``) or the ``log`` scale (R's default, upper limit
  capped at 1); undefined (NaN) where the estimate is 0;
- the median and its interval follow R's ``quantile.survfit``: the first time a curve is
  <= 0.5, or the midpoint of a flat stretch lying exactly at 0.5.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats

from tumorboard.outcomes.analytics.counts import FloatArray, IntArray, TimeCounts

CiTransform = Literal["log-log", "log"]
CI_TRANSFORMS: tuple[CiTransform, ...] = ("log-log", "log")
# R's quantile.survfit tolerance for "the curve is exactly at 0.5".
QUANTILE_TOLERANCE = float(np.sqrt(np.finfo(float).eps))


@dataclass(frozen=True)
class SurvivalPoint:
    time: float
    survival: float
    lower: float
    upper: float
    at_risk: int


@dataclass(frozen=True)
class KaplanMeierCurve:
    time: FloatArray
    at_risk: IntArray
    events: IntArray
    censored: IntArray
    survival: FloatArray
    variance: FloatArray  # Greenwood variance of the survival estimate
    lower: FloatArray
    upper: FloatArray
    ci: CiTransform
    level: float

    @property
    def n(self) -> int:
        return int(self.events.sum() + self.censored.sum())

    @property
    def total_events(self) -> int:
        return int(self.events.sum())

    @property
    def std_err(self) -> FloatArray:
        return np.asarray(np.sqrt(self.variance), dtype=np.float64)

    def at(self, t: float) -> SurvivalPoint:
        """The step function at ``t`` and the number still at risk at ``t``."""
        index = int(np.searchsorted(self.time, t, side="right")) - 1
        removed_before = int(np.sum(self.events[self.time < t] + self.censored[self.time < t]))
        at_risk = self.n - removed_before
        if index < 0:
            return SurvivalPoint(float(t), 1.0, 1.0, 1.0, at_risk)
        return SurvivalPoint(
            float(t),
            float(self.survival[index]),
            float(self.lower[index]),
            float(self.upper[index]),
            at_risk,
        )

    @property
    def follow_up_end(self) -> float | None:
        """The last time anyone is observed (an event or a censoring); None without data."""
        return float(self.time[-1]) if self.time.size else None

    def estimable_at(self, t: float) -> bool:
        """Whether S(t) is an estimate rather than a carried-forward guess: someone is still
        under observation at ``t``, or everyone has had the event (S = 0) before it."""
        if not self.time.size:
            return False
        return bool(t <= self.time[-1] or self.survival[-1] == 0.0)

    def median(self) -> float | None:
        return r_quantile_time(self.time, self.survival, 0.5)

    def median_ci(self) -> tuple[float | None, float | None]:
        """Where the lower and the upper confidence curves cross 0.5 (R survfit)."""
        return (
            r_quantile_time(self.time, self.lower, 0.5),
            r_quantile_time(self.time, self.upper, 0.5),
        )


def z_value(level: float) -> float:
    if not 0.0 < level < 1.0:
        raise ValueError("confidence level must be between 0 and 1")
    return float(stats.norm.ppf(1.0 - (1.0 - level) / 2.0))


def kaplan_meier(
    counts: TimeCounts, ci: CiTransform = "log-log", level: float = 0.95
) -> KaplanMeierCurve:
    """Fit Kaplan-Meier on aggregated counts (one entry per distinct time)."""
    if ci not in CI_TRANSFORMS:
        raise ValueError(f"ci must be one of {CI_TRANSFORMS}")
    at_risk = counts.at_risk()
    deaths = counts.events.astype(np.float64)
    risk = at_risk.astype(np.float64)
    survival: FloatArray = np.cumprod(1.0 - deaths / risk, dtype=np.float64)
    # Greenwood: sum d / (n (n - d)); infinite once everyone at risk has died (S = 0).
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(deaths > 0, deaths / (risk * (risk - deaths)), 0.0)
    cumulative = np.cumsum(terms)
    with np.errstate(invalid="ignore"):
        variance = np.where(survival > 0, survival**2 * cumulative, np.nan)
    lower, upper = confidence_limits(survival, cumulative, ci, z_value(level))
    return KaplanMeierCurve(
        time=counts.time,
        at_risk=at_risk,
        events=counts.events,
        censored=counts.censored,
        survival=survival,
        variance=variance,
        lower=lower,
        upper=upper,
        ci=ci,
        level=level,
    )


def confidence_limits(
    survival: FloatArray, cumulative: FloatArray, ci: CiTransform, z: float
) -> tuple[FloatArray, FloatArray]:
    """Pointwise limits; ``cumulative`` is Greenwood's sum, the variance of log S."""
    lower = np.full_like(survival, np.nan)
    upper = np.full_like(survival, np.nan)
    no_event_yet = cumulative == 0
    lower[no_event_yet] = upper[no_event_yet] = survival[no_event_yet]
    inside = (survival > 0) & ~no_event_yet
    se_log = np.sqrt(cumulative[inside])
    s = survival[inside]
    if ci == "log":
        lower[inside] = s * np.exp(-z * se_log)
        upper[inside] = np.minimum(1.0, s * np.exp(z * se_log))
    else:
        log_s = np.log(s)
        # S ** exp(+-z se / |log S|); at S == 1 with events impossible, so log_s < 0.
        theta = z * se_log / np.abs(log_s)
        lower[inside] = np.exp(log_s * np.exp(theta))
        upper[inside] = np.exp(log_s * np.exp(-theta))
    return lower, upper


def r_quantile_time(
    time: FloatArray, curve: FloatArray, probability: float, start: float = 0.0
) -> float | None:
    """R ``survival:::findq``: where ``1 - curve`` first reaches ``1 - probability``.

    If the curve sits exactly at ``probability`` (within R's tolerance) over a stretch,
    the answer is the midpoint of that stretch; a stretch reaching the end of follow-up
    ends at the last observed time. ``None`` if the curve never gets there. Undefined
    (NaN) points of a confidence curve are skipped, as R's ``approx`` does.
    """
    target = 1.0 - probability
    defined = ~np.isnan(curve)
    x = np.concatenate(([start], time[defined]))
    y = np.concatenate(([0.0], 1.0 - curve[defined]))
    if y.max() < target:
        return None
    last_time = float(time[-1]) if time.size else start
    _, first_seen = np.unique(y, return_index=True)  # R: y[!duplicated(y)]
    keep = np.sort(first_seen)
    x, y = x[keep], y[keep]
    tol = QUANTILE_TOLERANCE
    reached = _lowest_level_at_least(y, target - tol)
    if reached is None:
        return None
    beyond = _lowest_level_at_least(y, target + tol)
    if beyond is not None:
        return float((x[reached] + x[beyond]) / 2.0)
    if abs(target - y[-1]) < tol:
        return float((x[reached] + last_time) / 2.0)
    return None


def _lowest_level_at_least(y: FloatArray, threshold: float) -> int | None:
    """Index of the smallest level >= threshold: R's ``approx(method="constant", f=1)``.

    For a monotone curve this is simply the first crossing; the general form only matters
    for a confidence limit that is not monotone.
    """
    candidates = np.flatnonzero(y >= threshold)
    if candidates.size == 0:
        return None
    return int(candidates[np.argmin(y[candidates])])
