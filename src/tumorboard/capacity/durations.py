"""Predicted operating time from history: pure, no Django.

The prediction for a (procedure, surgeon) rests on that surgeon's own recorded operations
when there are at least MIN_SAMPLES of them, else on the procedure's across surgeons, else
on a default. It reports the median, an upper quantile (the 80th percentile, which the
planner books so that most lists finish in time) and how many operations it rests on.
Quantiles are by linear interpolation between order statistics (Hyndman & Fan 1996,
definition 7, the default of R's quantile() and of numpy.percentile).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MIN_SAMPLES = 3
UPPER = 0.8


def gettext_noop(text: str) -> str:
    return text


SURGEON = gettext_noop("this surgeon's operations")
PROCEDURE = gettext_noop("this procedure's operations, all surgeons")
DEFAULT = gettext_noop("no history: the department's default")


@dataclass(frozen=True)
class Prediction:
    median: int
    upper: int
    count: int  # operations it rests on (0 for the default)
    basis: str  # SURGEON | PROCEDURE | DEFAULT


def quantile(values: Sequence[float], q: float) -> float:
    """Hyndman-Fan definition 7: h = (n - 1) q, interpolate between x[floor h] and x[ceil h]."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    h = (len(ordered) - 1) * q
    low, high = math.floor(h), math.ceil(h)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def _from(values: Sequence[float], basis: str) -> Prediction:
    return Prediction(median=round(quantile(values, 0.5)), upper=math.ceil(quantile(values, UPPER)),
                      count=len(values), basis=basis)


def predict(history: Mapping[tuple[str, str], Sequence[float]], procedure: str, surgeon: str,
            default: int) -> Prediction:
    """``history`` maps (procedure, surgeon) to recorded minutes."""
    own = history.get((procedure, surgeon), ())
    if len(own) >= MIN_SAMPLES:
        return _from(own, SURGEON)
    pooled = [m for (proc, _who), minutes in history.items() if proc == procedure
              for m in minutes]
    if len(pooled) >= MIN_SAMPLES:
        return _from(pooled, PROCEDURE)
    return Prediction(median=default, upper=default, count=0, basis=DEFAULT)


def group(rows: Iterable[tuple[str, str, float]]) -> dict[tuple[str, str], list[float]]:
    out: dict[tuple[str, str], list[float]] = {}
    for procedure, surgeon, minutes in rows:
        out.setdefault((procedure, surgeon), []).append(minutes)
    return out
