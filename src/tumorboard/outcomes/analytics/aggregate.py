"""Sufficient statistics a site sends its network's hub (``tumorboard-aggregate/1``).

A site reduces its rows ``(group, time, event)`` to, per group, the number of events and of
censorings at each distinct time (times optionally rounded *up* to a multiple of
``round_to`` first, e.g. 7 or 30 days, so that no exact date leaves the site). Kaplan-Meier,
Greenwood's variance, the medians and the log-rank test are functions of exactly these
counts (docs/network-federation.md shows why), so the hub's pooled figures equal those of
the union of the sites' rows at the same time granularity. Optional ``indicators`` carry
numerator/denominator pairs (e.g. sphincter preserved / operated).

``validate_aggregate`` accepts only the keys below: any other key (a patient identifier, a
birth date, a per-patient list) is refused, naming it, so nothing patient-level is stored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from tumorboard.outcomes.analytics.counts import (
    TimeCounts,
    group_sort_key,
    time_counts_from_aggregates,
    time_counts_from_rows,
)
from tumorboard.outcomes.analytics.csv_input import InputError
from tumorboard.outcomes.analytics.report import JsonObject, survival_report_from_counts

FORMAT = "tumorboard-aggregate/1"
DOCUMENT_KEYS = frozenset({"format", "site", "by", "round_to", "groups", "indicators"})
GROUP_KEYS = frozenset({"group", "times"})
INDICATOR_KEYS = frozenset({"indicator", "numerator", "denominator"})
Row = tuple[str | None, float, int]


def rounded_up(time: float, round_to: float | None) -> float:
    """``time`` rounded up to a multiple of ``round_to`` (unchanged without it)."""
    if round_to is None:
        return float(time)
    return float(math.ceil(time / round_to) * round_to)


def site_aggregate(
    rows: Iterable[Row],
    site: str,
    round_to: float | None = None,
    by: str | None = None,
    indicators: Sequence[tuple[str, int, int]] = (),
) -> JsonObject:
    """Counts per group and distinct (rounded) time; ``by`` names the group column."""
    if round_to is not None and not (math.isfinite(round_to) and round_to > 0):
        raise InputError("round-to must be a positive number", "round-to")
    buckets: dict[str | None, tuple[list[float], list[int]]] = {}
    for group, time, event in rows:
        times, events = buckets.setdefault(group, ([], []))
        times.append(rounded_up(time, round_to))
        events.append(event)
    if not buckets:
        raise InputError("no rows to aggregate", "input")
    groups = []
    for label in sorted(buckets, key=group_sort_key):
        counts = time_counts_from_rows(*buckets[label])
        groups.append({"group": label, "times": _triples(counts)})
    document: JsonObject = {
        "format": FORMAT,
        "site": site,
        "by": by,
        "round_to": round_to,
        "groups": groups,
    }
    if indicators:
        document["indicators"] = [
            {"indicator": name, "numerator": numerator, "denominator": denominator}
            for name, numerator, denominator in indicators
        ]
    return validate_aggregate(document)


def _triples(counts: TimeCounts) -> list[list[float | int]]:
    return [
        [float(t), int(e), int(c)]
        for t, e, c in zip(counts.time, counts.events, counts.censored, strict=True)
    ]


def _refuse_unknown(keys: Iterable[str], allowed: frozenset[str], where: str) -> None:
    for key in keys:
        if key not in allowed:
            raise InputError(
                f"{where}: field {key!r} is not part of {FORMAT} (no patient-level data is "
                "accepted)",
                str(key),
            )


def _count(value: Any, field: str, where: str) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value != int(value)
    ):
        raise InputError(f"{where}: {field} {value!r} is not a whole number", field)
    if value < 0:
        raise InputError(f"{where}: {field} {value!r} is negative", field)
    return int(value)


def times_table(times: Any, where: str) -> npt.NDArray[np.float64]:
    """The ``[[time, events, censored], ...]`` list as an (n, 3) array, checked (vectorised:
    a hub pools hundreds of sites)."""
    if not isinstance(times, list) or any(
        not isinstance(entry, list) or len(entry) != 3 for entry in times
    ):
        raise InputError(f"{where}: times must be a list of [time, events, censored]", "times")
    if any(isinstance(value, bool) or value is None for entry in times for value in entry):
        raise InputError(f"{where}: times hold numbers only", "times")
    try:
        table = np.array(times, dtype=np.float64).reshape(-1, 3)
    except (TypeError, ValueError):
        raise InputError(f"{where}: times hold numbers only", "times") from None
    time, events, censored = table.T
    if not np.all(np.isfinite(table)):
        raise InputError(f"{where}: times and counts must be finite numbers", "time")
    if np.any(time < 0) or np.any(np.diff(time) <= 0):
        raise InputError(f"{where}: times must be non-negative and increasing", "time")
    for field, counts in (("events", events), ("censored", censored)):
        if np.any(counts < 0) or np.any(counts != np.floor(counts)):
            raise InputError(f"{where}: {field} must be whole numbers >= 0", field)
    if np.any(events + censored == 0):
        raise InputError(f"{where}: a time has no events and no censorings", "times")
    return table


def _validate_group(group: Any, position: int) -> None:
    where = f"group {position}"
    if not isinstance(group, dict):
        raise InputError(f"{where} is not an object", "groups")
    _refuse_unknown(group, GROUP_KEYS, where)
    for key in ("group", "times"):
        if key not in group:
            raise InputError(f"{where} needs {key!r}", key)
    if group["group"] is not None and not isinstance(group["group"], str):
        raise InputError(f"{where}: the group label must be text or null", "group")
    times_table(group["times"], where)


def _validate_indicator(indicator: Any, position: int) -> None:
    where = f"indicator {position}"
    if not isinstance(indicator, dict):
        raise InputError(f"{where} is not an object", "indicators")
    _refuse_unknown(indicator, INDICATOR_KEYS, where)
    if not isinstance(indicator.get("indicator"), str) or not indicator["indicator"]:
        raise InputError(f"{where} needs a name", "indicator")
    numerator = _count(indicator.get("numerator"), "numerator", where)
    if numerator > _count(indicator.get("denominator"), "denominator", where):
        raise InputError(f"{where}: numerator exceeds denominator", "numerator")


def validate_aggregate(document: Any) -> JsonObject:
    """The document itself if it is a well-formed aggregate; InputError naming the field."""
    if not isinstance(document, dict):
        raise InputError("an aggregate is a JSON object", "format")
    if document.get("format") != FORMAT:
        raise InputError(f"format {document.get('format')!r} is not {FORMAT}", "format")
    _refuse_unknown(document, DOCUMENT_KEYS, "aggregate")
    if not isinstance(document.get("site"), str) or not document["site"]:
        raise InputError("the aggregate names no site", "site")
    by = document.get("by")
    if by is not None and not isinstance(by, str):
        raise InputError("by must name the group column or be null", "by")
    round_to = document.get("round_to")
    if round_to is not None and (
        isinstance(round_to, bool) or not isinstance(round_to, (int, float)) or not round_to > 0
    ):
        raise InputError("round_to must be a positive number or null", "round_to")
    groups = document.get("groups")
    if not isinstance(groups, list) or not groups:
        raise InputError("groups must be a non-empty list", "groups")
    for position, group in enumerate(groups, start=1):
        _validate_group(group, position)
    labels = [group["group"] for group in groups]
    if len(set(labels)) != len(labels):
        raise InputError("a group appears twice", "group")
    if (by is None) != (labels == [None]):
        raise InputError("groups must be labelled exactly when 'by' names a column", "group")
    indicators = document.get("indicators", [])
    if not isinstance(indicators, list):
        raise InputError("indicators must be a list", "indicators")
    for position, indicator in enumerate(indicators, start=1):
        _validate_indicator(indicator, position)
    return document


def _consistent(documents: Sequence[Any]) -> list[JsonObject]:
    checked = [validate_aggregate(document) for document in documents]
    if not checked:
        raise InputError("no aggregates to pool", "aggregates")
    sites = [document["site"] for document in checked]
    if len(set(sites)) != len(sites):
        repeated = sorted({site for site in sites if sites.count(site) > 1})
        raise InputError(
            f"site {repeated[0]} appears twice (its patients would count twice)", "site"
        )
    for field in ("by", "round_to"):
        values = {document.get(field) for document in checked}
        if len(values) > 1:
            raise InputError(f"the aggregates differ in {field}: {sorted(map(str, values))}", field)
    return checked


def pooled_counts(
    documents: Sequence[Any], by_site: bool = False
) -> list[tuple[str | None, TimeCounts]]:
    """Per pooled group (or per site) the summed counts at each distinct time."""
    tables: dict[str | None, list[npt.NDArray[np.float64]]] = {}
    for document in _consistent(documents):
        for group in document["groups"]:
            label = document["site"] if by_site else group["group"]
            table = np.array(group["times"], dtype=np.float64).reshape(-1, 3)
            tables.setdefault(label, []).append(table)
    return [
        (label, time_counts_from_aggregates(np.vstack(tables[label])))
        for label in sorted(tables, key=group_sort_key)
    ]


def pool_aggregates(
    documents: Sequence[Any],
    by_site: bool = False,
    at: Sequence[float] = (),
    ci: str = "log-log",
) -> JsonObject:
    """``analyze survival``'s report on the pooled counts (or comparing sites)."""
    return survival_report_from_counts(pooled_counts(documents, by_site), at, ci)


def pooled_indicators(documents: Sequence[Any]) -> dict[str, tuple[int, int]]:
    """Numerator and denominator of each indicator summed over the sites."""
    totals: dict[str, list[int]] = {}
    for document in _consistent(documents):
        for entry in document.get("indicators", []):
            pair = totals.setdefault(entry["indicator"], [0, 0])
            pair[0] += int(entry["numerator"])
            pair[1] += int(entry["denominator"])
    return {name: (pair[0], pair[1]) for name, pair in sorted(totals.items())}
