"""The operating-list optimiser of a department's week (no Django): see docs/theatre.md.

`tumorboard theatre` and the capacity app call it with the JSON of
shared/contracts/theatre.md and get the lists JSON back.
"""

from __future__ import annotations

from typing import Any

from .check import check_lists
from .instance import WEIGHTS, Case, Instance, InstanceError, Pin, Session, parse_instance
from .solve import DEFAULT_TIME_LIMIT, baseline, solve


def check(data: Any, lists: Any) -> list[str]:
    """Violations of `lists` on the instance `data`, one sentence each ([] when valid)."""
    return check_lists(parse_instance(data), lists)


__all__ = [
    "DEFAULT_TIME_LIMIT",
    "WEIGHTS",
    "Case",
    "Instance",
    "InstanceError",
    "Pin",
    "Session",
    "baseline",
    "check",
    "check_lists",
    "parse_instance",
    "solve",
]
