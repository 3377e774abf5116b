"""The department's measures, per week and per surgeon, from sessions and on-the-day records:
utilisation (operated minutes / session minutes), on-time starts (the first case of a
session starting within ON_TIME_MIN minutes of the session's start, a local convention),
overruns (the last case ending after the session's end), cancellations by reason, median
wait by priority (listing to operation), breaches (operated after the target date) and the
median length of stay."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from tumorboard.capacity import vocabulary as v
from tumorboard.capacity.models import Admission, DayRecord, TheatreSession
from tumorboard.network.models import Department

ON_TIME_MIN = 15


@dataclass
class Figures:
    session_minutes: int = 0
    operated_minutes: int = 0
    sessions: int = 0
    on_time: int = 0
    overruns: int = 0
    operated: int = 0
    breaches: int = 0
    cancelled: Counter[str] = field(default_factory=Counter)
    waits: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    @property
    def utilisation(self) -> int | None:
        return round(100 * self.operated_minutes / self.session_minutes) \
            if self.session_minutes else None

    def median_wait(self, priority: str) -> float | None:
        values = self.waits.get(priority)
        return statistics.median(values) if values else None


def _m(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def compute(department: Department, first: dt.date, last: dt.date) -> tuple[
        dict[dt.date, Figures], dict[int, Figures]]:
    """Figures per week (Monday) and per surgeon (user id) for sessions in [first, last]."""
    weeks: dict[dt.date, Figures] = defaultdict(Figures)
    surgeons: dict[int, Figures] = defaultdict(Figures)
    records = list(DayRecord.objects.filter(department=department, date__range=(first, last))
                   .select_related("planned__session", "planned__entry"))
    by_session: dict[int, list[DayRecord]] = defaultdict(list)
    for record in records:
        by_session[record.planned.session_id].append(record)
    for session in TheatreSession.objects.filter(department=department,
                                                 date__range=(first, last)):
        monday = session.date - dt.timedelta(days=session.date.weekday())
        for figures in (weeks[monday], surgeons[session.surgeon_id]):
            _add_session(figures, session, by_session.get(session.pk, []))
    return dict(sorted(weeks.items())), dict(surgeons)


def _add_session(figures: Figures, session: TheatreSession, records: list[DayRecord]) -> None:
    figures.sessions += 1
    figures.session_minutes += session.minutes
    done = sorted((r for r in records if r.outcome == v.OPERATED and r.minutes is not None),
                  key=lambda r: _m(r.actual_start))  # type: ignore[arg-type]
    for record in records:
        if record.outcome == v.CANCELLED:
            figures.cancelled[record.cancel_reason] += 1
    for record in done:
        figures.operated += 1
        figures.operated_minutes += record.minutes or 0
        entry = record.planned.entry
        figures.waits[entry.priority].append((record.date - entry.listed_on).days)
        figures.breaches += record.date > entry.target_date
    if done:
        figures.on_time += _m(done[0].actual_start) <= _m(session.start) + ON_TIME_MIN  # type: ignore[arg-type]
        figures.overruns += _m(done[-1].actual_end) > _m(session.end)  # type: ignore[arg-type]


def median_stay(department: Department, first: dt.date, last: dt.date) -> float | None:
    stays = [(a.discharged_on - a.admitted_on).days for a in Admission.objects.filter(
        department=department, discharged_on__range=(first, last)) if a.discharged_on]
    return statistics.median(stays) if stays else None
