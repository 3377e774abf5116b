"""Bed occupancy arithmetic: pure, no Django.

A patient takes a bed from the day of admission (or of surgery) for ``los`` days, that day
included, as in the theatre contract (shared/contracts/theatre.md). A patient already in
whose expected stay has run out is still in a bed today: they are counted until discharged,
so at least on the first day of the forecast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Day:
    date: dt.date
    inpatients: int
    planned: int
    capacity: int

    @property
    def occupied(self) -> int:
        return self.inpatients + self.planned

    @property
    def over(self) -> bool:
        return self.occupied > self.capacity


def days_of(start: dt.date, los: int) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range(max(los, 1))]


def occupancy(today: dt.date, horizon: int, capacity: int,
              inpatients: Iterable[tuple[dt.date, int]],
              planned: Iterable[tuple[dt.date, int]]) -> list[Day]:
    """``inpatients``: (admitted on, expected stay); ``planned``: (surgery day, stay)."""
    window = [today + dt.timedelta(days=i) for i in range(horizon)]
    current = dict.fromkeys(window, 0)
    future = dict.fromkeys(window, 0)
    for admitted, los in inpatients:
        stay = set(days_of(admitted, los)) | {today}
        for day in stay:
            if day in current:
                current[day] += 1
    for surgery, los in planned:
        for day in days_of(surgery, los):
            if day in future:
                future[day] += 1
    return [Day(d, current[d], future[d], capacity) for d in window]
