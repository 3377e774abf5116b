"""Moves that change which consults are booked without lowering the weighted count.

The first objective counts priority-weighted consults, not which ones: a waiting patient's
last consult, booked after a long idle gap, may give its place to an unscheduled consult of
a patient of at least the same priority that adds less waiting (for instance one that
follows her visit back to back). And an unscheduled consult that fits anywhere is booked:
that raises the count, which comes first whatever it costs in waiting.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from .instance import Consult, Patient
from .local_search import STEP, Day, Placement, _placement_at, try_move, wanted_consults
from .schedule import Appointment, patient_waits

EJECT_FOR_INSERT = 2  # other patients taken out to book an unscheduled consult
INSERT_TRIES = 6  # placements tried per unscheduled consult


def ready_consults(day: Day) -> Iterator[tuple[Patient, Consult, int]]:
    """Unscheduled consults whose `after` consults are booked, with the time they may
    start (arrival, and the end of every `after` consult)."""
    for patient in day.instance.patients:
        visit = {a.consult: a for a in day.visits[patient.id]}
        for consult in wanted_consults(day.instance, patient):
            if consult.id in visit or any(a not in visit for a in consult.after):
                continue
            ready = max([patient.arrival, *(visit[a].end for a in consult.after)])
            yield patient, consult, ready


def best_insertion(day: Day, patient: Patient, consult: Consult, ready: int) -> Appointment | None:
    """Where booking `consult` adds least waiting to her visit (None if it fits nowhere):
    the earliest time at all, or the earliest at or after her visit's end."""
    visit = day.visits[patient.id]
    base = sum(patient_waits(visit).values())
    best: tuple[int, Appointment] | None = None
    last_end = max((a.end for a in visit), default=ready)
    for not_before in {ready, max(ready, last_end)}:
        start = _earliest_free_for_her(day, visit, consult, not_before)
        if start is None:
            continue
        clinicians = day.calendar.pick_clinicians(consult, start)
        candidate = Appointment(patient.id, consult.id, clinicians, start, start + consult.duration)
        added = sum(patient_waits([*visit, candidate]).values()) - base
        if best is None or added < best[0]:
            best = (added, candidate)
    return best[1] if best is not None else None


def _earliest_free_for_her(
    day: Day, visit: list[Appointment], consult: Consult, not_before: int
) -> int | None:
    """Earliest start with clinicians free and the patient herself not elsewhere."""
    start = day.calendar.earliest_consult(consult, not_before)
    while start is not None:
        end = start + consult.duration
        clash = [a.end for a in visit if a.start < end and start < a.end]
        if not clash:
            return start
        start = day.calendar.earliest_consult(consult, max(clash))
    return None


def insert_unscheduled(day: Day) -> bool:
    """Book every ready unscheduled consult that fits (highest priority first)."""
    changed = False
    for patient, consult, ready in sorted(ready_consults(day), key=lambda r: -r[0].priority):
        appointment = best_insertion(day, patient, consult, ready)
        if appointment is not None:
            day.add([appointment])
            changed = True
    return changed


def insert_by_ejection(day: Day, deadline: float) -> bool:
    """Book ready unscheduled consults where at most EJECT_FOR_INSERT other patients are
    in the way, taking them out and putting them back (kept if the count rises, or on an
    equal count the touched patients wait less)."""
    changed = False
    for patient, consult, ready in sorted(ready_consults(day), key=lambda r: -r[0].priority):
        visit = list(day.visits[patient.id])
        options: list[Placement] = []
        for start in range(ready, day.instance.horizon - consult.duration + 1, STEP):
            end = start + consult.duration
            if any(a.start < end and start < a.end for a in visit):
                continue  # she cannot be in two places
            where = _placement_at(day, [consult], start)
            if where is not None and len(where.blockers) <= EJECT_FOR_INSERT:
                options.append(where)
        options.sort(key=lambda w: (len(w.blockers), w.start))
        for rank, where in enumerate(options[:INSERT_TRIES]):
            if time.perf_counter() > deadline:
                return changed
            if try_move(day, patient, [consult], where, exact=rank == 0, keep=visit):
                changed = True
                break
    return changed


def replace_last(day: Day, patient: Patient) -> bool:
    """Give her last consult's place to a ready unscheduled consult of a patient of at
    least her priority if that lowers the day's (-weighted, waiting). True if done."""
    visit = sorted(day.visits[patient.id], key=lambda a: a.start)
    if len(visit) < 2:
        return False
    last = visit[-1]
    saving = sum(patient_waits(visit).values()) - sum(patient_waits(visit[:-1]).values())
    if saving <= 0:
        return False
    day.drop(last)
    dropped = (last.patient, last.consult)  # giving it back is no move
    for other, consult, ready in ready_consults(day):
        if other.priority < patient.priority or (other.id, consult.id) == dropped:
            continue
        appointment = best_insertion(day, other, consult, ready)
        if appointment is None:
            continue
        added = sum(patient_waits([*day.visits[other.id], appointment]).values()) - sum(
            patient_waits(day.visits[other.id]).values()
        )
        if other.priority > patient.priority or added < saving:
            day.add([appointment])
            return True
    day.add([last])
    return False
