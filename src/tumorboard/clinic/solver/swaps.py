"""Cheap moves of single appointments that close a waiting patient's gaps.

- swap: two patients' appointments needing the same specialties for the same minutes
  trade places (times and clinicians). Every clinician keeps exactly the minutes she had,
  so only the two patients' own rules (arrival, `after`, one place at a time) need checking.
- shift: one appointment moves to a time next to another of her appointments where
  clinicians of its specialties are free.

Both keep the set of booked consults (the first objective) and are kept only if the two
patients (one for a shift) wait less in total, so the day's waiting drops with each move.
"""

from __future__ import annotations

import bisect
import itertools
import time
from collections.abc import Sequence

from .instance import Patient
from .local_search import Day
from .schedule import Appointment

NEVER = 10**9  # first start of no appointments (and minus it, their last end)


class Index:
    """Appointments by the specialties they need, sorted by start on demand (a move
    re-sorts only the specialties it touched)."""

    def __init__(self, day: Day) -> None:
        self.day = day
        self.by_kind: dict[tuple[str, ...], dict[tuple[str, str], Appointment]] = {}
        self.ordered: dict[tuple[str, ...], tuple[list[int], list[Appointment]]] = {}
        self.spans: dict[tuple[str, str], tuple[int, int, int, int]] = {}  # of _without
        for visit in day.visits.values():
            self.put(visit)

    def put(self, visit: Sequence[Appointment]) -> None:
        """Her appointments, replacing her old entries."""
        for a in visit:
            kind = _kind_of(self.day, a)
            self.by_kind.setdefault(kind, {})[(a.patient, a.consult)] = a
            self.ordered.pop(kind, None)
            self.spans.pop((a.patient, a.consult), None)
        for a in visit:
            # the others of her appointments changed too
            for b in self.day.visits[a.patient]:
                self.spans.pop((b.patient, b.consult), None)

    def span(self, b: Appointment) -> tuple[int, int, int, int]:
        key = (b.patient, b.consult)
        if key not in self.spans:
            self.spans[key] = _without(self.day.visits[b.patient], b)
        return self.spans[key]

    def starting(self, kind: tuple[str, ...], low: int, high: int) -> list[Appointment]:
        """Appointments of this kind starting in [low, high]."""
        if kind not in self.ordered:
            found = sorted(self.by_kind.get(kind, {}).values(), key=lambda a: a.start)
            self.ordered[kind] = ([a.start for a in found], found)
        starts, found = self.ordered[kind]
        return found[bisect.bisect_left(starts, low) : bisect.bisect_right(starts, high)]


def visit_ok(patient: Patient, visit: Sequence[Appointment]) -> bool:
    """Her own rules: not before arrival, one appointment at a time, `after` respected."""
    ends = {a.consult: a.end for a in visit}
    starts = {a.consult: a.start for a in visit}
    ordered = sorted(visit, key=lambda a: a.start)
    if ordered and ordered[0].start < patient.arrival:
        return False
    if any(b.start < a.end for a, b in itertools.pairwise(ordered)):
        return False
    for consult in patient.consults:
        if consult.id in starts:
            for before in consult.after:
                if before in ends and ends[before] > starts[consult.id]:
                    return False
    return True


def _wait(visit: Sequence[Appointment]) -> int:
    """One patient's idle minutes (patient_waits for one visit, without its dicts)."""
    if not visit:
        return 0
    first = min(a.start for a in visit)
    last = max(a.end for a in visit)
    return last - first - sum(a.end - a.start for a in visit)


def _replace(visit: list[Appointment], old: Appointment, new: Appointment) -> list[Appointment]:
    return [new if a is old else a for a in visit]


def swap_for(day: Day, patient: Patient, kind: Index) -> set[str]:
    """The best swap of one of her appointments with another patient's one of the same
    specialties: each takes the other's clinicians, at the other's start or end."""
    mine = day.visits[patient.id]
    mine_before = _wait(mine)
    busy = sum(a.end - a.start for a in mine)
    best: tuple[int, Appointment, Appointment, Appointment, Appointment] | None = None
    for a in mine:
        others = [o for o in mine if o is not a]
        low = min((o.start for o in others), default=NEVER)
        high = max((o.end for o in others), default=-NEVER)
        length = a.end - a.start
        # a swap that cuts her waiting puts the consult inside her current span; the other
        # patient's gains from the rest are found when she is the one waiting
        first, last = min(low, a.start), max(high, a.end)
        for b in kind.starting(_kind_of(day, a), first - day.longest, last):
            if b.patient == patient.id:
                continue
            span = kind.span(b)
            for start in {b.start, b.end - length}:
                # her side first, in arithmetic: the other gains at most her own waiting
                gain = mine_before - (max(high, start + length) - min(low, start) - busy)
                if gain + span[0] <= (best[0] if best else 0):
                    continue
                new_a = Appointment(a.patient, a.consult, b.clinicians, start, start + length)
                found = _other_side(day, a, b, new_a, gain, best[0] if best else 0, span)
                if found is not None and visit_ok(patient, _replace(mine, a, new_a)):
                    best = (found[0], a, b, new_a, found[1])
    if best is None:
        return set()
    _, a, b, new_a, new_b = best
    day.drop(a)
    day.drop(b)
    day.add([new_a, new_b])
    return {a.patient, b.patient}


def _kind_of(day: Day, a: Appointment) -> tuple[str, ...]:
    return day.patients[a.patient].consult(a.consult).specialties


def _other_side(
    day: Day,
    a: Appointment,
    b: Appointment,
    new_a: Appointment,
    gain: int,
    to_beat: int,
    span: tuple[int, int, int, int],
) -> tuple[int, Appointment] | None:
    """b's patient in a's place (at its start or end): the best total gain above
    `to_beat` that keeps her rules and fits the clinicians' free time, if any. `gain` is
    the first patient's; `span` is _without(b's patient's visit, b)."""
    q = day.patients[b.patient]
    visit = day.visits[q.id]
    before, low, high, busy = span
    length = b.end - b.start
    found: tuple[int, Appointment] | None = None
    for start in {a.start, a.end - length}:
        # in arithmetic first: building appointments costs more than most candidates
        total = gain + before - (max(high, start + length) - min(low, start) - busy)
        if total <= max(to_beat, found[0] if found else 0):
            continue
        new_b = Appointment(b.patient, b.consult, a.clinicians, start, start + length)
        if not visit_ok(q, _replace(visit, b, new_b)):
            continue
        # equal lengths trade exactly the same minutes; else the clinicians must be free
        if length != a.end - a.start and not _fits(day, (a, b), (new_a, new_b)):
            continue
        found = (total, new_b)
    return found


def _without(visit: Sequence[Appointment], b: Appointment) -> tuple[int, int, int, int]:
    """(her waiting, first start and last end of her other appointments, her busy minutes)."""
    others = [o for o in visit if o is not b]
    low = min((o.start for o in others), default=NEVER)
    high = max((o.end for o in others), default=-NEVER)
    busy = sum(o.end - o.start for o in visit)
    return _wait(visit), low, high, busy


def _fits(day: Day, old: tuple[Appointment, ...], new: tuple[Appointment, ...]) -> bool:
    """Whether `new` fits the clinicians' free time once `old` is taken out."""
    calendar = day.calendar
    for a in old:
        for clinician in a.clinicians:
            calendar.release(clinician, a.start, a.end)
    booked: list[Appointment] = []
    for a in new:
        duration = a.end - a.start
        if any(calendar.slack_at(c, a.start, duration) is None for c in a.clinicians):
            break
        for clinician in a.clinicians:
            calendar.book(clinician, a.start, a.end)
        booked.append(a)
    fits = len(booked) == len(new)
    for a in booked:
        for clinician in a.clinicians:
            calendar.release(clinician, a.start, a.end)
    for a in old:
        for clinician in a.clinicians:
            calendar.book(clinician, a.start, a.end)
    return fits


def shift_for(day: Day, patient: Patient) -> set[str]:
    """Move one of her appointments next to another of hers if it cuts her waiting."""
    visit = day.visits[patient.id]
    before = _wait(visit)
    if before == 0:
        return set()
    for a in list(visit):
        consult = patient.consult(a.consult)
        others = [o for o in visit if o is not a]
        low, high = min(o.start for o in others), max(o.end for o in others)
        busy = sum(o.end - o.start for o in visit)
        targets = [
            t
            for t in {o.end for o in others} | {o.start - consult.duration for o in others}
            # in arithmetic first: only times that would cut her waiting are looked up
            if max(high, t + consult.duration) - min(low, t) - busy < before
        ]
        if not targets:
            continue
        day.drop(a)
        best: tuple[int, Appointment] | None = None
        for start in sorted(targets):
            if start < 0 or day.calendar.earliest_consult(consult, start) != start:
                continue
            clinicians = day.calendar.pick_clinicians(consult, start)
            moved = Appointment(a.patient, a.consult, clinicians, start, start + consult.duration)
            trial = [*others, moved]
            wait = _wait(trial)
            if wait < before and visit_ok(patient, trial) and (best is None or wait < best[0]):
                best = (wait, moved)
        day.add([best[1] if best is not None else a])
        if best is not None:
            return {patient.id}
    return set()


def sweep(day: Day, patients: Sequence[Patient], deadline: float) -> set[str]:
    """One pass of shifts and swaps over `patients` until `deadline` (perf_counter);
    the patients whose bookings moved."""
    kind = Index(day)
    moved: set[str] = set()
    for patient in patients:
        if time.perf_counter() > deadline:
            break
        if _wait(day.visits[patient.id]) == 0:
            continue
        touched = shift_for(day, patient) or swap_for(day, patient, kind)
        for pid in touched:
            kind.put(day.visits[pid])
        moved |= touched
    return moved
