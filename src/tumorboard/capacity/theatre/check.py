"""An independent validator: every rule of shared/contracts/theatre.md, one sentence each.

It shares no logic with the planners (only the parsed instance), so a planner's bug is not
mirrored here: times, beds, breaches and the summary are recomputed from the lists.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from .instance import WEIGHTS, Instance, InstanceError, format_time, parse_time

UTILISATION_TOLERANCE = 0.006  # the summary may round utilisation to two decimals


@dataclass(frozen=True)
class Booking:
    case: str
    session: str
    start: int
    end: int


def check_lists(instance: Instance, lists: Any) -> list[str]:
    """The violations of `lists` (the contract's JSON) on `instance`; [] when valid.

    Raises InstanceError when `lists` is not even shaped like the contract's lists.
    """
    root = _object(lists, "$")
    bookings = _bookings(root.get("lists"))
    unscheduled = _unscheduled(root.get("unscheduled"))
    problems: list[str] = []
    problems += _coverage(instance, bookings, unscheduled)
    problems += _placement(instance, bookings)
    problems += _sequence(instance, bookings)
    problems += _beds(instance, bookings)
    problems += _summary(instance, bookings, root.get("summary"))
    return problems


# --- shape -----------------------------------------------------------------------------


def _object(value: Any, place: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InstanceError(place, "must be a JSON object")
    return value


def _array(value: Any, place: str) -> list[Any]:
    if not isinstance(value, list):
        raise InstanceError(place, "must be a JSON list")
    return value


def _id(raw: Mapping[str, Any], key: str, place: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise InstanceError(f"{place}.{key}", "must be a non-empty string")
    return value


def _bookings(value: Any) -> list[Booking]:
    out = []
    for i, item in enumerate(_array(value, "lists")):
        raw = _object(item, f"lists[{i}]")
        session = _id(raw, "session", f"lists[{i}]")
        for k, entry in enumerate(_array(raw.get("cases"), f"lists[{i}].cases")):
            place = f"lists[{i}].cases[{k}]"
            case = _object(entry, place)
            out.append(Booking(_id(case, "id", place), session,
                               parse_time(case.get("start"), f"{place}.start"),
                               parse_time(case.get("end"), f"{place}.end")))
    return out


def _unscheduled(value: Any) -> list[tuple[str, Any]]:
    out = []
    for i, item in enumerate(_array(value, "unscheduled")):
        raw = _object(item, f"unscheduled[{i}]")
        out.append((_id(raw, "id", f"unscheduled[{i}]"), raw.get("reason")))
    return out


# --- rules -----------------------------------------------------------------------------


def _coverage(instance: Instance, bookings: list[Booking],
              unscheduled: list[tuple[str, Any]]) -> list[str]:
    known = {c.id for c in instance.cases}
    counts = Counter([b.case for b in bookings] + [cid for cid, _ in unscheduled])
    problems = [f"case {cid} is not in the instance" for cid in counts if cid not in known]
    problems += [f"case {cid} appears {n} times (on the lists and in unscheduled together)"
                 for cid, n in counts.items() if n > 1 and cid in known]
    problems += [f"case {c.id} is neither on a list nor in unscheduled"
                 for c in instance.cases if c.id not in counts]
    problems += [f"case {cid} is unscheduled without a reason"
                 for cid, reason in unscheduled if not (isinstance(reason, str) and reason.strip())]
    return problems


def _placement(instance: Instance, bookings: list[Booking]) -> list[str]:
    sessions = {s.id: s for s in instance.sessions}
    cases = {c.id: c for c in instance.cases}
    problems = []
    for b in bookings:
        session, case = sessions.get(b.session), cases.get(b.case)
        if session is None:
            problems.append(f"case {b.case} is in session {b.session}, which is not in the "
                            "instance")
            continue
        if case is None:
            continue
        if case.surgeon != session.surgeon:
            problems.append(f"case {b.case} of surgeon {case.surgeon} is in session "
                            f"{session.id} of surgeon {session.surgeon}")
        if case.earliest is not None and session.date < case.earliest:
            problems.append(f"case {b.case} is on {session.date.isoformat()}, before its "
                            f"earliest date {case.earliest.isoformat()}")
        if b.end - b.start != case.duration:
            problems.append(f"case {b.case} runs {format_time(b.start)}-{format_time(b.end)} "
                            f"but takes {case.duration} minutes")
        if b.start < session.start:
            problems.append(f"case {b.case} starts at {format_time(b.start)}, before session "
                            f"{session.id} opens at {format_time(session.start)}")
        if b.end > session.end:
            problems.append(f"case {b.case} ends at {format_time(b.end)}, after session "
                            f"{session.id} closes at {format_time(session.end)}")
        pin = case.fixed
        if pin is not None and (pin.session, pin.start) != (b.session, b.start):
            problems.append(f"case {b.case} is pinned to session {pin.session} at "
                            f"{format_time(pin.start)} but is not there")
    return problems


def _sequence(instance: Instance, bookings: list[Booking]) -> list[str]:
    by_session: dict[str, list[Booking]] = defaultdict(list)
    for b in bookings:
        by_session[b.session].append(b)
    problems = []
    turnover = instance.turnover
    for items in by_session.values():
        items.sort(key=lambda b: (b.start, b.end))
        for before, after in pairwise(items):
            if after.start < before.end + turnover:
                problems.append(
                    f"case {after.case} starts at {format_time(after.start)}, less than "
                    f"{turnover} minutes after case {before.case} ends at "
                    f"{format_time(before.end)} in session {after.session}")
    return problems


def _surgery_days(instance: Instance, bookings: list[Booking]) -> dict[str, date]:
    sessions = {s.id: s.date for s in instance.sessions}
    return {b.case: sessions[b.session] for b in bookings if b.session in sessions}


def _beds(instance: Instance, bookings: list[Booking]) -> list[str]:
    cases = {c.id: c for c in instance.cases}
    admitted: Counter[date] = Counter()
    for cid, day in _surgery_days(instance, bookings).items():
        if cid in cases:
            for k in range(cases[cid].los_days):
                admitted[day + timedelta(days=k)] += 1
    problems = []
    for day in sorted(admitted):
        occupied = instance.occupied.get(day, 0)
        if occupied + admitted[day] > instance.capacity:
            problems.append(f"beds over capacity on {day.isoformat()}: {occupied} occupied + "
                            f"{admitted[day]} admitted > {instance.capacity}")
    return problems


def _summary(instance: Instance, bookings: list[Booking], value: Any) -> list[str]:
    if not isinstance(value, Mapping):
        return ["summary is missing"]
    expected = _figures(instance, bookings)
    problems = []
    for key, figure in expected.items():
        given = value.get(key)
        ok = isinstance(given, int | float) and not isinstance(given, bool) and (
            abs(given - figure) <= UTILISATION_TOLERANCE if key == "utilisation"
            else given == figure)
        if not ok:
            problems.append(f"summary.{key} is {given!r}, the lists give {figure}")
    return problems


def _figures(instance: Instance, bookings: list[Booking]) -> dict[str, float]:
    cases = {c.id: c for c in instance.cases}
    days = _surgery_days(instance, bookings)
    first = min((s.date for s in instance.sessions), default=None)
    last = max((s.date for s in instance.sessions), default=None)
    booked = {b.case for b in bookings if b.case in cases}
    breaches = 0
    for case in instance.cases:
        day = days.get(case.id) if case.id in booked else last
        waited = case.waiting_days + ((day - first).days if day and first else 0)
        breaches += waited > case.target_days
    minutes = sum(cases[cid].duration for cid in booked)
    available = sum(s.end - s.start for s in instance.sessions)
    return {"booked": len(booked), "weighted": sum(WEIGHTS[cases[c].priority] for c in booked),
            "booked_minutes": minutes, "utilisation": minutes / available if available else 0.0,
            "breaches": breaches}
