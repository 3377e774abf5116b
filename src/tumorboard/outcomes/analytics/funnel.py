"""Funnel plots for comparing units (hospitals, surgeons) on a 0/1 outcome.

Spiegelhalter, "Funnel plots for comparing institutional performance", Stat Med 2005;
24:1185-1202, appendix A.1.1. For a unit with precision ``n`` and target ``theta`` the
p-th control limit is built from the exact discrete distribution of the count R:

- ``r_p`` is the smallest r with P(R <= r) >= p;
- ``alpha = (P(R <= r_p) - p) / (P(R <= r_p) - P(R <= r_p - 1))`` interpolates between
  the steps of the distribution function;
- the limit is ``(r_p - alpha) / n``, clipped to the scale of the measure (a proportion
  lies in [0, 1], a ratio is >= 0) where the interpolation would step below zero; with a
  target of exactly 0 or 1 the count is certain and every limit is the target.

The interpolation inverts the piecewise-linear distribution function, so the limits are
not symmetric about the target (n = 20, theta = 0.5: 0.2558 and 0.6942 at 95%).

Two measures share this construction:

- **proportion** (no expected probabilities): R ~ Binomial(n, theta), n the unit's cases,
  theta the ``target`` or the pooled rate; ``z = (y - theta) / sqrt(theta (1 - theta) / n)``.
- **ratio** (each row carries its expected probability from a risk model): the unit's
  observed count O against E, the sum of its expected probabilities; R ~ Poisson(theta E)
  with theta the target ratio (default 1), the limit ``(r_p - alpha) / E`` on the scale of
  O / E, and ``z = (O - theta E) / sqrt(theta E)``. The funnel's x axis (``n`` in
  ``limits``) is then E.

Limits at 95% (p = 0.025, 0.975) and 99.8% (p = 0.001, 0.999). ``outside`` names the
widest limit a unit lies strictly beyond.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from scipy import special

from tumorboard.outcomes.analytics.counts import group_sort_key
from tumorboard.outcomes.analytics.csv_input import InputError
from tumorboard.outcomes.analytics.cusum import check_outcome, check_probability

JsonObject = dict[str, Any]
Row = tuple[str, int, float | None]
Cdf = Callable[[float], float]

PROBABILITIES = {"lower998": 0.001, "lower95": 0.025, "upper95": 0.975, "upper998": 0.999}
GRID_POINTS = 120
# A unit on a limit is inside; floating noise below this is not "beyond".
TOLERANCE = 1e-12


def exact_quantile(cdf: Cdf, p: float, start: int) -> int:
    """Smallest r with cdf(r) >= p, searching from an initial guess ``start``."""
    r = max(int(start), 0)
    while r > 0 and cdf(r - 1) >= p:
        r -= 1
    while cdf(r) < p:
        r += 1
    return r


def interpolated_limit(cdf: Cdf, p: float, start: int, scale: float) -> float:
    """Spiegelhalter's interpolated limit ``(r_p - alpha) / scale``."""
    r = exact_quantile(cdf, p, start)
    at_r = cdf(r)
    below = cdf(r - 1) if r > 0 else 0.0
    alpha = (at_r - p) / (at_r - below)
    return (r - alpha) / scale


def _normal_guess(mean: float, variance: float, p: float) -> int:
    """A starting point for the exact search (the normal approximation's quantile)."""
    return max(0, round(mean + float(special.ndtri(p)) * math.sqrt(variance)))


def binomial_limits(n: int, theta: float) -> dict[str, float]:
    """The four limits for a proportion out of ``n`` around ``theta``."""
    if n <= 0:
        raise ValueError("n must be positive")
    if theta in (0.0, 1.0):  # R is certain: the funnel is the target line itself
        return dict.fromkeys(PROBABILITIES, float(theta))

    def cdf(r: float) -> float:  # P(R <= r), R ~ Binomial(n, theta)
        return float(special.bdtr(r, n, theta)) if r < n else 1.0

    limits = {}
    for name, p in PROBABILITIES.items():
        guess = min(n, _normal_guess(n * theta, n * theta * (1 - theta), p))
        limits[name] = min(1.0, max(0.0, interpolated_limit(cdf, p, guess, float(n))))
    return limits


def poisson_limits(expected: float, theta: float = 1.0) -> dict[str, float]:
    """The four limits for the ratio O / E with O ~ Poisson(theta E)."""
    if expected <= 0:
        raise ValueError("expected must be positive")
    mean = theta * expected

    def cdf(r: float) -> float:  # P(R <= r), R ~ Poisson(theta E)
        return float(special.pdtr(r, mean))

    limits = {}
    for name, p in PROBABILITIES.items():
        guess = _normal_guess(mean, mean, p)
        limits[name] = max(0.0, interpolated_limit(cdf, p, guess, expected))
    return limits


def _validated(rows: Iterable[Row]) -> tuple[list[str], list[int], list[float] | None]:
    units: list[str] = []
    outcomes: list[int] = []
    expected: list[float | None] = []
    for position, (unit, outcome, probability) in enumerate(rows, start=1):
        outcomes.append(check_outcome(position, outcome))
        expected.append(None if probability is None else check_probability(position, probability))
        units.append(str(unit))
    if not units:
        raise InputError("no rows to compare", "input")
    given = [value is not None for value in expected]
    if any(given) and not all(given):
        raise InputError("either every row has an expected probability or none", "expected")
    return units, outcomes, [float(v) for v in expected if v is not None] if all(given) else None


def _default_grid(values: Sequence[float], integers: bool) -> list[float]:
    top = max(values)
    if integers and top <= GRID_POINTS:
        return [float(n) for n in range(1, int(top) + 1)]
    low = 1.0 if integers else max(min(values) / 2.0, 1e-3)
    grid = np.geomspace(low, top * 1.05, GRID_POINTS)
    if integers:
        grid = np.unique(np.ceil(grid))
    return [float(x) for x in grid]


def _outside(value: float, limits: dict[str, float]) -> tuple[str | None, str | None]:
    for level in ("998", "95"):
        if value > limits[f"upper{level}"] + TOLERANCE:
            return ("99.8" if level == "998" else "95"), "high"
        if value < limits[f"lower{level}"] - TOLERANCE:
            return ("99.8" if level == "998" else "95"), "low"
    return None, None


def _limit_row(precision: float, limits: dict[str, float]) -> JsonObject:
    return {"n": precision, **{name: limits[name] for name in PROBABILITIES}}


def funnel_plot(
    rows: Iterable[Row], target: float | None = None, grid: Sequence[float] | None = None
) -> JsonObject:
    """Units with their z-scores and position against the funnel, and the funnel's limits."""
    units, outcomes, expected = _validated(rows)
    ratio_mode = expected is not None
    if target is not None and not (
        math.isfinite(target) and (target > 0 if ratio_mode else 0 <= target <= 1)
    ):
        raise InputError(f"target {target!r} is outside the scale of the measure", "target")
    theta = target if target is not None else (1.0 if ratio_mode else sum(outcomes) / len(units))
    by_unit: dict[str, list[int]] = {}
    for position, unit in enumerate(units):
        by_unit.setdefault(unit, []).append(position)

    cache: dict[float, dict[str, float]] = {}

    def limits_for(precision: float) -> dict[str, float]:
        if precision not in cache:
            cache[precision] = (
                poisson_limits(precision, theta)
                if ratio_mode
                else binomial_limits(int(precision), theta)
            )
        return cache[precision]

    report_units = []
    precisions: list[float] = []
    for unit in sorted(by_unit, key=group_sort_key):
        rows_of_unit = by_unit[unit]
        n = len(rows_of_unit)
        observed = sum(outcomes[i] for i in rows_of_unit)
        entry: JsonObject = {"unit": unit, "n": n, "observed": observed, "rate": observed / n}
        z: float | None
        if expected is not None:
            e = math.fsum(expected[i] for i in rows_of_unit)
            value, precision = observed / e, e
            z = (observed - theta * e) / math.sqrt(theta * e)
            entry.update(expected=e, ratio=value)
        else:
            value, precision = observed / n, float(n)
            spread = math.sqrt(theta * (1 - theta) / n)
            z = (value - theta) / spread if spread > 0 else None
            entry.update(expected=None, ratio=None)
        outside, direction = _outside(value, limits_for(precision))
        entry.update(z=z, outside=outside, direction=direction)
        report_units.append(entry)
        precisions.append(precision)
    points = sorted(
        set(precisions)
        | set(grid if grid is not None else _default_grid(precisions, not ratio_mode))
    )
    return {
        "measure": "ratio" if ratio_mode else "proportion",
        "target": theta,
        "units": report_units,
        "limits": [_limit_row(x, limits_for(x)) for x in points if x > 0],
    }
