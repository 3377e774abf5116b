"""The one-stop clinic in the JSON API (/api/v1/clinic/...)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from tumorboard.accounts import door
from tumorboard.clinic import presenters, scheduling, services
from tumorboard.clinic.models import Booking, ClinicDay, ClinicianSession
from tumorboard.clinic.views import get_day
from tumorboard.core.api_schemas import ApiDate, responses
from tumorboard.patients import queries
from tumorboard.patients.validation import InvalidInput

router = Router(tags=["clinic"])
MAX_TIME_LIMIT = 30.0


class SessionIn(Schema):
    user: str = Field(..., description="username of the clinician")
    specialty: str = ""
    windows: list[list[int]] | None = Field(None, description="[start, end) minutes")
    breaks: list[list[int]] = []
    room: str = ""


class DayIn(Schema):
    site: str
    pathway: str
    date: ApiDate
    opening: dt.time = dt.time(8, 0)
    horizon: int = 540
    sessions: list[SessionIn] = []
    staff_from_site: bool = False


class BookingIn(Schema):
    case: uuid.UUID
    arrival: int = 0
    priority: int = 1
    walk_in: bool = False


class OptimiseIn(Schema):
    now: int | None = Field(None, description="re-plan from this minute (default: the clock)")
    time_limit: float = Field(scheduling.DEFAULT_TIME_LIMIT, gt=0, le=MAX_TIME_LIMIT)


class SessionOut(Schema):
    id: uuid.UUID
    user: str
    specialty: str
    windows: list[list[int]]
    breaks: list[list[int]]
    room: str
    away_from: int | None
    available: list[list[int]]


class DayOut(Schema):
    id: uuid.UUID
    site: str
    pathway: str
    template: str
    date: dt.date
    opening: str
    horizon: int
    sessions: list[SessionOut] | None = None


class ConsultOut(Schema):
    id: uuid.UUID
    code: str
    label: str
    specialties: list[str]
    duration: int
    after: list[str]
    room: str
    done: bool
    start: int | None
    end: int | None
    clinicians: list[str]
    unscheduled_reason: str


class BookingOut(Schema):
    id: uuid.UUID
    case: uuid.UUID
    patient: uuid.UUID
    arrival: int
    priority: int
    walk_in: bool
    consults: list[ConsultOut]


class ScheduleOut(Schema):
    """The stored schedule in the solver's contract shape (shared/contracts/schedule.md)."""

    day: uuid.UUID
    appointments: list[dict[str, Any]]
    unscheduled: list[dict[str, Any]]
    metrics: dict[str, Any] | None
    mean_wait_before: float | None
    mean_wait_after: float | None
    baseline: Any
    instance: dict[str, Any]


class OptimiseOut(Schema):
    kind: str
    now: int | None
    schedule: dict[str, Any]
    mean_wait_before: float | None
    mean_wait_after: float | None
    baseline: Any
    instance: dict[str, Any]


def session_values(body: SessionIn) -> dict[str, Any]:
    values = body.dict(exclude_none=True)
    return {k: v for k, v in values.items() if v not in ("", None)}


def session_out(session: ClinicianSession) -> dict[str, Any]:
    return {"id": session.external_id, "user": session.solver_id,
            "specialty": session.specialty, "windows": session.windows,
            "breaks": session.breaks, "room": session.room, "away_from": session.away_from,
            "available": scheduling.available_windows(session, session.day.horizon)}


def day_out(day: ClinicDay, sessions: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": day.external_id, "site": day.site.code, "pathway": day.template.pathway,
        "template": day.template.name, "date": day.date, "opening": day.opening.strftime("%H:%M"),
        "horizon": day.horizon}
    if sessions:
        out["sessions"] = [session_out(s) for s in day.sessions.select_related("user", "day")]
    return out


def booking_out(booking: Booking) -> dict[str, Any]:
    return {
        "id": booking.external_id, "case": booking.case.external_id,
        "patient": booking.case.patient.external_id, "arrival": booking.arrival,
        "priority": booking.priority, "walk_in": booking.walk_in,
        "consults": [{"id": c.external_id, "code": c.code, "label": c.label,
                      "specialties": c.specialties, "duration": c.duration, "after": c.after,
                      "room": c.room, "done": c.done, "start": c.start, "end": c.end,
                      "clinicians": [s.solver_id for s in c.clinicians.all()],
                      "unscheduled_reason": c.unscheduled_reason}
                     for c in booking.consults.all()],
    }


def _bookings(day: ClinicDay) -> list[Booking]:
    return list(day.bookings.select_related("case__patient")
                .prefetch_related("consults__clinicians__user").order_by("arrival", "id"))


@router.get("/clinic/days", response=responses({200: list[DayOut]}))
def list_days(request: HttpRequest, site: str | None = None,
              date_from: ApiDate | None = None) -> list[dict[str, Any]]:
    days = door.scope(request.user, ClinicDay.objects.all())
    if site:
        days = days.filter(site__code=site)
    if date_from:
        days = days.filter(date__gte=date_from)
    return [day_out(d) for d in days.select_related("site", "template").order_by("date")[:500]]


@router.post("/clinic/days", response=responses({201: DayOut}, 409))
def create_day(request: HttpRequest, body: DayIn) -> Status[dict[str, Any]]:
    door.require(request.user, door.CLINICAL, door.CHANGE)
    site = door.sites_for(request.user).filter(code=body.site).first()
    if site is None:
        raise InvalidInput({"site": _("You are not a member of the site %(code)s.") % {
            "code": body.site}})
    day = services.do_create_day(
        request.user, site, pathway=body.pathway, date=body.date, opening=body.opening,
        horizon=body.horizon, sessions=[session_values(s) for s in body.sessions],
        staff_from_site=body.staff_from_site, request=request)
    return Status(201, day_out(day, sessions=True))


@router.get("/clinic/days/{day_id}", response=responses({200: DayOut}))
def read_day(request: HttpRequest, day_id: uuid.UUID) -> dict[str, Any]:
    return day_out(get_day(request.user, day_id), sessions=True)


@router.post("/clinic/days/{day_id}/sessions", response=responses({201: SessionOut}, 409))
def add_session(request: HttpRequest, day_id: uuid.UUID,
                body: SessionIn) -> Status[dict[str, Any]]:
    day = get_day(request.user, day_id, write=True)
    session = services.do_add_session(request.user, day, session_values(body), request=request)
    return Status(201, session_out(session))


@router.get("/clinic/days/{day_id}/bookings", response=responses({200: list[BookingOut]}))
def list_bookings(request: HttpRequest, day_id: uuid.UUID) -> list[dict[str, Any]]:
    day = get_day(request.user, day_id)
    bookings = _bookings(day)
    presenters.audit_day_view(request.user, day, bookings, request)
    return [booking_out(b) for b in bookings]


@router.post("/clinic/days/{day_id}/bookings", response=responses({201: BookingOut}, 409))
def create_booking(request: HttpRequest, day_id: uuid.UUID,
                   body: BookingIn) -> Status[dict[str, Any]]:
    day = get_day(request.user, day_id, write=True)
    case = queries.get_case(request.user, body.case, write=True)
    booking = services.do_book_case(request.user, day, case, arrival=body.arrival,
                                    priority=body.priority, walk_in=body.walk_in,
                                    request=request)
    return Status(201, booking_out(booking))


@router.get("/clinic/days/{day_id}/schedule", response=responses({200: ScheduleOut}))
def read_schedule(request: HttpRequest, day_id: uuid.UUID) -> dict[str, Any]:
    """The stored schedule in the solver's contract shape (patient = booking id)."""
    day = get_day(request.user, day_id)
    bookings = _bookings(day)
    presenters.audit_day_view(request.user, day, bookings, request)
    run = scheduling.latest_run(day)
    appointments = scheduling.stored_appointments(day)
    unscheduled = [{"patient": b.solver_id, "consult": c.code, "reason": c.unscheduled_reason}
                   for b in bookings for c in b.consults.all()
                   if c.start is None and c.unscheduled_reason and not c.done]
    return {
        "day": day.external_id,
        "appointments": [{"patient": a.patient, "consult": a.consult,
                          "clinicians": list(a.clinicians), "start": a.start, "end": a.end}
                         for a in sorted(appointments, key=lambda a: (a.start, a.patient))],
        "unscheduled": unscheduled,
        "metrics": run.schedule["metrics"] if run else None,
        "mean_wait_before": run.mean_wait_before if run else None,
        "mean_wait_after": run.mean_wait_after if run else None,
        "baseline": run.baseline if run else None,
        "instance": scheduling.build_instance(day),
    }


@router.post("/clinic/days/{day_id}/schedule", response=responses({200: OptimiseOut}, 409))
def optimise(request: HttpRequest, day_id: uuid.UUID, body: OptimiseIn) -> dict[str, Any]:
    day = get_day(request.user, day_id, write=True)
    run = scheduling.do_optimise(request.user, day, now=body.now, time_limit=body.time_limit,
                                 request=request)
    return {"kind": run.kind, "now": run.now, "schedule": run.schedule,
            "mean_wait_before": run.mean_wait_before, "mean_wait_after": run.mean_wait_after,
            "baseline": run.baseline, "instance": run.instance}
