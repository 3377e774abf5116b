"""The counts every registry figure is fitted on, from one of two equivalent sources.

- ``from_tallies``: the pre-aggregated counts (tallies.py), a few thousand rows per pathway
  and site; used when only the pathway and the sites filter (the default dashboard).
- ``from_cases``: GROUP BY over the per-case summaries (CaseOutcome) with every filter
  (diagnosis years, surgeon, stage need the case-level rows).

Both give the same integers (tested), so the fitted figures are identical.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db.models import Count, Q, QuerySet, Sum

from tumorboard.outcomes import tallies
from tumorboard.outcomes.models import CaseOutcome

CCI_BINS: tuple[tuple[str, Q], ...] = (  # the same bins as tallies.CCI_BIN_SQL
    ("0", Q(index_cci=0)),
    ("0.1-20.9", Q(index_cci__gt=0, index_cci__lt=21)),
    ("21-39.9", Q(index_cci__gte=21, index_cci__lt=40)),
    ("40-59.9", Q(index_cci__gte=40, index_cci__lt=60)),
    ("60-99.9", Q(index_cci__gte=60, index_cci__lt=100)),
    ("100", Q(index_cci__gte=100)),
)
SURVIVAL_FIELDS = {"os": ("os_days", "os_event"), "dfs": ("dfs_days", "dfs_event")}
Rows = npt.NDArray[np.float64]  # one row per cell: (time, events, censored) or (time, cause, n)
GroupedTimes = dict[str, Rows]  # treatment group -> its (time, events, censored) rows


@dataclass
class RegistryCounts:
    survival: dict[str, GroupedTimes]  # endpoint -> per treatment group
    incidence: Rows  # (time, cause 0/1/2, cases)
    sums: dict[str, Any]  # n, alive, lacking, <rate>__events/__total, bin<i>, names, cutoff


def _array(rows: list[tuple[int, int, int]]) -> Rows:
    return np.array(rows, dtype=np.float64).reshape(-1, 3)


def from_cases(rows: QuerySet[CaseOutcome], rate_names: Sequence[str],
               cutoff: dt.date) -> RegistryCounts:
    survival: dict[str, GroupedTimes] = {}
    for endpoint, (time_field, event_field) in SURVIVAL_FIELDS.items():
        grouped: dict[str, list[tuple[int, int, int]]] = {}
        cells = rows.values_list("treatment", time_field).annotate(
            events=Sum(event_field), n=Count("pk"))
        for group, time, events, n in cells:
            grouped.setdefault(group, []).append((time, events, n - events))
        survival[endpoint] = {g: _array(found) for g, found in grouped.items()}
    incidence = _array(list(rows.values_list("lr_days", "lr_cause").annotate(n=Count("pk"))))
    aggregates: dict[str, Any] = {
        "n": Count("pk"), "alive": Count("pk", filter=Q(dead=0)),
        "lacking": Count("pk", filter=Q(dead=0, last_known__lt=cutoff)),
        **{f"{n}__events": Sum(n) for n in rate_names},
        **{f"{n}__total": Count(n) for n in rate_names},
        **{f"bin{i}": Count("pk", filter=q) for i, (_, q) in enumerate(CCI_BINS)},
    }
    sums = {"names": list(rate_names), "cutoff": cutoff, **rows.aggregate(**aggregates)}
    return RegistryCounts(survival, incidence, sums)


def from_tallies(pathway: str, site_ids: Collection[int], rate_names: Sequence[str],
                 cutoff: dt.date) -> RegistryCounts:
    rows = tallies.time_counts(pathway, site_ids)
    groups = np.array([row[0] for row in rows], dtype=object)
    cells = np.array([row[1:] for row in rows], dtype=np.int64).reshape(-1, 1 + len(
        tallies.TIME_COUNTS))
    column = {name: cells[:, 1 + i] for i, name in enumerate(tallies.TIME_COUNTS)}
    days = cells[:, 0].astype(np.float64)
    survival: dict[str, GroupedTimes] = {}
    for endpoint, (events, censored) in tallies.ENDPOINT_COLUMNS.items():
        counted = (column[events] + column[censored]) > 0  # a day may count for another endpoint
        table = np.column_stack([days, column[events], column[censored]])[counted]
        labels = groups[counted]
        survival[endpoint] = {str(g): table[labels == g] for g in sorted(set(labels.tolist()))}
    incidence = np.concatenate([np.column_stack([days, np.full(days.size, cause), column[name]])
                                for cause, name in ((0, "lr_censored"), (1, "lr_local"),
                                                    (2, "lr_death"))])
    found = tallies.totals(pathway, site_ids, cutoff)
    sums: dict[str, Any] = {"names": list(rate_names), "cutoff": cutoff, "n": found["n"],
                            "alive": found["alive"], "lacking": found["lacking"]}
    for name in rate_names:
        sums[f"{name}__events"] = found[f"{name}_events"]
        sums[f"{name}__total"] = found[f"{name}_total"]
    for i in range(len(CCI_BINS)):
        sums[f"bin{i}"] = found[f"cci_{i}"]
    return RegistryCounts(survival, incidence[incidence[:, 2] > 0], sums)
