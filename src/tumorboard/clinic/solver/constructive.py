"""Fast constructive schedules: the zero-wait heuristic and the first-come baseline.

`constructive` books patients by priority then arrival; each patient's consults go back to
back (zero waiting) at the earliest time where that is possible, trying several
topological orders; only if no gap-free chain fits before closing does it book consults one
by one with gaps, then slide the earlier ones later to close the gaps.

`first_come_first_served` is the baseline of the benchmark: patients in arrival order,
each consult in listed order at the earliest feasible time, first free clinician.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from .instance import Consult, Instance, Patient, topological_order
from .schedule import Appointment, Schedule, Unscheduled, patient_waits
from .timeline import Calendar

MAX_ORDERS = 24  # topological orders tried per patient for a gap-free chain
ARRIVAL_ORDERS = 6  # orders tried per patient by arrival_best_order (with gaps)


def constructive(instance: Instance, slack: int | None = None) -> Schedule:
    """Zero-wait chains where they cost at most `slack` minutes of lateness (None: any)."""
    calendar = Calendar(instance)
    schedule = Schedule([], [])
    ranked = sorted(instance.patients, key=lambda p: (-p.priority, p.arrival))
    for patient in ranked:
        bookable = _drop_impossible(instance, patient, schedule)
        if not bookable:
            continue
        chain = _best_chain(calendar, patient, bookable)
        # the gapped alternative, booked for real and undone if the chain wins
        trial = Schedule([], [])
        booked = _book_with_gaps(calendar, trial, patient, bookable, best_fit=True)
        if chain is not None and _chain_wins(chain, booked, len(bookable), slack):
            for appointment in booked:
                for clinician in appointment.clinicians:
                    calendar.release(clinician, appointment.start, appointment.end)
            start, order = chain
            for consult in order:
                _book(calendar, schedule, patient, consult, start, best_fit=True)
                start += consult.duration
        else:
            schedule.appointments.extend(trial.appointments)
            schedule.unscheduled.extend(trial.unscheduled)
            _close_gaps(calendar, schedule, booked)
    return schedule


def _chain_wins(
    chain: tuple[int, list[Consult]], booked: list[Appointment], wanted: int, slack: int | None
) -> bool:
    if len(booked) < wanted or slack is None:
        return True
    start, order = chain
    chain_end = start + sum(c.duration for c in order)
    return chain_end <= max(a.end for a in booked) + slack


def first_come_first_served(instance: Instance) -> Schedule:
    calendar = Calendar(instance)
    schedule = Schedule([], [])
    for patient in sorted(instance.patients, key=lambda p: p.arrival):
        bookable = _drop_impossible(instance, patient, schedule)
        _book_with_gaps(calendar, schedule, patient, bookable, best_fit=False)
    return schedule


def arrival_best_order(instance: Instance) -> Schedule:
    """Patients in arrival order (priority breaks ties), each with the topological order of
    her consults that books the most and finishes first, every consult at its earliest time
    with the best-fitting clinician; then the gaps closed. On tight days it books about as
    many as first-come-first-served or more, and waits less: the start for the search."""
    calendar = Calendar(instance)
    schedule = Schedule([], [])
    for patient in sorted(instance.patients, key=lambda p: (p.arrival, -p.priority)):
        bookable = _drop_impossible(instance, patient, schedule)
        best: tuple[tuple[int, int, int], list[Consult]] | None = None
        for order in itertools.islice(_topological_orders(bookable), ARRIVAL_ORDERS):
            booked = _book_with_gaps(calendar, Schedule([], []), patient, order, best_fit=True)
            for appointment in booked:
                for clinician in appointment.clinicians:
                    calendar.release(clinician, appointment.start, appointment.end)
            end = max((a.end for a in booked), default=0)
            key = (-len(booked), end, sum(patient_waits(booked).values()))
            if best is None or key < best[0]:
                best = (key, order)
        if best is not None:
            _book_with_gaps(calendar, schedule, patient, best[1], best_fit=True)
    return compact(instance, schedule)


def unscheduled_reason(instance: Instance, consult: Consult, arrival: int = 0) -> str:
    """Why a consult is not booked, true for the day: no clinician of a specialty; longer
    than the time left after the patient's arrival; longer than every window of some
    specialty; else every fitting window was taken."""
    missing = [s for s in consult.specialties if not instance.clinicians_of(s)]
    if missing:
        return f"no {missing[0]} clinician"
    left = instance.horizon - arrival
    if consult.duration > left:
        return f"{consult.duration} min do not fit in the {left} min left after arrival"
    for specialty in consult.specialties:
        longest = max(
            (end - max(start, arrival) for c in instance.clinicians_of(specialty)
             for start, end in c.available),
            default=0,
        )
        if consult.duration > longest:
            return (f"{consult.duration} min exceed the longest {specialty} window "
                    f"after arrival ({max(0, longest)} min)")
    return f"no {' + '.join(consult.specialties)} clinician free"


def _drop_impossible(instance: Instance, patient: Patient, schedule: Schedule) -> list[Consult]:
    """Mark consults needing an absent specialty (and what follows them) unscheduled."""
    dropped: set[str] = set()
    bookable = []
    for consult in topological_order(patient):
        blocked = [a for a in consult.after if a in dropped]
        if blocked:
            reason = f"after {blocked[0]} unscheduled"
        elif any(not instance.clinicians_of(s) for s in consult.specialties):
            reason = unscheduled_reason(instance, consult, patient.arrival)
        else:
            bookable.append(consult)
            continue
        dropped.add(consult.id)
        schedule.unscheduled.append(Unscheduled(patient.id, consult.id, reason))
    return bookable


def _topological_orders(consults: Sequence[Consult]) -> Iterator[list[Consult]]:
    ids = {c.id for c in consults}
    if len(consults) <= 5:
        for order in itertools.permutations(consults):
            position = {c.id: i for i, c in enumerate(order)}
            if all(position[a] < position[c.id] for c in order for a in c.after if a in ids):
                yield list(order)
    else:
        yield list(consults)


def _best_chain(
    calendar: Calendar, patient: Patient, consults: Sequence[Consult]
) -> tuple[int, list[Consult]] | None:
    best: tuple[int, list[Consult]] | None = None
    for order in itertools.islice(_topological_orders(consults), MAX_ORDERS):
        start = calendar.earliest_chain(order, patient.arrival)
        if start is not None and (best is None or start < best[0]):
            best = (start, order)
            if start == patient.arrival:
                break
    return best


def _book(
    calendar: Calendar,
    schedule: Schedule,
    patient: Patient,
    consult: Consult,
    start: int,
    best_fit: bool,
) -> Appointment:
    if best_fit:
        clinicians = calendar.pick_clinicians(consult, start)
    else:
        clinicians = tuple(
            next(
                c
                for c in calendar.by_specialty[s]
                if calendar.slack_at(c, start, consult.duration) is not None
            )
            for s in consult.specialties
        )
    end = start + consult.duration
    for clinician in clinicians:
        calendar.book(clinician, start, end)
    appointment = Appointment(patient.id, consult.id, clinicians, start, end)
    schedule.appointments.append(appointment)
    return appointment


def _book_with_gaps(
    calendar: Calendar,
    schedule: Schedule,
    patient: Patient,
    consults: Sequence[Consult],
    best_fit: bool,
    ready: int = 0,
) -> list[Appointment]:
    """Each consult in order at the earliest time after the previous one (and `ready`)."""
    booked: list[Appointment] = []
    dropped: set[str] = set()
    ready = max(ready, patient.arrival)
    for consult in consults:
        blocked = [a for a in consult.after if a in dropped]
        start = None if blocked else calendar.earliest_consult(consult, ready)
        if start is None:
            dropped.add(consult.id)
            reason = f"after {blocked[0]} unscheduled" if blocked else None
            schedule.unscheduled.append(
                Unscheduled(patient.id, consult.id, reason or _busy_reason(consult))
            )
            continue
        booked.append(_book(calendar, schedule, patient, consult, start, best_fit))
        ready = start + consult.duration
    return booked


def _busy_reason(consult: Consult) -> str:
    return f"no {' + '.join(consult.specialties)} clinician free"


def _close_gaps(calendar: Calendar, schedule: Schedule, booked: list[Appointment]) -> None:
    """Slide each appointment (last to first) as late as possible before the next one."""
    booked.sort(key=lambda a: a.start)
    for index in range(len(booked) - 2, -1, -1):
        current, following = booked[index], booked[index + 1]
        latest = following.start - (current.end - current.start)
        if latest > current.start:
            booked[index] = _move(calendar, schedule, current, range(latest, current.start, -1))


def _pull_forward(calendar: Calendar, schedule: Schedule, booked: list[Appointment]) -> None:
    """Slide each appointment (first to last) as early as possible after the previous one."""
    booked.sort(key=lambda a: a.start)
    for index in range(1, len(booked)):
        current, previous = booked[index], booked[index - 1]
        if previous.end < current.start:
            booked[index] = _move(calendar, schedule, current, range(previous.end, current.start))


def compact(instance: Instance, schedule: Schedule) -> Schedule:
    """The same bookings with each patient's idle gaps closed where clinicians allow."""
    calendar = Calendar(instance)
    result = Schedule(list(schedule.appointments), list(schedule.unscheduled))
    by_patient: dict[str, list[Appointment]] = {}
    for appointment in result.appointments:
        for clinician in appointment.clinicians:
            calendar.book(clinician, appointment.start, appointment.end)
        by_patient.setdefault(appointment.patient, []).append(appointment)
    for patient in sorted(instance.patients, key=lambda p: p.arrival):
        booked = by_patient.get(patient.id, [])
        _close_gaps(calendar, result, booked)
        _pull_forward(calendar, result, booked)
    return result


def _move(
    calendar: Calendar, schedule: Schedule, current: Appointment, starts: range
) -> Appointment:
    """Re-book `current` at the first of `starts` where its specialties are free, if any."""
    duration = current.end - current.start
    for clinician in current.clinicians:
        calendar.release(clinician, current.start, current.end)
    specialties = [calendar_specialty(calendar, c) for c in current.clinicians]
    start, clinicians = current.start, current.clinicians
    for candidate in starts:
        chosen = [_free_clinician(calendar, s, candidate, duration) for s in specialties]
        if all(chosen):
            start, clinicians = candidate, tuple(c for c in chosen if c)
            break
    for clinician in clinicians:
        calendar.book(clinician, start, start + duration)
    moved = Appointment(current.patient, current.consult, clinicians, start, start + duration)
    # identity, not equality: comparing the dataclasses field by field is slow on big days
    position = next(i for i, a in enumerate(schedule.appointments) if a is current)
    schedule.appointments[position] = moved
    return moved


def _free_clinician(calendar: Calendar, specialty: str, start: int, duration: int) -> str | None:
    return next(
        (
            c
            for c in calendar.by_specialty[specialty]
            if calendar.slack_at(c, start, duration) is not None
        ),
        None,
    )


def calendar_specialty(calendar: Calendar, clinician: str) -> str:
    return next(s for s, ids in calendar.by_specialty.items() if clinician in ids)
