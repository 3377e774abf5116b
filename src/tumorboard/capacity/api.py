"""The capacity app in the JSON API (/api/v1/capacity/...): the waiting list, sessions,
the week's plan and the bed forecast. Bad input is a 422 naming the field."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from tumorboard.accounts import door
from tumorboard.capacity import planning, queries, services
from tumorboard.capacity.views import get_department
from tumorboard.core.api_schemas import ApiDate, responses
from tumorboard.patients.models import Case
from tumorboard.patients.validation import InvalidInput

router = Router(tags=["capacity"])


class EntryIn(Schema):
    case: uuid.UUID
    procedure: str = ""
    procedure_detail: str = ""
    surgeon: str = Field(..., description="username of the surgeon")
    priority: str
    target_date: ApiDate | None = None
    earliest: ApiDate | None = None
    expected_los_days: int | None = None
    anaesthetic: str = "pending"
    consent: str = "pending"
    funding: str = "not_applicable"


class EntryOut(Schema):
    id: uuid.UUID
    case: uuid.UUID
    procedure: str
    priority: str
    listed_on: dt.date
    target_date: dt.date
    status: str
    breached: bool
    predicted_minutes: int
    predicted_from: int


class SessionIn(Schema):
    date: ApiDate
    room: str
    start: dt.time
    end: dt.time
    surgeon: str = Field(..., description="username of the surgeon")


class PinIn(Schema):
    session: uuid.UUID
    start: str = Field(..., pattern=r"^\d{2}:\d{2}$")


class PlanIn(Schema):
    week: ApiDate
    fixed: dict[str, PinIn] = {}
    time_limit: float = Field(planning.DEFAULT_TIME_LIMIT, gt=0, le=30)


class CreatedOut(Schema):
    id: uuid.UUID


class PlannedCaseOut(Schema):
    entry: uuid.UUID
    start: str
    end: str
    fixed: bool


class PlanListOut(Schema):
    session: uuid.UUID
    cases: list[PlannedCaseOut]


class UnscheduledOut(Schema):
    """A waiting-list entry the plan left out: the reason (an English template whose
    translation the pages show) and its parameters."""

    entry: uuid.UUID
    reason: str
    params: dict[str, Any] = {}


class PlanOut(Schema):
    id: uuid.UUID | None = None
    week: dt.date | None = None
    lists: list[PlanListOut]
    unscheduled: list[UnscheduledOut]
    summary: dict[str, Any]


class DayOut(Schema):
    date: dt.date
    inpatients: int
    planned: int
    occupied: int
    capacity: int
    over: bool


def _entry_out(u: queries.Urgency, history: dict[tuple[str, str], list[float]]) -> dict[str, Any]:
    e, p = u.entry, queries.predict(history, u.entry)
    return {"id": e.external_id, "case": e.case.external_id, "procedure": e.procedure,
            "priority": e.priority, "listed_on": e.listed_on, "target_date": e.target_date,
            "status": e.status, "breached": u.breached, "predicted_minutes": p.upper,
            "predicted_from": p.count}


@router.get("/capacity/departments/{department_id}/waiting-list",
            response=responses({200: list[EntryOut]}))
def waiting_list(request: HttpRequest, department_id: uuid.UUID) -> list[dict[str, Any]]:
    department = get_department(request.user, department_id)
    history = queries.duration_history(department)
    return [_entry_out(u, history) for u in queries.waiting_list(department, user=request.user)]


@router.post("/capacity/departments/{department_id}/waiting-list",
             response=responses({201: EntryOut}, 409))
def add_entry(request: HttpRequest, department_id: uuid.UUID,
              payload: EntryIn) -> tuple[int, dict[str, Any]]:
    department = get_department(request.user, department_id, write=True)
    case = door.get(request.user, Case, payload.case, action=door.CHANGE, record=None)
    values = payload.dict(exclude={"case"}, exclude_none=True)
    entry = services.do_add_entry(request.user, department, case, values, request=request)
    urgency = next(u for u in queries.waiting_list(department) if u.entry.pk == entry.pk)
    return 201, _entry_out(urgency, queries.duration_history(department))


@router.post("/capacity/departments/{department_id}/sessions",
             response=responses({201: CreatedOut}, 409))
def add_theatre_session(request: HttpRequest, department_id: uuid.UUID,
                        payload: SessionIn) -> tuple[int, dict[str, str]]:
    department = get_department(request.user, department_id, write=True)
    made = services.do_add_session(request.user, department, payload.dict(), request=request)
    return 201, {"id": str(made.external_id)}


@router.post("/capacity/departments/{department_id}/plan",
             response=responses({200: PlanOut}))
def replan_week(request: HttpRequest, department_id: uuid.UUID,
                payload: PlanIn) -> dict[str, Any]:
    department = get_department(request.user, department_id, write=True)
    fixed = {case: (str(pin.session), pin.start) for case, pin in payload.fixed.items()}
    if payload.week.weekday() != 0:
        raise InvalidInput({"week": _("A week starts on a Monday.")})
    run = planning.do_replan_week(request.user, department, payload.week, fixed=fixed,
                                  time_limit=payload.time_limit, request=request)
    return _plan_out(run)


def _plan_out(run: Any) -> dict[str, Any]:
    if run is None:
        return {"lists": [], "unscheduled": [], "summary": {}}
    lists: dict[str, list[dict[str, Any]]] = {}
    for p in queries.planned_cases(run):
        lists.setdefault(str(p.session.external_id), []).append(
            {"entry": str(p.entry.external_id), "start": f"{p.start:%H:%M}",
             "end": f"{p.end:%H:%M}", "fixed": p.fixed})
    return {"id": str(run.external_id), "week": run.week_start.isoformat(),
            "lists": [{"session": s, "cases": c} for s, c in lists.items()],
            "unscheduled": run.unscheduled, "summary": run.summary}


@router.get("/capacity/departments/{department_id}/plan",
            response=responses({200: PlanOut}))
def read_plan(request: HttpRequest, department_id: uuid.UUID,
              week: ApiDate | None = None) -> dict[str, Any]:
    """The week's current lists (default: next week)."""
    department = get_department(request.user, department_id)
    day = week or timezone.localdate() + dt.timedelta(days=7)
    return _plan_out(queries.latest_run(department, queries.monday(day)))


@router.get("/capacity/departments/{department_id}/forecast",
            response=responses({200: list[DayOut]}))
def bed_forecast(request: HttpRequest, department_id: uuid.UUID) -> list[dict[str, Any]]:
    department = get_department(request.user, department_id)
    return [{"date": d.date, "inpatients": d.inpatients, "planned": d.planned,
             "occupied": d.occupied, "capacity": d.capacity, "over": d.over}
            for d in queries.occupancy(department)]
