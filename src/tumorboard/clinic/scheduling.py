"""From a clinic day to the solver's instance and back: solve, re-plan, store.

Solver ids: a clinician is her username (unique within a day), a patient is the booking's
external id, a consult is its code (unique within a booking).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tumorboard.accounts import audit
from tumorboard.accounts.access import AnyUser
from tumorboard.clinic import actual
from tumorboard.clinic.models import Booking, ClinicDay, ClinicianSession, Consult, ScheduleRun
from tumorboard.clinic.services import (
    _real,
    do_book_case,
    do_call_away,
    do_mark_late,
    require_manage,
    within_day,
)
from tumorboard.clinic.solver import (
    Appointment,
    InstanceError,
    Schedule,
    SolverSettings,
    first_come_first_served,
    parse_instance,
    replan,
    solve,
)
from tumorboard.clinic.solver.schedule import patient_waits
from tumorboard.patients.models import Case
from tumorboard.patients.validation import InvalidInput

DEFAULT_TIME_LIMIT = 3.0  # seconds: a coordinator waits for the button, not for a batch
# a re-plan set off by the day's events (a late check-in or a no-show at the desk, a consult
# starting off plan or over-running on a clinician's tablet) holds up that click; the
# solver's whole-day phases use all the time they are given unless they prove their answer
EVENT_TIME_LIMIT = 1.0


def available_windows(session: ClinicianSession, horizon: int) -> list[list[int]]:
    """The session's windows minus its breaks, cut where she was called away."""
    end_of_day = horizon if session.away_from is None else min(horizon, session.away_from)
    pieces = [[max(0, s), min(e, end_of_day)] for s, e in session.windows]
    for break_start, break_end in session.breaks:
        cut = []
        for start, end in pieces:
            if break_start > start:
                cut.append([start, min(end, break_start)])
            if break_end < end:
                cut.append([max(start, break_end), end])
        pieces = cut
    return [[s, e] for s, e in sorted(pieces) if s < e]


def _bookings(day: ClinicDay) -> list[Booking]:
    return list(day.bookings.select_related("case__patient")
                .prefetch_related("consults__clinicians__user").order_by("arrival", "id"))


def build_instance(day: ClinicDay) -> dict[str, Any]:
    """The solver instance of the day (shared/contracts/schedule.md), from the facts of
    the day once it runs (clinic.actual)."""
    sessions = day.sessions.select_related("user").order_by("user__username")
    patients = []
    for booking in _bookings(day):
        entry = actual.patient_entry(booking, list(booking.consults.all()))
        if entry is not None:
            patients.append(entry)
    clinicians = [{"id": s.solver_id, "specialty": s.specialty,
                   "available": available_windows(s, day.horizon)} for s in sessions]
    return {
        "horizon": day.horizon,
        "clinicians": actual.carve_busy(clinicians, actual.busy_minutes(day)),
        "patients": patients,
    }


def stored_appointments(day: ClinicDay) -> list[Appointment]:
    """The day's current schedule as kept on its consults."""
    appointments = []
    for booking in _bookings(day):
        for consult in booking.consults.all():
            if consult.start is None or consult.end is None:
                continue
            order = {s: i for i, s in enumerate(consult.specialties)}
            sessions = sorted(consult.clinicians.all(), key=lambda s: order.get(s.specialty, 0))
            appointments.append(Appointment(booking.solver_id, consult.code,
                                            tuple(s.solver_id for s in sessions),
                                            consult.start, consult.end))
    return appointments


def mean_wait(appointments: list[Appointment]) -> float | None:
    waits = patient_waits(appointments)
    return round(sum(waits.values()) / len(waits), 3) if waits else None


def minute_now(day: ClinicDay) -> int:
    """Minutes since the opening if the day is today (0 before it, the horizon after it)."""
    now = timezone.localtime()
    opening = timezone.make_aware(dt.datetime.combine(day.date, day.opening))
    minutes = int((now - opening).total_seconds() // 60)
    return max(0, min(day.horizon, minutes))


@transaction.atomic
def do_optimise(user: AnyUser, day: ClinicDay, *, now: int | None = None,
                time_limit: float = DEFAULT_TIME_LIMIT, event: str = "",
                request: HttpRequest | None = None) -> ScheduleRun:
    """Solve the day, or re-plan it from `now` when a schedule exists and the day has begun.

    Re-planning keeps appointments that started before `now` exactly and moves as few
    others as it can (the solver's replan).
    """
    require_manage(user, day.site_id)
    ClinicDay.objects.select_for_update().filter(pk=day.pk).first()  # one solve at a time
    if now is not None and not 0 <= now <= day.horizon:
        raise InvalidInput({"now": within_day(day.horizon)})
    data = build_instance(day)
    try:
        instance = parse_instance(data)
    except InstanceError as error:
        raise InvalidInput({error.place: error.message}) from None
    previous = [a for a in stored_appointments(day) if _still_known(instance, a)]
    settings = SolverSettings(time_limit=time_limit)
    if previous:
        before, baseline = mean_wait(previous), "previous"
    else:
        before = mean_wait(first_come_first_served(instance).appointments)
        baseline = "fcfs"
    moment = minute_now(day) if now is None else now
    facts = moment > 0 and actual.runs_on_facts(day)
    if facts:
        previous, moment = actual.previous_and_now(day, previous, moment)
    if (previous or facts) and moment > 0:
        try:
            result = replan(instance, Schedule(previous, []), moment, settings)
        except InstanceError as error:
            raise InvalidInput({error.place: error.message}) from None
        kind = ScheduleRun.Kind.REPLAN
    else:
        result, kind, moment = solve(instance, settings), ScheduleRun.Kind.OPTIMISE, 0
    schedule = result.to_json(instance)
    _store(day, schedule)
    after = mean_wait(result.appointments)
    run = ScheduleRun.objects.create(
        day=day, kind=kind, now=moment, event=event[:300], instance=data, schedule=schedule,
        baseline=baseline, mean_wait_before=before, mean_wait_after=after, run_by=_real(user))
    audit.record(user=user, action="update", object_type="clinic_schedule",
                 object_id=day.external_id, site_id=day.site_id, request=request,
                 detail={"kind": kind, "now": moment, "event": event[:300],
                         "scheduled": schedule["metrics"]["scheduled"],
                         "consults": schedule["metrics"]["consults"],
                         "mean_wait_before": before, "mean_wait_after": after})
    return run



# One user action, one transaction: the event and the re-plan it triggers commit together, so
# a re-plan that fails (bad instance, solver error) leaves no half-recorded event behind.
# Durable because each is always the outermost transaction of its action.


@transaction.atomic(durable=True)
def do_mark_late_and_replan(user: AnyUser, booking: Booking, arrival: int, now: int, *,
                            request: HttpRequest | None = None) -> ScheduleRun:
    do_mark_late(user, booking, arrival, request=request)
    return do_optimise(user, booking.day, now=now, event="late",
                       request=request)


@transaction.atomic(durable=True)
def do_walk_in_and_replan(user: AnyUser, day: ClinicDay, case: Case, now: int, *,
                          request: HttpRequest | None = None) -> ScheduleRun:
    do_book_case(user, day, case, arrival=max(0, now), walk_in=True, request=request)
    return do_optimise(user, day, now=now, event="walk-in",
                       request=request)


@transaction.atomic(durable=True)
def do_call_away_and_replan(user: AnyUser, session: ClinicianSession, from_minute: int, *,
                            request: HttpRequest | None = None) -> ScheduleRun:
    do_call_away(user, session, from_minute, request=request)
    return do_optimise(user, session.day, now=from_minute,
                       event="away", request=request)


def _still_known(instance: Any, appointment: Appointment) -> bool:
    """Drop stored appointments whose consult, duration or clinician no longer exist."""
    patient = next((p for p in instance.patients if p.id == appointment.patient), None)
    if patient is None:
        return False
    consult = next((c for c in patient.consults if c.id == appointment.consult), None)
    known = {c.id for c in instance.clinicians}
    return (consult is not None and consult.duration == appointment.end - appointment.start
            and all(c in known for c in appointment.clinicians))


def _store(day: ClinicDay, schedule: dict[str, Any]) -> None:
    """Write the appointments and the unscheduled reasons onto the consults."""
    sessions = {s.solver_id: s for s in day.sessions.select_related("user")}
    consults = {(c.booking.solver_id, c.code): c
                for c in Consult.objects.filter(booking__day=day).select_related("booking")}
    finished = {key for key, c in consults.items() if c.actual_end is not None}
    for key, consult in consults.items():
        if key in finished:  # history: shown where it actually was
            consult.start, consult.end = consult.actual_start, consult.actual_end
        else:
            consult.start = consult.end = None
        consult.unscheduled_reason = ""
    for item in schedule["appointments"]:
        consult = consults[(item["patient"], item["consult"])]
        consult.start, consult.end = item["start"], item["end"]
        consult.clinicians.set([sessions[c] for c in item["clinicians"]])
    for item in schedule["unscheduled"]:
        consult = consults[(item["patient"], item["consult"])]
        consult.unscheduled_reason = item["reason"][:300]
        consult.clinicians.clear()
    for key, consult in consults.items():
        if key not in finished and consult.start is None and not consult.unscheduled_reason:
            consult.unscheduled_reason = ("no-show" if consult.booking.no_show
                                          else "done" if consult.done else "")
    Consult.objects.bulk_update(list(consults.values()), ["start", "end", "unscheduled_reason"])


def latest_run(day: ClinicDay) -> ScheduleRun | None:
    return day.runs.order_by("-created", "-id").first()
