"""Reads of the capacity app, through the door: the waiting list in order of urgency,
predicted durations and stays from history, the census and the bed forecast."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from tumorboard.accounts import door
from tumorboard.accounts.access import AnyUser
from tumorboard.capacity import durations, forecast
from tumorboard.capacity import vocabulary as v
from tumorboard.capacity.models import (
    Admission,
    DayRecord,
    PlannedCase,
    PlanRun,
    TheatreSession,
    WaitingListEntry,
)
from tumorboard.network.models import Department

FORECAST_DAYS = 14
OPEN = (v.WAITING, v.SCHEDULED)


def departments(user: AnyUser) -> QuerySet[Department]:
    return door.scope(user, Department.objects.select_related("site")).order_by(
        "site__code", "name")


@dataclass(frozen=True)
class Urgency:
    entry: WaitingListEntry
    days_left: int
    breached: bool
    near: bool

    @property
    def overdue(self) -> int:
        return -self.days_left


def waiting_list(department: Department, today: dt.date | None = None, *,
                 user: AnyUser | None = None) -> list[Urgency]:
    """Open entries: breaches first, then near-breaches, then by target date and priority."""
    today = today or timezone.localdate()
    rows = (WaitingListEntry.objects.filter(department=department, status__in=OPEN)
            .select_related("case__patient", "surgeon"))
    if user is not None:
        rows = door.scope(user, rows)
    out = []
    for entry in rows:
        left = (entry.target_date - today).days
        out.append(Urgency(entry, left, left < 0, 0 <= left <= v.NEAR_BREACH_DAYS[entry.priority]))
    out.sort(key=lambda u: (not u.breached, not u.near, u.entry.target_date,
                            u.entry.priority, u.entry.pk))
    return out


def duration_history(department: Department) -> dict[tuple[str, str], list[float]]:
    rows = (DayRecord.objects.filter(department=department, outcome=v.OPERATED,
                                     actual_start__isnull=False, actual_end__isnull=False)
            .values_list("procedure", "surgeon_id", "actual_start", "actual_end"))
    return durations.group((proc, str(who), _span(start, end)) for proc, who, start, end in rows)


def _span(start: dt.time | None, end: dt.time | None) -> float:
    assert start is not None and end is not None  # the query keeps both times
    return float((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute))


def predict(history: dict[tuple[str, str], list[float]],
            entry: WaitingListEntry) -> durations.Prediction:
    return durations.predict(history, entry.procedure, str(entry.surgeon_id),
                             v.DEFAULT_DURATION_MIN)


def los_for(department: Department, procedure: str) -> durations.Prediction:
    """Length of stay from the department's completed stays after this procedure."""
    stays = [float((a.discharged_on - a.admitted_on).days or 1) for a in
             Admission.objects.filter(department=department, discharged_on__isnull=False,
                                      entry__procedure=procedure).exclude(entry=None)
             if a.discharged_on is not None]
    history = {(procedure, ""): stays} if procedure else {}
    return durations.predict(history, procedure, "", v.DEFAULT_LOS_DAYS)


def inpatients(department: Department) -> QuerySet[Admission]:
    return (Admission.objects.filter(department=department, discharged_on__isnull=True)
            .select_related("case__patient").order_by("admitted_on", "id"))


def latest_runs(department: Department, since: dt.date) -> list[PlanRun]:
    """The latest planning run of each week from ``since``'s week on."""
    runs: dict[dt.date, PlanRun] = {}
    for run in PlanRun.objects.filter(department=department,
                                      week_start__gte=since - dt.timedelta(days=6)):
        runs.setdefault(run.week_start, run)  # newest first (Meta.ordering)
    return list(runs.values())


def latest_run(department: Department, week_start: dt.date) -> PlanRun | None:
    return PlanRun.objects.filter(department=department, week_start=week_start).first()


def planned_cases(run: PlanRun | None) -> list[PlannedCase]:
    if run is None:
        return []
    return list(run.cases.select_related("session__surgeon", "entry__case__patient",
                                         "entry__surgeon", "record"))


def occupancy(department: Department, today: dt.date | None = None,
              horizon: int = FORECAST_DAYS, *,
              include_plans: bool = True) -> list[forecast.Day]:
    today = today or timezone.localdate()
    current = [(a.admitted_on, a.expected_los_days) for a in inpatients(department)]
    planned = []
    if include_plans:
        for run in latest_runs(department, today):
            for case in run.cases.select_related("session", "entry"):
                if case.session.date >= today and case.entry.status == v.SCHEDULED:
                    planned.append((case.session.date, case.entry.expected_los_days))
    return forecast.occupancy(today, horizon, department.beds, current, planned)


def week_sessions(department: Department, week_start: dt.date) -> list[TheatreSession]:
    return list(TheatreSession.objects.filter(
        department=department, date__gte=week_start,
        date__lt=week_start + dt.timedelta(days=7)).select_related("surgeon"))


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())
