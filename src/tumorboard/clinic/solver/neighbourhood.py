"""Large-neighbourhood search over groups of patients, for days too big for one model.

The whole-day CP-SAT model of 150 patients has about 5,000 optional intervals (staggered
breaks make every clinician a pool of one); CP-SAT spends seconds in presolve and finds
little in the time limit. So, as in "fix and optimise": free a dozen patients whose visits
overlap in time, carve everyone else's appointments out of the clinicians' windows, and let
CP-SAT re-plan the dozen lexicographically (consults, then waiting) with their current
bookings as the hint. Each step can only keep or improve the day, so stopping anywhere is
safe; the time limits are deterministic so a run on an idle machine is reproducible.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Sequence

from .instance import Clinician, Instance, Patient, Window
from .optimise import PhasedSolver, SolverSettings
from .schedule import Appointment, Schedule, patient_waits

GROUP_SIZE = 5
OFFSETS = (0, 2, 4, 1, 3, 0)  # each pass cuts the patients into groups at other places
GROUP_SECONDS = 0.4  # nominal CP-SAT budget of one group; most are solved well before
SECONDS_PER_GROUP = 0.1  # measured mean wall cost of one group (build + solve)
SPENT = 0.0
WALL = 0.0


def carve(windows: Sequence[Window], busy: Iterable[tuple[int, int]]) -> tuple[Window, ...]:
    """Windows minus busy intervals."""
    free = list(windows)
    for busy_start, busy_end in sorted(busy):
        pieces: list[Window] = []
        for start, end in free:
            if busy_end <= start or end <= busy_start:
                pieces.append((start, end))
                continue
            if start < busy_start:
                pieces.append((start, busy_start))
            if busy_end < end:
                pieces.append((busy_end, end))
        free = pieces
    return tuple(free)


def carved_instance(
    instance: Instance, taken: Iterable[Appointment], patients: Sequence[Patient]
) -> Instance:
    """`patients` alone, with the clinicians' windows minus the `taken` appointments."""
    busy: dict[str, list[tuple[int, int]]] = {}
    for appointment in taken:
        for clinician in appointment.clinicians:
            busy.setdefault(clinician, []).append((appointment.start, appointment.end))
    clinicians = tuple(
        Clinician(c.id, c.specialty, carve(c.available, busy.get(c.id, ())))
        for c in instance.clinicians
    )
    return Instance(instance.horizon, clinicians, tuple(patients))


def improve_by_groups(
    instance: Instance, schedule: Schedule, settings: SolverSettings, deadline: float
) -> Schedule:
    """Re-optimise groups of patients in turn until a pass changes nothing or time is up."""
    current = Schedule(list(schedule.appointments), list(schedule.unscheduled))
    per_group = _group_budget(instance, settings)
    # a count of groups, not the clock, ends the search, so runs are reproducible; the
    # deadline only guards a slow or loaded machine
    allowed = int(settings.time_limit / SECONDS_PER_GROUP)
    for offset in OFFSETS:
        changed = False
        for group in _groups(instance, current, offset):
            if allowed <= 0 or time.perf_counter() + per_group > deadline:
                return current
            if _worth_trying(current, group):
                allowed -= 1
                better = _reoptimise(instance, current, group, settings, per_group)
                changed = changed or better is not current
                current = better
        if not changed:
            break
    return current


def _group_budget(instance: Instance, settings: SolverSettings) -> float:
    return GROUP_SECONDS


def _groups(instance: Instance, schedule: Schedule, offset: int) -> list[list[Patient]]:
    """Patients in order of their first appointment (else arrival), cut into chunks."""
    first: dict[str, int] = {}
    for a in schedule.appointments:
        first[a.patient] = min(first.get(a.patient, a.start), a.start)
    ordered = sorted(instance.patients, key=lambda p: (first.get(p.id, p.arrival), p.id))
    cuts = [0, *range(offset or GROUP_SIZE, len(ordered), GROUP_SIZE), len(ordered)]
    return [ordered[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _worth_trying(schedule: Schedule, group: list[Patient]) -> bool:
    ids = {p.id for p in group}
    if any(u.patient in ids for u in schedule.unscheduled):
        return True
    waits = patient_waits(a for a in schedule.appointments if a.patient in ids)
    return any(waits.values())


def _reoptimise(
    instance: Instance,
    schedule: Schedule,
    group: list[Patient],
    settings: SolverSettings,
    budget: float,
) -> Schedule:
    ids = {p.id for p in group}
    others = [a for a in schedule.appointments if a.patient not in ids]
    mine = Schedule(
        [a for a in schedule.appointments if a.patient in ids],
        [u for u in schedule.unscheduled if u.patient in ids],
    )
    sub = carved_instance(instance, others, group)
    # a single worker: deterministic, and faster than two on a model this small
    small = dataclasses.replace(settings, time_limit=budget, workers=1)
    phased = PhasedSolver(sub, mine, small)
    values, improved, _ = phased.run(makespan_phase=False)
    global SPENT, WALL
    SPENT += phased.deterministic_time
    WALL += time.perf_counter() - phased.began
    if not improved:
        return schedule
    better = phased.schedule_from(values)
    booked = {(a.patient, a.consult) for a in better.appointments}
    unscheduled = [
        u
        for u in schedule.unscheduled
        if u.patient not in ids or (u.patient, u.consult) not in booked
    ]
    return Schedule(others + better.appointments, unscheduled)
