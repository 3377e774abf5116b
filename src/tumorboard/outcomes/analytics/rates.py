"""Proportions with Wilson score intervals, and small-cell suppression for exports."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tumorboard.outcomes.analytics.kaplan_meier import z_value

# Counts from 1 to 4 patients are withheld from exports (a common disclosure rule); 0 is
# shown, since it identifies no one. Change per data-sharing agreement.
MIN_CELL_COUNT = 5


@dataclass(frozen=True)
class Rate:
    events: int
    total: int
    proportion: float
    lower: float
    upper: float


def wilson_interval(events: int, total: int, level: float = 0.95) -> Rate:
    """Wilson (1927) score interval for events/total; well behaved at 0 and at total."""
    if total <= 0:
        raise ValueError("total must be positive")
    if not 0 <= events <= total:
        raise ValueError("events must be between 0 and total")
    z = z_value(level)
    p = events / total
    z2n = z * z / total
    centre = (p + z2n / 2.0) / (1.0 + z2n)
    half = z / (1.0 + z2n) * math.sqrt(p * (1.0 - p) / total + z2n / (4.0 * total))
    # The exact limits at 0 and at total are 0 and 1; floating point may miss by 1e-17.
    lower = 0.0 if events == 0 else max(0.0, centre - half)
    upper = 1.0 if events == total else min(1.0, centre + half)
    return Rate(events, total, p, lower, upper)


def is_suppressed(count: int, min_count: int = MIN_CELL_COUNT) -> bool:
    """True for a count of 1 .. min_count-1 patients."""
    return 0 < count < min_count


def suppress_small_cells(
    rows: Sequence[Mapping[str, object]],
    count_fields: Sequence[str],
    derived_fields: Mapping[str, Sequence[str]] | None = None,
    min_count: int = MIN_CELL_COUNT,
) -> list[dict[str, object]]:
    """Copies of ``rows`` with small counts replaced by None.

    ``derived_fields`` maps a field computed from counts (a rate, its interval) to the count
    fields it depends on; it is blanked too when any of them is suppressed, so a small
    number cannot be recovered from the rate. Complementary suppression (a hidden cell
    recoverable from a row total) is not attempted: export totals only when safe.
    """
    derived = derived_fields or {}
    cleaned: list[dict[str, object]] = []
    for row in rows:
        out = dict(row)
        hidden = set()
        for field in count_fields:
            value = row.get(field)
            if isinstance(value, int) and is_suppressed(value, min_count):
                out[field] = None
                hidden.add(field)
        for field, sources in derived.items():
            if hidden.intersection(sources):
                out[field] = None
        cleaned.append(out)
    return cleaned
