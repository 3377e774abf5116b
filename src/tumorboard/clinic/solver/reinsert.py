"""A cheap pass that cuts waiting without touching which consults are booked.

A patient's waiting counts from the start of her first appointment, not from her arrival
(she is told when to come), so moving her whole visit later costs nothing: only the gaps
between her own appointments count. `reinsert_blocks` uses that, in pure Python on the
clinicians' free time (`Calendar`): per waiting patient (most waiting first), take all her
appointments out and put the same consults back to back (zero waiting) at the earliest
time after her arrival where some topological order of them fits, with the best-fitting
clinicians; if none fits, she gets her old bookings back. Time freed by one move can let
another patient's block fit, so it runs in rounds while something moves.

It keeps every booked consult (the same set), so the priority-weighted count — the first
objective — cannot drop; a move only replaces a waiting visit by a gap-free one, so total
waiting drops strictly with each move and nobody else's bookings change.
(The "right shift" pass, sliding each appointment as late as the next one allows, is
`constructive.compact`.)
"""

from __future__ import annotations

import time

from .constructive import _best_chain
from .instance import Instance, Patient, topological_order
from .schedule import Appointment, Schedule, patient_waits
from .timeline import Calendar

MAX_ROUNDS = 4  # rounds of reinsertion; later rounds rarely find more (measured)


def reinsert_blocks(instance: Instance, schedule: Schedule, deadline: float) -> Schedule:
    """The same bookings with waiting patients' visits moved to gap-free blocks where
    they fit; stops at `deadline` (time.perf_counter()) with what it has."""
    calendar, result, by_patient = _calendar_of(instance, schedule)
    patients = {p.id: p for p in instance.patients}
    for _ in range(MAX_ROUNDS):
        waits = patient_waits(result.appointments)
        waiting = sorted((pid for pid, w in waits.items() if w > 0), key=lambda p: (-waits[p], p))
        moved = False
        for patient_id in waiting:
            if time.perf_counter() > deadline:
                return result
            booked = by_patient[patient_id]
            block = _block(calendar, patients[patient_id], booked)
            if block is None:
                continue
            kept = {id(a) for a in booked}
            result.appointments = [a for a in result.appointments if id(a) not in kept]
            result.appointments.extend(block)
            by_patient[patient_id] = block
            moved = True
        if not moved:
            break
    return result


def _block(
    calendar: Calendar, patient: Patient, booked: list[Appointment]
) -> list[Appointment] | None:
    """Her booked consults back to back at the earliest fitting time, booked in `calendar`;
    None (and her old bookings left in place) if no order fits."""
    ids = {a.consult for a in booked}
    consults = [c for c in topological_order(patient) if c.id in ids]
    for a in booked:
        for clinician in a.clinicians:
            calendar.release(clinician, a.start, a.end)
    best = _best_chain(calendar, patient, consults)
    if best is None:
        for a in booked:
            for clinician in a.clinicians:
                calendar.book(clinician, a.start, a.end)
        return None
    start, order = best
    block = []
    for consult in order:
        clinicians = calendar.pick_clinicians(consult, start)
        for clinician in clinicians:
            calendar.book(clinician, start, start + consult.duration)
        end = start + consult.duration
        block.append(Appointment(patient.id, consult.id, clinicians, start, end))
        start += consult.duration
    return block


def _calendar_of(
    instance: Instance, schedule: Schedule
) -> tuple[Calendar, Schedule, dict[str, list[Appointment]]]:
    calendar = Calendar(instance)
    result = Schedule(list(schedule.appointments), list(schedule.unscheduled))
    by_patient: dict[str, list[Appointment]] = {}
    for appointment in result.appointments:
        for clinician in appointment.clinicians:
            calendar.book(clinician, appointment.start, appointment.end)
        by_patient.setdefault(appointment.patient, []).append(appointment)
    return calendar, result, by_patient
