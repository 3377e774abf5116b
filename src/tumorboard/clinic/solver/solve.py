"""Solve a clinic day: constructive candidates, then CP-SAT phases, then a final check."""

from __future__ import annotations

import dataclasses
import time

from .check import check_schedule
from .constructive import (
    arrival_best_order,
    compact,
    constructive,
    first_come_first_served,
    unscheduled_reason,
)
from .cpsat import ConsultKey
from .instance import Instance, topological_order
from .local_search import local_search
from .neighbourhood import improve_by_groups
from .optimise import PhasedSolver, Repair, SolverSettings
from .reinsert import reinsert_blocks
from .schedule import Appointment, Schedule, Unscheduled, objective_key

CHAIN_SLACKS = (0, 20, 60, None)  # minutes a zero-wait chain may finish later than a gapped one
DEFAULT_TIME_LIMIT = 8.0
# above this many consults the whole-day model is too slow to build and search in seconds
FULL_MODEL_CONSULTS = 160  # seconds for the whole solve; 150 patients stay under 10 s
CONSTRUCTIVE_SHARE = 0.15  # of the time limit, for more than the first two candidates
# share of the time limit for patient groups between the count and the waiting phase
REPAIR_SHARE = 0.25
# share of the time limit for moving waiting visits to gap-free blocks (0.1-0.2 s at 300)
REINSERT_SHARE = 0.05
# above this many consults (about 100 patients) the group pass alone leaves long waits: a
# pure-Python local search runs on the start until it stops finding moves or this share of
# the time limit passes (it cuts the start's waiting fastest, measured), then the groups
# until LOCAL_SEARCH_FROM, then the local search again until LOCAL_SEARCH_UNTIL
LOCAL_SEARCH_CONSULTS = 400
LOCAL_SEARCH_FIRST = 0.35
LOCAL_SEARCH_FROM = 0.85
LOCAL_SEARCH_UNTIL = 0.97
# minutes of waiting per second the group pass cuts on a big day's start (measured 115-290
# on generated days): the first search hands over to the groups when it is slower
GROUP_PACE = 150.0


def solve(instance: Instance, settings: SolverSettings | None = None) -> Schedule:
    """The best schedule found within the time limit; always valid."""
    began = time.perf_counter()
    settings = settings or SolverSettings(time_limit=DEFAULT_TIME_LIMIT)
    baseline = compact(instance, first_come_first_served(instance))
    candidates = [constructive(instance, CHAIN_SLACKS[0]), arrival_best_order(instance)]
    for slack in CHAIN_SLACKS[1:]:
        # on a big day each candidate costs a second or more on a loaded machine: the
        # constructive start may use only its share of the time limit
        if time.perf_counter() - began > CONSTRUCTIVE_SHARE * settings.time_limit:
            break
        candidates.append(constructive(instance, slack))
    candidates.append(baseline)  # last: a tie goes to a zero-wait construction
    hint = min(candidates, key=lambda s: objective_key(instance, s))
    hint = reinsert_blocks(instance, hint, _reinsert_deadline(settings))
    if instance.consult_count() <= FULL_MODEL_CONSULTS:
        # groups improve fast; then the whole-day model can prove small days optimal
        quick = dataclasses.replace(settings, time_limit=settings.time_limit * 0.3)
        hint = improve_in_groups(instance, hint, quick, began)
        closer = _gap_closer(instance, settings, began)
        result = improve(instance, hint, settings, began, repair=closer)
    else:
        searched = instance.consult_count() > LOCAL_SEARCH_CONSULTS
        if searched:
            # a slow start (big day, loaded machine) still leaves the search a tenth
            limit = settings.time_limit
            first = max(began + LOCAL_SEARCH_FIRST * limit, time.perf_counter() + 0.1 * limit)
            hint = polish(instance, hint, first, GROUP_PACE)
        # the groups stop a share early: the block pass (and the search) after them never lose
        groups_until = LOCAL_SEARCH_FROM if searched else 1 - REINSERT_SHARE
        share = dataclasses.replace(settings, time_limit=settings.time_limit * groups_until)
        result = improve_in_groups(instance, hint, share, began)
        result = reinsert_blocks(instance, result, _reinsert_deadline(settings))
        if searched:
            result = polish(instance, result, began + LOCAL_SEARCH_UNTIL * settings.time_limit)
    # the contract's first objective, kept whatever happens above: never fewer
    # priority-weighted consults than first-come-first-served (compacted keeps its bookings)
    if objective_key(instance, result)[0] > objective_key(instance, baseline)[0]:
        result = Schedule(baseline.appointments, baseline.unscheduled, optimal=False)
    result.solve_seconds = time.perf_counter() - began
    return result


def polish(
    instance: Instance, schedule: Schedule, deadline: float, min_rate: float = 0.0
) -> Schedule:
    """The local search's result if it is valid and better, else `schedule` itself."""
    result = local_search(instance, schedule, deadline, min_rate)
    result.unscheduled = unscheduled_entries(instance, result.appointments)
    if check_schedule(instance, result):
        return schedule  # a defect in the search must never reach a clinic
    if objective_key(instance, result) < objective_key(instance, schedule):
        return result
    return schedule


def _reinsert_deadline(settings: SolverSettings) -> float:
    return time.perf_counter() + REINSERT_SHARE * settings.time_limit


def improve(
    instance: Instance,
    hint: Schedule,
    settings: SolverSettings,
    began: float,
    fixed: dict[ConsultKey, Appointment] | None = None,
    previous: dict[ConsultKey, Appointment] | None = None,
    not_before: int = 0,
    repair: Repair | None = None,
) -> Schedule:
    """Run the CP-SAT phases from `hint`; fall back to `hint` if nothing better is proved valid."""
    # CP-SAT may overrun its limit a little (presolve); keep a tenth in reserve
    remaining = max(0.1, 0.9 * settings.time_limit - (time.perf_counter() - began))
    phased = PhasedSolver(
        instance,
        hint,
        dataclasses.replace(settings, time_limit=remaining),
        fixed=fixed,
        previous=previous,
        not_before=not_before,
    )
    values, improved, proved = phased.run(repair=repair)
    if not improved:
        return Schedule(hint.appointments, hint.unscheduled, optimal=proved)
    result = phased.schedule_from(values)
    result.unscheduled = unscheduled_entries(instance, result.appointments)
    result.optimal = proved
    if check_schedule(instance, result):
        # a defect in the model must never reach a clinic: keep the checked hint instead
        return Schedule(hint.appointments, hint.unscheduled, optimal=False)
    return result


def _gap_closer(instance: Instance, settings: SolverSettings, solve_began: float) -> Repair:
    """Between the count and the waiting phase (tight days): the count phase's schedule
    books the most but ignores waiting; close its gaps, then improve it in patient groups
    (which never book fewer), so the waiting phase starts near good schedules. The groups
    get a share of the limit, at most half of what is left of it."""

    def repair(counted: Schedule) -> Schedule:
        began = time.perf_counter()
        counted.unscheduled = unscheduled_entries(instance, counted.appointments)
        closed = compact(instance, counted)
        left = solve_began + settings.time_limit - time.perf_counter()
        seconds = min(settings.time_limit * REPAIR_SHARE, max(0.0, left / 2))
        share = dataclasses.replace(settings, time_limit=seconds)
        return improve_in_groups(instance, closed, share, began)

    return repair


def improve_in_groups(
    instance: Instance, hint: Schedule, settings: SolverSettings, began: float
) -> Schedule:
    deadline = began + settings.time_limit
    result = improve_by_groups(instance, hint, settings, deadline)
    result.unscheduled = unscheduled_entries(instance, result.appointments)
    if check_schedule(instance, result):
        return Schedule(hint.appointments, hint.unscheduled, optimal=False)
    return result


def unscheduled_entries(instance: Instance, appointments: list[Appointment]) -> list[Unscheduled]:
    booked = {(a.patient, a.consult) for a in appointments}
    entries = []
    for patient in instance.patients:
        missing: set[str] = set()
        for consult in topological_order(patient):
            if (patient.id, consult.id) in booked:
                continue
            missing.add(consult.id)
            blocked = [a for a in consult.after if a in missing]
            reason = (
                f"after {blocked[0]} unscheduled"
                if blocked
                else unscheduled_reason(instance, consult, patient.arrival)
            )
            entries.append(Unscheduled(patient.id, consult.id, reason))
    return entries
