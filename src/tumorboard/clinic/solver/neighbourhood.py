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
import itertools
import time
from collections.abc import Iterable, Iterator, Sequence

from .instance import Clinician, Instance, Patient, Window
from .optimise import PhasedSolver, SolverSettings
from .reinsert import reinsert_blocks
from .schedule import Appointment, Schedule, patient_waits

GROUP_SIZE = 5
# each pass cuts the patients into groups at other places; -1: groups around waiting patients
OFFSETS = (0, -1, 2, -1, 4, -1, 1, -1, 3, -1)
GROUP_SECONDS = 1.0  # nominal CP-SAT budget of one group; most are solved well before
REINSERT_SECONDS = 0.02  # share of the time limit for the block pass after a group pass
SECONDS_PER_GROUP = 0.025  # mean wall cost of one group (build + solve), measured at 150 patients


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
    quiet_passes = 0
    # a group that found nothing finds nothing again while its bookings and its specialties'
    # clinicians are unchanged (one deterministic worker): skip it (versions per specialty)
    versions: dict[str, int] = {}
    fruitless: set[tuple[object, ...]] = set()
    for offset in itertools.cycle(OFFSETS):
        changed = False
        groups = _groups(instance, current, offset) if offset >= 0 else _focused(instance, current)
        for group in groups:
            if allowed <= 0 or time.perf_counter() + SECONDS_PER_GROUP > deadline:
                return current
            needs = sorted({s for p in group for c in p.consults for s in c.specialties})
            state = _state(current, group, tuple(versions.get(s, 0) for s in needs))
            if state not in fruitless and _worth_trying(current, group):
                allowed -= 1
                budget = min(per_group, (deadline - time.perf_counter()) / 2)
                better = _reoptimise(instance, current, group, settings, budget)
                if better is current:
                    fruitless.add(state)
                for specialty in needs if better is not current else ():
                    versions[specialty] = versions.get(specialty, 0) + 1
                changed = changed or better is not current
                current = better
        if changed:
            # cheap, and never loses a consult: visits the groups left gapped but that now
            # fit gap-free elsewhere move there, so the next pass works on the others
            share = min(deadline, time.perf_counter() + REINSERT_SECONDS * settings.time_limit)
            moved = reinsert_blocks(instance, current, share)
            if _total_wait(moved) < _total_wait(current):
                fruitless.clear()  # bookings moved without bumping the specialties' versions
            current = moved
        quiet_passes = 0 if changed else quiet_passes + 1
        if quiet_passes == 3:
            break
    return current


def _state(
    schedule: Schedule, group: list[Patient], versions: tuple[int, ...]
) -> tuple[object, ...]:
    """What a group's re-solve depends on: its patients, their bookings, and the versions
    of its specialties (bumped whenever another group changes bookings with them)."""
    ids = {p.id for p in group}
    mine = sorted(
        (a.patient, a.consult, a.start, a.clinicians)
        for a in schedule.appointments
        if a.patient in ids
    )
    return (tuple(sorted(ids)), tuple(mine), versions)


def _total_wait(schedule: Schedule) -> int:
    return sum(patient_waits(schedule.appointments).values())


def _group_budget(instance: Instance, settings: SolverSettings) -> float:
    return GROUP_SECONDS


def _groups(instance: Instance, schedule: Schedule, offset: int) -> list[list[Patient]]:
    """Patients in order of their first appointment (else arrival), cut into chunks."""
    first: dict[str, int] = {}
    for a in schedule.appointments:
        first[a.patient] = min(first.get(a.patient, a.start), a.start)
    ordered = sorted(instance.patients, key=lambda p: (first.get(p.id, p.arrival), p.id))
    cuts = [0, *range(offset or GROUP_SIZE, len(ordered), GROUP_SIZE), len(ordered)]
    return [ordered[a:b] for a, b in itertools.pairwise(cuts) if b > a]


def _focused(instance: Instance, schedule: Schedule) -> Iterator[list[Patient]]:
    """For each waiting (or partly unscheduled) patient, most waiting first: her and the
    patients whose appointments with clinicians of her specialties overlap her idle gaps
    most, since those are the bookings in her way. Lazy: a big day uses only the first few
    before its time is up, and each group costs a scan of the day's appointments."""
    by_id = {p.id: p for p in instance.patients}
    specialty = {c.id: c.specialty for c in instance.clinicians}
    waits = patient_waits(schedule.appointments)
    idle = _idle_gaps(instance, schedule)
    stuck = sorted(
        (p for p in instance.patients if p.id in idle),
        key=lambda p: (-waits.get(p.id, instance.horizon), p.id),
    )
    booked = [(a, {specialty[c] for c in a.clinicians}) for a in schedule.appointments]
    for patient in stuck:
        needs = {s for c in patient.consults for s in c.specialties}
        in_the_way: dict[str, int] = {}
        for a, specialties in booked:
            if a.patient == patient.id or specialties.isdisjoint(needs):
                continue
            overlap = sum(max(0, min(b, a.end) - max(f, a.start)) for f, b in idle[patient.id])
            if overlap > 0:
                in_the_way[a.patient] = in_the_way.get(a.patient, 0) + overlap
        others = sorted(in_the_way, key=lambda pid: (-in_the_way[pid], pid))[: GROUP_SIZE - 1]
        yield [patient, *(by_id[pid] for pid in others)]


def _idle_gaps(instance: Instance, schedule: Schedule) -> dict[str, list[tuple[int, int]]]:
    """Per patient who waits or misses a consult: the times she idles between consults
    (from arrival to the end of the day when a consult is missing)."""
    mine: dict[str, list[Appointment]] = {}
    for a in schedule.appointments:
        mine.setdefault(a.patient, []).append(a)
    gaps: dict[str, list[tuple[int, int]]] = {}
    for patient_id, appointments in mine.items():
        appointments.sort(key=lambda a: a.start)
        found = [
            (a.end, b.start) for a, b in itertools.pairwise(appointments) if a.end < b.start
        ]
        if found:
            gaps[patient_id] = found
    arrival = {p.id: p.arrival for p in instance.patients}
    for u in schedule.unscheduled:
        gaps[u.patient] = [(arrival[u.patient], instance.horizon)]
    return gaps


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
    # only the clinicians the group needs: carving and modelling the rest costs time
    needs = {s for p in group for c in p.consults for s in c.specialties}
    relevant = tuple(c for c in instance.clinicians if c.specialty in needs)
    sub = carved_instance(dataclasses.replace(instance, clinicians=relevant), others, group)
    # a single worker: deterministic, and faster than two on a model this small
    small = dataclasses.replace(settings, time_limit=budget, workers=1)
    phased = PhasedSolver(sub, mine, small)
    values, improved, _ = phased.run(makespan_phase=False)
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
