"""How a board spent its time (NHS England, "Streamlining MDT meetings", 2020): pure, no
Django. Standard-of-care cases are ratified in bulk without discussion; full discussions
are timed per case."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def time_use(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """rows: {"triage": "standard_of_care"|"full_discussion"|"", "seconds": int|None}.
    Minutes are totals of the recorded times; `untimed` counts discussed cases without one."""
    counts = {"standard_of_care": 0, "full_discussion": 0, "untriaged": 0}
    seconds = {"standard_of_care": 0, "full_discussion": 0, "untriaged": 0}
    timed = untimed = 0
    for row in rows:
        kind = row.get("triage") or "untriaged"
        kind = kind if kind in counts else "untriaged"
        counts[kind] += 1
        value = row.get("seconds")
        if value is None:
            untimed += kind != "standard_of_care"
            continue
        seconds[kind] += int(value)
        timed += kind != "standard_of_care"
    discussed = seconds["full_discussion"] + seconds["untriaged"]
    return {
        "cases": sum(counts.values()), "counts": counts,
        "minutes": {k: round(v / 60, 1) for k, v in seconds.items()},
        "mean_minutes_per_discussed_case": round(discussed / 60 / timed, 1) if timed else None,
        "untimed": untimed,
        "share_standard_of_care": round(counts["standard_of_care"] / sum(counts.values()), 4)
        if sum(counts.values()) else None,
    }
