"""Planning a week: the instance (shared/contracts/theatre.md) built from the waiting list,
the week's sessions and the bed census; the optimiser's lists stored as a PlanRun.

``do_replan_week`` is the one service call behind the week page: the coordinator's fixed
cases stay where they were put and the optimiser plans the rest around them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.capacity import forecast, queries
from tumorboard.capacity import vocabulary as v
from tumorboard.capacity.models import PlannedCase, PlanRun, TheatreSession, WaitingListEntry
from tumorboard.network.models import Department
from tumorboard.patients.validation import InvalidInput

TURNOVER_MIN = 30
DEFAULT_TIME_LIMIT = 10.0
NOT_READY = gettext_noop("the pre-operative checks are not complete")
Fixed = dict[str, tuple[str, str]]


def _hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


def _time(text: str) -> dt.time:
    return dt.datetime.strptime(text, "%H:%M").time()


def candidates(department: Department, week_start: dt.date) -> list[WaitingListEntry]:
    """Open entries not planned into another week's current list."""
    other = set()
    for run in queries.latest_runs(department, week_start):
        if run.week_start != week_start:
            other |= set(run.cases.values_list("entry_id", flat=True))
    rows = (WaitingListEntry.objects.filter(department=department, status__in=queries.OPEN)
            .exclude(pk__in=other).select_related("case__patient", "surgeon"))
    return list(rows)


def build_instance(department: Department, week_start: dt.date,
                   today: dt.date | None = None) -> tuple[dict[str, Any],
                                                           list[WaitingListEntry]]:
    """The instance and the entries left out before planning (checks not complete)."""
    today = today or timezone.localdate()
    sessions = queries.week_sessions(department, week_start)
    first = min((s.date for s in sessions), default=week_start)
    history = queries.duration_history(department)
    entries = candidates(department, week_start)
    ready = [e for e in entries if e.ready]
    days = (week_start + dt.timedelta(days=7) - today).days
    beds = forecast.occupancy(today, max(days, 1), department.beds,
                              [(a.admitted_on, a.expected_los_days)
                               for a in queries.inpatients(department)], [])
    occupied = {d.date.isoformat(): d.inpatients for d in beds
                if d.date >= week_start and d.inpatients}
    instance = {
        "turnover_min": TURNOVER_MIN,
        "beds": {"capacity": department.beds, "occupied": occupied},
        "sessions": [{"id": str(s.external_id), "date": s.date.isoformat(), "room": s.room,
                      "start": _hhmm(s.start), "end": _hhmm(s.end),
                      "surgeon": str(s.surgeon_id)} for s in sessions],
        "cases": [_case(e, history, first, today) for e in ready],
    }
    return instance, [e for e in entries if not e.ready]


def _case(entry: WaitingListEntry, history: dict[tuple[str, str], list[float]],
          first: dt.date, today: dt.date) -> dict[str, Any]:
    earliest = max(entry.earliest or entry.listed_on, today)
    return {"id": str(entry.external_id), "surgeon": str(entry.surgeon_id),
            "duration_min": queries.predict(history, entry).upper,
            "priority": entry.priority, "waiting_days": max((first - entry.listed_on).days, 0),
            "target_days": (entry.target_date - entry.listed_on).days,
            "los_days": entry.expected_los_days, "earliest": earliest.isoformat()}


def _check_fixed(instance: dict[str, Any], fixed: Fixed) -> None:
    """A fixed case must be planned this week, in a session of its own surgeon, in hours."""
    sessions = {s["id"]: s for s in instance["sessions"]}
    cases = {c["id"]: c for c in instance["cases"]}
    for case_id, (session_id, start) in fixed.items():
        case, session = cases.get(case_id), sessions.get(session_id)
        if case is None:
            raise InvalidInput({"case": _("This case is not on this week's waiting list.")})
        if session is None:
            raise InvalidInput({"session": _("Choose a session of this week.")})
        if session["surgeon"] != case["surgeon"]:
            raise InvalidInput({"session": _("The case is in another surgeon's session.")})
        if not session["start"] <= start < session["end"]:
            raise InvalidInput({"start": _("The start lies outside the session.")})


def optimise(instance: dict[str, Any], fixed: Fixed,
             time_limit: float) -> tuple[dict[str, Any], str]:
    """The optimiser's lists (imported here: the pure package is optional until it lands)."""
    try:
        from tumorboard.capacity.theatre import InstanceError, baseline, solve
    except ImportError:
        from tumorboard.capacity import fallback

        return fallback.plan(instance, fixed), "baseline"
    try:
        if fixed or time_limit > 0:
            return solve(instance, time_limit=time_limit, fixed=fixed or None), "optimiser"
        return baseline(instance), "baseline"
    except InstanceError as error:
        raise InvalidInput({error.field: error.message}) from None


def fixed_from(run: PlanRun | None, keep: set[str]) -> Fixed:
    """The cases of the current lists the coordinator chose to keep, where they are."""
    if run is None:
        return {}
    return {str(p.entry.external_id): (str(p.session.external_id), _hhmm(p.start))
            for p in queries.planned_cases(run) if str(p.entry.external_id) in keep}


@transaction.atomic
def do_replan_week(user: AnyUser | None, department: Department, week_start: dt.date, *,
                   fixed: Fixed | None = None, time_limit: float = DEFAULT_TIME_LIMIT,
                   request: HttpRequest | None = None) -> PlanRun:
    if user is not None:
        door.require(user, door.CLINICAL, door.CHANGE)
        door.require_site(user, department.site_id)
    if week_start.weekday() != 0:
        raise InvalidInput({"week": _("A week starts on a Monday.")})
    fixed = dict(fixed or {})
    instance, not_ready = build_instance(department, week_start)
    if not instance["sessions"]:
        raise InvalidInput({"week": _("This week has no theatre sessions.")})
    _check_fixed(instance, fixed)
    lists, method = optimise(instance, fixed, time_limit)
    return _store(user, department, week_start, instance, lists, method, fixed, not_ready,
                  request)


def _store(user: AnyUser | None, department: Department, week_start: dt.date,
           instance: dict[str, Any], lists: dict[str, Any], method: str, fixed: Fixed,
           not_ready: list[WaitingListEntry], request: HttpRequest | None) -> PlanRun:
    previous = queries.latest_run(department, week_start)
    entries = {str(e.external_id): e for e in WaitingListEntry.objects.filter(
        external_id__in=[c["id"] for c in instance["cases"]])}
    sessions = {str(s.external_id): s for s in TheatreSession.objects.filter(
        external_id__in=[s["id"] for s in instance["sessions"]])}
    unscheduled = [{"entry": u["id"], "reason": u.get("msgid") or u["reason"],
                    "params": u.get("params") or {}} for u in lists.get("unscheduled", [])]
    unscheduled += [{"entry": str(e.external_id), "reason": NOT_READY, "params": {}}
                    for e in not_ready]
    run = PlanRun.objects.create(department=department, site=department.site,
                                 week_start=week_start, by=user if isinstance(user, User)
                                 else None, method=method, instance=instance,
                                 summary=lists.get("summary", {}), unscheduled=unscheduled)
    booked = set()
    for item in lists.get("lists", []):
        for case in item["cases"]:
            entry = entries[case["id"]]
            booked.add(entry.pk)
            PlannedCase.objects.create(run=run, session=sessions[item["session"]], entry=entry,
                                       start=_time(case["start"]), end=_time(case["end"]),
                                       duration_min=_minutes(case["end"]) - _minutes(case["start"]),
                                       fixed=case["id"] in fixed)
    was = set(previous.cases.values_list("entry_id", flat=True)) if previous else set()
    WaitingListEntry.objects.filter(pk__in=booked).update(status=v.SCHEDULED)
    WaitingListEntry.objects.filter(pk__in=(was | {e.pk for e in entries.values()}) - booked,
                                    status=v.SCHEDULED).update(status=v.WAITING)
    audit.record(user=user, action="create", object_type="theatre_plan",
                 object_id=run.external_id, site_id=department.site_id, request=request,
                 detail={"week": week_start.isoformat(), "method": method,
                         "booked": len(booked), "fixed": len(fixed),
                         "patients": sorted(str(e.case.patient.external_id)
                                            for e in entries.values())})
    return run


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)
