"""Plan a week: the baseline, then the CP-SAT levels from it, then an independent check.

The answer is never worse than the baseline of the same run on each level in turn, and it is
always valid: if the model's plan fails the check (a defect must never reach a theatre) or
loses to the baseline, the baseline is returned.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from .check import check_lists
from .instance import Instance, parse_instance
from .model import WeekModel
from .plan import better_or_equal, fill, first_come_first_served, objective, render

DEFAULT_TIME_LIMIT = 10.0
BASELINE = "first come first served"
# CP-SAT may overrun its limit a little (presolve, model building); keep some in reserve
RESERVE = 0.1

Fixed = Mapping[str, tuple[str, str]]


def solve(data: Any, *, time_limit: float = DEFAULT_TIME_LIMIT, fixed: Fixed | None = None,
          workers: int = 2) -> dict[str, Any]:
    """The best lists found within `time_limit` seconds; pinned cases (`fixed`: case id ->
    (session id, "HH:MM")) stay where they are."""
    began = time.perf_counter()
    instance = parse_instance(data, fixed)
    return plan(instance, began + (1 - RESERVE) * time_limit, workers)


def baseline(data: Any, *, fixed: Fixed | None = None) -> dict[str, Any]:
    """The contract's first-come first-served lists."""
    instance = parse_instance(data, fixed)
    return render(instance, first_come_first_served(instance), {"method": BASELINE,
                                                                "optimal": False})


def plan(instance: Instance, deadline: float, workers: int = 2) -> dict[str, Any]:
    base = first_come_first_served(instance)
    fallback = render(instance, base, {"method": BASELINE, "optimal": False})
    model = WeekModel(instance, workers)
    if not model.x:  # nothing left to decide: the baseline is the only plan
        fallback["planner"] = {"method": BASELINE, "optimal": True}
        return fallback
    result = model.solve(base, deadline)
    # after a time-out a case may still fit somewhere: adding it only raises level 1
    placed = fill(instance, result.placed)
    if not better_or_equal(objective(instance, placed), objective(instance, base)):
        return fallback
    answer = render(instance, placed, {"method": "cp-sat", "optimal": all(result.proved)})
    if check_lists(instance, answer):
        return fallback
    return answer
