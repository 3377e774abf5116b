"""The demo department's past: eight weeks of theatre sessions up to yesterday, each filled
with operations recorded on the day (actual start and end, or a coded cancellation) and the
stays that followed. Written in bulk for speed (the loader's own convention); the predicted
durations and stays then rest on these counts. ``top_up_beds`` admits through the service
until about 30 of the 40 beds are taken."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from tumorboard.capacity import demo_people as people
from tumorboard.capacity import queries, services
from tumorboard.capacity import vocabulary as v
from tumorboard.capacity.models import (
    Admission,
    BedMove,
    DayRecord,
    PlannedCase,
    PlanRun,
    SessionTemplate,
    TheatreSession,
    WaitingListChange,
    WaitingListEntry,
)
from tumorboard.network.models import Department
from tumorboard.patients.models import Case

WEEKS = 8
TURNOVER = 30
CANCEL_RATE = 0.06
IN_BEDS = 30
WARDS = ("7A", "7B")


@dataclass
class Rows:
    sessions: list[TheatreSession] = field(default_factory=list)
    runs: list[PlanRun] = field(default_factory=list)
    entries: list[WaitingListEntry] = field(default_factory=list)
    planned: list[PlannedCase] = field(default_factory=list)
    records: list[DayRecord] = field(default_factory=list)
    admissions: list[Admission] = field(default_factory=list)
    open_cases: set[int] = field(default_factory=set)


def _time(minutes: int) -> dt.time:
    return dt.time(min(minutes, 23 * 60 + 59) // 60, min(minutes, 23 * 60 + 59) % 60)


def _m(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def _cycle(cases: list[Case], rng: random.Random) -> Iterator[Case]:
    order = list(cases)
    while order:
        rng.shuffle(order)
        yield from order


def load(department: Department, staff: dict[str, User], pools: dict[str, list[Case]],
         rng: random.Random, today: dt.date) -> int:
    """The past weeks' sessions, lists and records; returns the operations recorded."""
    rows = Rows()
    feeds = {s.username: _cycle([c for p in s.pathways for c in pools.get(p, [])], rng)
             for s in people.SURGEONS}
    first = queries.monday(today) - dt.timedelta(days=7 * WEEKS)
    templates = list(SessionTemplate.objects.filter(department=department))
    for week in range(WEEKS + 1):
        monday = first + dt.timedelta(days=7 * week)
        run = PlanRun(department=department, site=department.site, week_start=monday,
                      method="demo", instance={}, unscheduled=[])
        rows.runs.append(run)
        for template in templates:
            date = monday + dt.timedelta(days=template.weekday)
            if date >= today:
                continue
            session = TheatreSession(department=department, site=department.site,
                                     template=template, date=date, room=template.room,
                                     start=template.start, end=template.end,
                                     surgeon=template.surgeon)
            rows.sessions.append(session)
            _fill(rows, run, session, staff, feeds, rng, today)
    _save(rows)
    return sum(r.outcome == v.OPERATED for r in rows.records)


def _surgeon_of(session: TheatreSession, staff: dict[str, User]) -> people.Surgeon:
    username = next(name for name, user in staff.items() if user.pk == session.surgeon_id)
    return next(s for s in people.SURGEONS if s.username == username)


def _fill(rows: Rows, run: PlanRun, session: TheatreSession, staff: dict[str, User],
          feeds: dict[str, Iterator[Case]], rng: random.Random, today: dt.date) -> None:
    """Book the session to its end with typical times, then record what happened."""
    surgeon = _surgeon_of(session, staff)
    booked = _m(session.start)
    actual = booked + (rng.randint(0, 12) if rng.random() < 0.8 else rng.randint(16, 45))
    while True:
        case = next(feeds[surgeon.username], None)
        if case is None:
            return
        procedure = rng.choice(people.procedures_for(surgeon, case.pathway))
        typical, los = people.TYPICAL[procedure]
        planned_min = 5 * math.ceil(typical * surgeon.speed * 1.1 / 5)
        if booked + planned_min > _m(session.end):
            return
        entry = _entry(rows, session, surgeon, case, procedure, los, staff, rng)
        planned = PlannedCase(run=run, session=session, entry=entry, start=_time(booked),
                              end=_time(booked + planned_min), duration_min=planned_min)
        rows.planned.append(planned)
        booked += planned_min + TURNOVER
        record = DayRecord(planned=planned, site=session.site, department=session.department,
                           procedure=procedure, surgeon=session.surgeon, date=session.date,
                           outcome=v.OPERATED)
        rows.records.append(record)
        if rng.random() < CANCEL_RATE:
            record.outcome = v.CANCELLED
            record.cancel_reason = _reason(rng)
            relist = (today - session.date).days <= 14 and case.patient.date_of_death is None \
                and case.status != "closed"
            entry.status = v.WAITING if relist else v.REMOVED
            continue
        minutes = max(20, round(typical * surgeon.speed * rng.lognormvariate(0, 0.18)))
        record.actual_start, record.actual_end = _time(actual), _time(actual + minutes)
        actual = max(actual + minutes + rng.randint(20, 40), booked)
        _stay(rows, entry, session.date, los, rng, today)


def _reason(rng: random.Random) -> str:
    return rng.choices([c for c, _w in people.CANCEL_MIX],
                       weights=[w for _c, w in people.CANCEL_MIX])[0]


def _entry(rows: Rows, session: TheatreSession, surgeon: people.Surgeon, case: Case,
           procedure: str, los: int, staff: dict[str, User],
           rng: random.Random) -> WaitingListEntry:
    priority = rng.choices([p for p, _w in people.PRIORITY_MIX],
                           weights=[w for _p, w in people.PRIORITY_MIX])[0]
    target = v.TARGET_DAYS[priority]
    # Most operations come in time; about one in ten waits past its target.
    wait = rng.randint(0, target) if rng.random() < 0.9 else target + rng.randint(1, 10)
    listed = session.date - dt.timedelta(days=wait)
    entry = WaitingListEntry(department=session.department, site=session.site, case=case,
                             procedure=procedure, surgeon=staff[surgeon.username],
                             priority=priority, listed_on=listed,
                             target_date=listed + dt.timedelta(days=target),
                             expected_los_days=los, anaesthetic="done", consent="done",
                             status=v.DONE)
    rows.entries.append(entry)
    return entry


def _stay(rows: Rows, entry: WaitingListEntry, date: dt.date, los: int, rng: random.Random,
          today: dt.date) -> None:
    """Admitted on the day of surgery; still in a bed if the stay reaches past today."""
    days = max(1, round(los * rng.lognormvariate(0, 0.3)))
    out: dt.date | None = date + dt.timedelta(days=days)
    assert out is not None
    if out > today:
        if entry.case_id in rows.open_cases:
            out = today
        else:
            rows.open_cases.add(entry.case_id)
            out = None
    rows.admissions.append(Admission(department=entry.department, site=entry.site,
                                     case=entry.case, entry=entry, admitted_on=date,
                                     expected_los_days=los, ward=rng.choice(WARDS),
                                     discharged_on=out))


def _save(rows: Rows) -> None:
    TheatreSession.objects.bulk_create(rows.sessions)
    for run in rows.runs:
        mine = [p for p in rows.planned if p.run is run]
        minutes = sum(p.duration_min for p in mine)
        available = sum(s.minutes for s in {p.session.pk: p.session for p in mine}.values())
        late = sum(p.session.date > p.entry.target_date for p in mine)
        run.summary = {"booked": len(mine), "booked_minutes": minutes, "breaches": late,
                       "utilisation": round(minutes / available, 3) if available else 0.0}
    PlanRun.objects.bulk_create(rows.runs)
    WaitingListEntry.objects.bulk_create(rows.entries)
    WaitingListChange.objects.bulk_create(
        WaitingListChange(entry=e, note="listed", changes={"priority": [None, e.priority]})
        for e in rows.entries)
    PlannedCase.objects.bulk_create(rows.planned)
    DayRecord.objects.bulk_create(rows.records)
    Admission.objects.bulk_create(rows.admissions)
    BedMove.objects.bulk_create(
        move for a in rows.admissions for move in (
            BedMove(admission=a, kind="admit", on=a.admitted_on, ward=a.ward),
            *([BedMove(admission=a, kind="discharge", on=a.discharged_on, ward=a.ward)]
              if a.discharged_on else [])))


def top_up_beds(department: Department, pools: dict[str, list[Case]], listed: set[int],
                rng: random.Random, today: dt.date) -> int:
    """Emergency admissions (bone metastases first, patients not on the list first) until
    IN_BEDS beds are taken; returns the census."""
    busy = set(queries.inpatients(department).values_list("case_id", flat=True))
    spare = [c for p in ("bone_metastasis", "sarcoma", "melanoma", "breast")
             for c in pools.get(p, []) if c.pk not in busy]
    spare.sort(key=lambda c: c.pk in listed)
    for case in spare[:max(0, IN_BEDS - len(busy))]:
        services.do_admit(None, department, case, {
            "admitted_on": today - dt.timedelta(days=rng.randint(0, 4)),
            "expected_los_days": rng.randint(5, 10), "ward": rng.choice(WARDS)})
        busy.add(case.pk)
    return len(busy)
