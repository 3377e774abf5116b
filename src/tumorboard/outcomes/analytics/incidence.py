"""Cumulative incidence with competing risks (Aalen-Johansen) on per-(time, cause) counts.

All events at one time, whatever their cause, are handled together: the all-cause
Kaplan-Meier just *before* t multiplies each cause's hazard d_k(t) / n(t), so tied times
need no jittering. The variance is Aalen's (1978) estimator in the form of Pintilie (2006)
eq. 4.5, the one scikit-survival uses by default (``var_type="Aalen"``), and the 95%
interval is on the log(-log) scale, F ** exp(+-z se / (F log F)), as scikit-survival's
``conf_type="log-log"``. The double sums of that variance are expanded into running
sums, so a fit is O(distinct times) instead of scikit-survival's O(times^2) memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tumorboard.outcomes.analytics.counts import CompetingCounts, FloatArray, IntArray
from tumorboard.outcomes.analytics.kaplan_meier import z_value

EPS = float(np.finfo(np.float64).eps)


@dataclass(frozen=True)
class IncidencePoint:
    time: float
    incidence: float
    lower: float
    upper: float


@dataclass(frozen=True)
class IncidenceCurve:
    cause: int
    time: FloatArray
    events: IntArray
    incidence: FloatArray
    variance: FloatArray
    lower: FloatArray
    upper: FloatArray

    @property
    def total_events(self) -> int:
        return int(self.events.sum())

    @property
    def follow_up_end(self) -> float | None:
        """The last time anyone is observed; the curve is not drawn or read beyond it."""
        return float(self.time[-1]) if self.time.size else None

    def at(self, t: float) -> IncidencePoint:
        """Step-function value at the last distinct time <= t (0 before the first)."""
        index = int(np.searchsorted(self.time, t, side="right")) - 1
        if index < 0:
            return IncidencePoint(float(t), 0.0, 0.0, 0.0)
        return IncidencePoint(
            float(t),
            float(self.incidence[index]),
            float(self.lower[index]),
            float(self.upper[index]),
        )


def _safe_divide(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    out = np.zeros(np.broadcast(numerator, denominator).shape)
    np.divide(numerator, denominator, out=out, where=np.broadcast_to(denominator > 0, out.shape))
    return out


def _running_pair_sum(incidence: FloatArray, weights: FloatArray, power: int) -> FloatArray:
    """sum_{k <= j} (F_j - F_k) ** power * w_k for every j, in O(n) (power 1 or 2)."""
    w_sum = np.cumsum(weights)
    fw_sum = np.cumsum(incidence * weights)
    if power == 1:
        return incidence * w_sum - fw_sum
    ffw_sum = np.cumsum(incidence**2 * weights)
    return incidence**2 * w_sum - 2.0 * incidence * fw_sum + ffw_sum


def _aalen_variance(
    incidence: FloatArray,
    cause_events: FloatArray,
    all_events: FloatArray,
    at_risk: FloatArray,
    survival_before: FloatArray,
) -> FloatArray:
    n, d, dk = at_risk, all_events, cause_events
    term_a = _running_pair_sum(incidence, _safe_divide(d, (n - 1) * (n - d)), 2)
    term_b = np.cumsum(
        (n - dk) * dk * _safe_divide(np.ones_like(n), (n - 1) * n**2) * survival_before**2
    )
    cross_weights = dk * (n - dk) * _safe_divide(survival_before, n * (n - d) * (n - 1))
    term_c = -2.0 * _running_pair_sum(incidence, cross_weights, 1)
    return np.asarray(term_a + term_b + term_c, dtype=np.float64)


def _log_log_limits(
    incidence: FloatArray, variance: FloatArray, z: float
) -> tuple[FloatArray, FloatArray]:
    """scikit-survival's ``_ci_logmlog`` on F, guards included, for identical numbers."""
    positive = incidence > EPS
    log_f = np.zeros_like(incidence)
    np.log(incidence, where=positive, out=log_f)
    sigma = np.zeros_like(incidence)
    np.divide(np.sqrt(np.clip(variance, 0.0, None)), incidence, where=variance > EPS, out=sigma)
    theta = np.zeros_like(incidence)
    np.true_divide(sigma, log_f, where=log_f < -EPS, out=theta)
    lower = np.exp(np.exp(-z * theta) * log_f)
    upper = np.exp(np.exp(z * theta) * log_f)
    lower[~positive] = 0.0
    upper[~positive] = 0.0
    return lower, upper


def cumulative_incidence(counts: CompetingCounts, level: float = 0.95) -> list[IncidenceCurve]:
    """One Aalen-Johansen curve per cause, in ``counts.causes`` order."""
    at_risk = counts.all_cause().at_risk().astype(np.float64)
    cause_events = counts.events.astype(np.float64)
    all_events = cause_events.sum(axis=1)
    survival = np.cumprod(1.0 - _safe_divide(all_events, at_risk))
    survival_before = np.concatenate(([1.0], survival[:-1]))
    z = z_value(level)
    curves = []
    for column, cause in enumerate(counts.causes):
        events_k = cause_events[:, column]
        incidence = np.cumsum(survival_before * _safe_divide(events_k, at_risk))
        variance = _aalen_variance(incidence, events_k, all_events, at_risk, survival_before)
        lower, upper = _log_log_limits(incidence, variance, z)
        curves.append(
            IncidenceCurve(
                cause=cause,
                time=counts.time,
                events=counts.events[:, column],
                incidence=incidence,
                variance=variance,
                lower=lower,
                upper=upper,
            )
        )
    return curves
