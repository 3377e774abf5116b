"""A plan (case -> session and start), its objective, the first-come first-served planner
and the lists JSON of the contract."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from .instance import Case, Instance, Session, format_time
from .pins import pinned, stay_days
from .reasons import unscheduled_reason

Placed = dict[str, tuple[str, int]]  # case id -> (session id, start minute)
Objective = tuple[int, int, int]  # (weighted, breaches, booked minutes)


def fcfs_order(cases: Iterable[Case]) -> list[Case]:
    """By priority class, then the longest wait first (ties: input order)."""
    return sorted(cases, key=lambda c: (c.priority, -c.waiting_days))


def session_order(instance: Instance) -> list[Session]:
    return sorted(instance.sessions, key=lambda s: (s.date, s.start, s.id))


def pinned_plan(instance: Instance) -> Placed:
    return {c.id: (c.fixed.session, c.fixed.start) for c in pinned(instance) if c.fixed}


def admitted(instance: Instance, placed: Mapping[str, tuple[str, int]]) -> dict[date, int]:
    """Patients of the plan in a bed, per day."""
    sessions = {s.id: s for s in instance.sessions}
    count: dict[date, int] = defaultdict(int)
    for case in instance.cases:
        if case.id in placed:
            for day in stay_days(case, sessions[placed[case.id][0]].date):
                count[day] += 1
    return count


def busy_by_session(instance: Instance,
                    placed: Mapping[str, tuple[str, int]]) -> dict[str, list[tuple[int, int]]]:
    busy: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for cid, (sid, start) in placed.items():
        busy[sid].append((start, start + instance.case(cid).duration))
    return busy


def free_stretches(instance: Instance, session: Session,
                   busy: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out, left, turnover = [], session.start, instance.turnover
    for start, end in sorted(busy):
        if start - turnover > left:
            out.append((left, start - turnover))
        left = end + turnover
    if session.end > left:
        out.append((left, session.end))
    return out


def beds_allow(instance: Instance, case: Case, day: date, beds: Mapping[date, int]) -> bool:
    return all(beds.get(d, 0) < instance.free_beds(d) for d in stay_days(case, day))


def fill(instance: Instance, placed: Placed) -> Placed:
    """Each unplaced case, first come first served, into the first gap of the earliest
    session of its surgeon where it fits in time and beds (placed cases stay put)."""
    placed = dict(placed)
    beds = admitted(instance, placed)
    busy = busy_by_session(instance, placed)
    sessions = session_order(instance)
    for case in fcfs_order(c for c in instance.cases if c.id not in placed):
        for session in sessions:
            if not _eligible(case, session) or not beds_allow(instance, case, session.date, beds):
                continue
            start = next((a for a, b in free_stretches(instance, session, busy[session.id])
                          if b - a >= case.duration), None)
            if start is not None:
                placed[case.id] = (session.id, start)
                busy[session.id].append((start, start + case.duration))
                for day in stay_days(case, session.date):
                    beds[day] += 1
                break
    return placed


def _eligible(case: Case, session: Session) -> bool:
    return session.surgeon == case.surgeon and (
        case.earliest is None or session.date >= case.earliest)


def first_come_first_served(instance: Instance) -> Placed:
    """The contract's baseline: pinned cases stay, the rest in FCFS order."""
    return fill(instance, pinned_plan(instance))


def objective(instance: Instance, placed: Mapping[str, tuple[str, int]]) -> Objective:
    sessions = {s.id: s for s in instance.sessions}
    weighted = breaches = minutes = 0
    for case in instance.cases:
        if case.id in placed:
            weighted += case.weight
            minutes += case.duration
            breaches += instance.breaches_on(case, sessions[placed[case.id][0]].date)
        else:
            breaches += instance.breaches_on(case, instance.last_date)
    return weighted, breaches, minutes


def better_or_equal(a: Objective, b: Objective) -> bool:
    """Lexicographic: more weighted, then fewer breaches, then more minutes."""
    return (-a[0], a[1], -a[2]) <= (-b[0], b[1], -b[2])


def render(instance: Instance, placed: Placed, planner: Mapping[str, Any]) -> dict[str, Any]:
    """The lists JSON of the contract (plus `planner`: how it was made)."""
    lists = []
    for session in session_order(instance):
        booked = sorted((start, cid) for cid, (sid, start) in placed.items() if sid == session.id)
        lists.append({"session": session.id, "cases": [
            {"id": cid, "start": format_time(start),
             "end": format_time(start + instance.case(cid).duration)} for start, cid in booked]})
    beds, busy = admitted(instance, placed), busy_by_session(instance, placed)
    free = {s.id: free_stretches(instance, s, busy[s.id]) for s in instance.sessions}
    unscheduled = []
    for case in instance.cases:
        if case.id not in placed:
            msgid, params = unscheduled_reason(instance, free, case, beds)
            unscheduled.append({"id": case.id, "reason": msgid % params,
                                "msgid": msgid, "params": params})
    return {"lists": lists, "unscheduled": unscheduled,
            "summary": summary(instance, placed), "planner": dict(planner)}


def summary(instance: Instance, placed: Placed) -> dict[str, Any]:
    weighted, breaches, minutes = objective(instance, placed)
    available = sum(s.end - s.start for s in instance.sessions)
    return {"booked": len(placed), "weighted": weighted, "booked_minutes": minutes,
            "utilisation": round(minutes / available, 3) if available else 0.0,
            "breaches": breaches}
