"""Per-distinct-time counts: the aggregate every estimator in this package fits on.

The registry can compute these with one SQL ``GROUP BY group, time[, cause]`` and hand
the rows to :func:`time_counts_from_aggregates` / :func:`competing_counts_from_aggregates`;
the CLI and the tests build them from row arrays. Both paths give identical arrays, so a
fit on the aggregate equals the fit on the rows exactly.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class TimeCounts:
    """Events and censorings at each distinct time of one group (times ascending)."""

    time: FloatArray
    events: IntArray
    censored: IntArray

    @property
    def n(self) -> int:
        return int(self.events.sum() + self.censored.sum())

    @property
    def total_events(self) -> int:
        return int(self.events.sum())

    def at_risk(self) -> IntArray:
        """Number still under observation just before each distinct time."""
        removed = np.cumsum(self.events + self.censored)
        return np.asarray(self.n - np.concatenate(([0], removed[:-1])), dtype=np.int64)


@dataclass(frozen=True)
class CompetingCounts:
    """Events per cause (columns, labelled by ``causes``) and censorings per distinct time."""

    time: FloatArray
    events: IntArray  # shape (n_times, n_causes)
    censored: IntArray
    causes: tuple[int, ...]

    @property
    def n(self) -> int:
        return int(self.events.sum() + self.censored.sum())

    def all_cause(self) -> TimeCounts:
        return TimeCounts(self.time, self.events.sum(axis=1), self.censored)


def _validated(time: npt.ArrayLike, code: npt.ArrayLike) -> tuple[FloatArray, IntArray]:
    times = np.asarray(time, dtype=np.float64)
    codes = np.asarray(code)
    if times.shape != codes.shape or times.ndim != 1:
        raise ValueError("time and event must be one-dimensional arrays of equal length")
    if not np.all(np.isfinite(times)) or np.any(times < 0):
        raise ValueError("times must be finite and non-negative")
    if codes.size and not np.array_equal(codes, np.round(codes)):
        raise ValueError("event codes must be integers")
    ints = codes.astype(np.int64)
    if np.any(ints < 0):
        raise ValueError("event codes must be non-negative")
    return times, ints


def time_counts_from_rows(time: npt.ArrayLike, event: npt.ArrayLike) -> TimeCounts:
    """Aggregate one row per patient (event 1 = event, 0 = censored)."""
    times, events = _validated(time, event)
    if np.any(events > 1):
        raise ValueError("survival event codes must be 0 or 1")
    distinct, index = np.unique(times, return_inverse=True)
    n_events = np.bincount(index, weights=events, minlength=distinct.size)
    n_total = np.bincount(index, minlength=distinct.size)
    return TimeCounts(distinct, n_events.astype(np.int64), (n_total - n_events).astype(np.int64))


def time_counts_from_aggregates(rows: Iterable[tuple[float, int, int]]) -> TimeCounts:
    """Merge ``(time, events, censored)`` rows, e.g. from SQL, in any order, repeats allowed."""
    source = rows if isinstance(rows, np.ndarray) else list(rows)
    table = np.array(source, dtype=np.float64).reshape(-1, 3)
    if np.any(table[:, 1:] < 0) or np.any(table[:, 0] < 0):
        raise ValueError("times and counts must be non-negative")
    distinct, index = np.unique(table[:, 0], return_inverse=True)
    events = np.bincount(index, weights=table[:, 1], minlength=distinct.size)
    censored = np.bincount(index, weights=table[:, 2], minlength=distinct.size)
    return TimeCounts(distinct, events.astype(np.int64), censored.astype(np.int64))


def competing_counts_from_rows(
    time: npt.ArrayLike, event: npt.ArrayLike, causes: Sequence[int] | None = None
) -> CompetingCounts:
    """Aggregate one row per patient (event 0 = censored, 1, 2, ... = cause)."""
    times, codes = _validated(time, event)
    cause_list = tuple(sorted(set(codes[codes > 0].tolist()))) if causes is None else tuple(causes)
    distinct, index = np.unique(times, return_inverse=True)
    events = np.zeros((distinct.size, len(cause_list)), dtype=np.int64)
    for column, cause in enumerate(cause_list):
        events[:, column] = np.bincount(index[codes == cause], minlength=distinct.size)
    censored = np.bincount(index[codes == 0], minlength=distinct.size).astype(np.int64)
    return CompetingCounts(distinct, events, censored, cause_list)


def competing_counts_from_aggregates(
    rows: Iterable[tuple[float, int, int]], causes: Sequence[int] | None = None
) -> CompetingCounts:
    """Merge ``(time, cause, count)`` rows (cause 0 = censored) in any order."""
    table = np.array(list(rows), dtype=np.float64).reshape(-1, 3)
    codes = table[:, 1].astype(np.int64)
    weights = table[:, 2]
    if np.any(weights < 0) or np.any(codes < 0) or np.any(table[:, 0] < 0):
        raise ValueError("times, causes and counts must be non-negative")
    cause_list = tuple(sorted(set(codes[codes > 0].tolist()))) if causes is None else tuple(causes)
    distinct, index = np.unique(table[:, 0], return_inverse=True)
    events = np.zeros((distinct.size, len(cause_list)), dtype=np.int64)
    for column, cause in enumerate(cause_list):
        chosen = codes == cause
        events[:, column] = np.bincount(index[chosen], weights[chosen], minlength=distinct.size)
    chosen = codes == 0
    censored = np.bincount(index[chosen], weights[chosen], minlength=distinct.size)
    return CompetingCounts(distinct, events, censored.astype(np.int64), cause_list)


def split_by_group(
    groups: Sequence[Hashable] | npt.ArrayLike,
) -> list[tuple[Hashable, npt.NDArray[np.intp]]]:
    """Row indices of each group, groups in sorted order (numeric-aware for labels)."""
    labels = np.asarray(groups, dtype=object)
    buckets: dict[Hashable, list[int]] = {}
    for position, label in enumerate(labels.tolist()):
        buckets.setdefault(label, []).append(position)
    return [
        (label, np.asarray(buckets[label], dtype=np.intp))
        for label in sorted(buckets, key=group_sort_key)
    ]


def group_sort_key(label: Hashable) -> tuple[int, float, str]:
    """Numbers first in numeric order ("2" before "10"), then text in code-point order."""
    text = str(label)
    try:
        value = float(text)
    except ValueError:
        return (1, 0.0, text)
    return (0, value, text) if np.isfinite(value) else (1, 0.0, text)
