"""Risk-adjusted CUSUM (Steiner, Cook, Farewell, Treasure; Biostatistics 2000; 1:441-452).

For patient t with expected probability ``p_t`` of the bad outcome (from a risk model) and
outcome ``y_t`` (1 = bad outcome), the log-likelihood ratio score for testing the odds
ratio R_A = ``odds_ratio`` against R_0 = 1 is

    W_t = y_t ln R - ln(1 - p_t + R p_t),

and the chart is C_t = max(0, C_{t-1} + W_t) with C_0 = 0. The chart signals when
C_t >= ``threshold`` (h) and restarts at 0 after the signal. R > 1 watches for a
deterioration (R = 2: the odds of a bad outcome doubled); R < 1 watches for an improvement.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from tumorboard.outcomes.analytics.counts import group_sort_key
from tumorboard.outcomes.analytics.csv_input import InputError

JsonObject = dict[str, Any]
Row = tuple[str, int, float]


def cusum_weight(outcome: int, probability: float, odds_ratio: float) -> float:
    """Steiner's score W for one patient."""
    return outcome * math.log(odds_ratio) - math.log(1.0 - probability + odds_ratio * probability)


def _check_parameters(odds_ratio: float, threshold: float) -> None:
    if not (math.isfinite(odds_ratio) and odds_ratio > 0 and odds_ratio != 1):
        raise InputError("the odds ratio must be positive and not 1", "odds-ratio")
    if not (math.isfinite(threshold) and threshold > 0):
        raise InputError("the threshold must be a positive number", "threshold")


def check_outcome(position: int, outcome: Any) -> int:
    """A 0/1 outcome, or InputError naming ``outcome``."""
    if isinstance(outcome, bool) or outcome not in (0, 1):
        raise InputError(f"row {position}: outcome {outcome!r} must be 0 or 1", "outcome")
    return int(outcome)


def check_probability(position: int, probability: Any) -> float:
    """An expected probability strictly between 0 and 1, or InputError naming ``expected``."""
    if not isinstance(probability, (int, float)) or not 0.0 < float(probability) < 1.0:
        raise InputError(
            f"row {position}: expected probability {probability!r} must lie in (0, 1)",
            "expected",
        )
    return float(probability)


def unit_chart(rows: list[tuple[int, float]], odds_ratio: float, threshold: float) -> JsonObject:
    """The chart of one unit: values C_t, the (1-based) rows where it signalled."""
    values: list[float] = []
    signals: list[int] = []
    level = 0.0
    for index, (outcome, probability) in enumerate(rows, start=1):
        level = max(0.0, level + cusum_weight(outcome, probability, odds_ratio))
        values.append(level)
        if level >= threshold:
            signals.append(index)
            level = 0.0
    return {
        "n": len(rows),
        "observed": sum(outcome for outcome, _ in rows),
        "expected": math.fsum(probability for _, probability in rows),
        "signals": signals,
        "final": values[-1],
        "max": max(values),
        "values": values,
    }


def ra_cusum(rows: Iterable[Row], odds_ratio: float = 2.0, threshold: float = 4.5) -> JsonObject:
    """One chart per unit, rows taken in the order given."""
    _check_parameters(odds_ratio, threshold)
    by_unit: dict[str, list[tuple[int, float]]] = {}
    for position, (unit, outcome, probability) in enumerate(rows, start=1):
        by_unit.setdefault(str(unit), []).append(
            (check_outcome(position, outcome), check_probability(position, probability))
        )
    if not by_unit:
        raise InputError("no rows to chart", "input")
    return {
        "odds_ratio": odds_ratio,
        "threshold": threshold,
        "units": [
            {"unit": unit, **unit_chart(by_unit[unit], odds_ratio, threshold)}
            for unit in sorted(by_unit, key=group_sort_key)
        ],
    }
