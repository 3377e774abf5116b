"""Cases pinned in place by the coordinator, and the free gaps they leave in each session.

A gap ("bin") is where unpinned cases go, one after another with the turnover between them.
Packed from its left edge, n cases of durations d_i fit when
    sum(d_i) + (n - 1) * T <= right - left,  i.e.  sum(d_i + T) <= right - left + T,
a knapsack constraint, so the planners need no start-time variables: the start times follow
from the order of the cases in the gap.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from .instance import Case, Instance, InstanceError, Session, format_time


@dataclass(frozen=True)
class Bin:
    session: Session
    left: int  # earliest start of the first case in the gap
    right: int  # latest end of the last case in the gap
    room: int  # right - left + turnover: room for the sum of (duration + turnover)


def stay_days(case: Case, surgery: date) -> list[date]:
    """The days a patient takes a bed: the surgery day and the next los_days - 1."""
    return [surgery + timedelta(days=k) for k in range(case.los_days)]


def pinned(instance: Instance) -> list[Case]:
    return [c for c in instance.cases if c.fixed is not None]


def bins(instance: Instance) -> list[Bin]:
    """The gaps left free in every session, in date, time and session order."""
    by_session: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for case in pinned(instance):
        assert case.fixed is not None
        by_session[case.fixed.session].append((case.fixed.start, case.fixed.start + case.duration))
    turnover = instance.turnover
    out: list[Bin] = []
    for session in sorted(instance.sessions, key=lambda s: (s.date, s.start, s.id)):
        left = session.start
        for start, end in sorted(by_session[session.id]):
            if start - turnover > left:
                out.append(Bin(session, left, start - turnover, start - left))
            left = end + turnover
        if session.end > left:
            out.append(Bin(session, left, session.end, session.end - left + turnover))
    return out


def check_pins(instance: Instance) -> None:
    """Pinned cases must fit their session, their earliest date, each other and the beds."""
    sessions = {s.id: s for s in instance.sessions}
    in_session: dict[str, list[Case]] = defaultdict(list)
    admitted: dict[date, int] = defaultdict(int)
    for case in pinned(instance):
        assert case.fixed is not None
        session = sessions[case.fixed.session]
        _fits_session(case, session)
        in_session[session.id].append(case)
        for day in stay_days(case, session.date):
            admitted[day] += 1
            if admitted[day] > instance.free_beds(day):
                raise InstanceError(case.fixed.place,
                                    f"the pinned cases alone fill the beds on {day.isoformat()}")
    for cases in in_session.values():
        _no_overlap(sorted(cases, key=lambda c: c.fixed.start if c.fixed else 0), instance)


def _fits_session(case: Case, session: Session) -> None:
    assert case.fixed is not None
    start = case.fixed.start
    if start < session.start or start + case.duration > session.end:
        raise InstanceError(
            f"{case.fixed.place}.start",
            f"{case.duration} minutes from {format_time(start)} do not fit session "
            f"{session.id} ({format_time(session.start)}-{format_time(session.end)})")
    if case.earliest is not None and session.date < case.earliest:
        raise InstanceError(f"{case.fixed.place}.session",
                            f"session {session.id} is before the case's earliest date "
                            f"{case.earliest.isoformat()}")


def _no_overlap(cases: list[Case], instance: Instance) -> None:
    for before, after in pairwise(cases):
        assert before.fixed is not None and after.fixed is not None
        if after.fixed.start < before.fixed.start + before.duration + instance.turnover:
            raise InstanceError(f"{after.fixed.place}.start",
                                f"starts before {before.id} has ended and the "
                                f"{instance.turnover}-minute turnover is over")
