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

import itertools
import time
from collections.abc import Sequence

from .instance import Patient
from .local_search import Day
from .schedule import Appointment

# appointments by (specialties, duration), then by (patient, consult)
Index = dict[tuple[object, ...], dict[tuple[str, str], Appointment]]


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
    """The best swap of one of her appointments with another patient's alike one."""
    mine = day.visits[patient.id]
    mine_before = _wait(mine)
    busy = sum(a.end - a.start for a in mine)
    waits: dict[str, int] = {}
    best: tuple[int, Appointment, Appointment] | None = None
    for a in mine:
        others = [o for o in mine if o is not a]
        low = min((o.start for o in others), default=a.start)
        high = max((o.end for o in others), default=a.end)
        for b in kind.get(_kind_of(day, a), {}).values():
            if b.patient == patient.id:
                continue
            # her side first, in arithmetic: the other can gain at most her own waiting
            gain_p = mine_before - (max(high, b.end) - min(low, b.start) - busy)
            if b.patient not in waits:
                waits[b.patient] = _wait(day.visits[b.patient])
            if gain_p + waits[b.patient] <= (best[0] if best else 0):
                continue
            gain = gain_p + _other_gain(day, a, b)
            new_a = Appointment(a.patient, a.consult, b.clinicians, b.start, b.end)
            if gain > (best[0] if best else 0) and visit_ok(patient, _replace(mine, a, new_a)):
                best = (gain, a, b)
    if best is None:
        return set()
    _, a, b = best
    _apply_swap(day, a, b)
    return {a.patient, b.patient}


def _kind_of(day: Day, a: Appointment) -> tuple[object, ...]:
    consult = day.patients[a.patient].consult(a.consult)
    return (consult.specialties, consult.duration)


def _other_gain(day: Day, a: Appointment, b: Appointment) -> int:
    """What b's patient gains by taking a's place; very negative if she cannot."""
    q = day.patients[b.patient]
    new_b = Appointment(b.patient, b.consult, a.clinicians, a.start, a.end)
    visit_q = day.visits[q.id]
    after_q = _replace(visit_q, b, new_b)
    if not visit_ok(q, after_q):
        return -day.instance.horizon
    return _wait(visit_q) - _wait(after_q)


def _apply_swap(day: Day, a: Appointment, b: Appointment) -> None:
    """Trade places: clinicians' calendars are unchanged, only who sits where."""
    new_a = Appointment(a.patient, a.consult, b.clinicians, b.start, b.end)
    new_b = Appointment(b.patient, b.consult, a.clinicians, a.start, a.end)
    day.drop(a)
    day.drop(b)
    day.add([new_a, new_b])


def shift_for(day: Day, patient: Patient) -> set[str]:
    """Move one of her appointments next to another of hers if it cuts her waiting."""
    visit = day.visits[patient.id]
    before = _wait(visit)
    if before == 0:
        return set()
    for a in list(visit):
        consult = patient.consult(a.consult)
        others = [o for o in visit if o is not a]
        targets = {o.end for o in others} | {o.start - consult.duration for o in others}
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


def sweep(day: Day, patients: Sequence[Patient], deadline: float) -> bool:
    """One pass of shifts and swaps over `patients` until `deadline` (perf_counter);
    True if anything moved."""
    kind: Index = {}
    for visit in day.visits.values():
        _index(day, kind, visit)
    changed = False
    for patient in patients:
        if time.perf_counter() > deadline:
            break
        if _wait(day.visits[patient.id]) == 0:
            continue
        touched = shift_for(day, patient) or swap_for(day, patient, kind)
        for pid in touched:
            _index(day, kind, day.visits[pid])
        changed = changed or bool(touched)
    return changed


def _index(day: Day, kind: Index, visit: Sequence[Appointment]) -> None:
    """Appointments by (specialties, duration); a patient's entries replace her old ones."""
    for a in visit:
        kind.setdefault(_kind_of(day, a), {})[(a.patient, a.consult)] = a
