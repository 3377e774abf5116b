"""Past demo clinic days, run from check-in to the last consult through the services the
desk and the tablets use (check-in, no-show, call, start, finish), so the clinic measures
page has days to chart. Called by `tumorboard demo` after the demo clinic (idempotent).

Each day: breast cases of patients already treated, booked and optimised; everyone checks
in a little before her first appointment except one who does not come; consults start as
planned and one runs over, which re-plans the rest of the day as on a real one."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tumorboard.clinic import day_services, scheduling, services
from tumorboard.clinic.demo import put_demo_rooms
from tumorboard.clinic.models import Booking, ClinicDay, Consult
from tumorboard.network.models import Site
from tumorboard.patients.models import Case

HISTORY_DAYS = 5
PATIENTS_PER_DAY = 8
OVER_RUN_MINUTES = 10
EARLY_MINUTES = (0, 5, 10, 15)  # how long before her first appointment she checks in


def do_create_demo_history(site_code: str = "EAST", *, days: int = HISTORY_DAYS,
                           patients: int = PATIENTS_PER_DAY, time_limit: float = 0.5,
                           seed: int = 2026) -> list[ClinicDay]:
    """The last `days` weekdays before today, each run to its end. Not atomic: the day
    events are transactions of their own, as at the desk."""
    site = Site.objects.filter(code=site_code).first()
    coordinator = User.objects.filter(username="coordinator").first()
    if site is None or coordinator is None:
        return []
    dates = _weekdays_before(timezone.localdate(), days)
    existing = ClinicDay.objects.filter(site=site, template__pathway="breast", date__in=dates)
    if existing.exists():
        return list(existing.order_by("date"))
    treated = list(Case.objects.filter(site=site, pathway="breast")
                   .exclude(status__in=["referred", "work_up"])
                   .order_by("created", "id")[: days * patients])
    rng = random.Random(seed)
    made = []
    for index, date in enumerate(dates):
        cases = treated[index * patients:(index + 1) * patients]
        if not cases:
            break
        day = _planned_day(coordinator, site, date, cases, time_limit)
        _run_day(coordinator, day, rng, someone_leaves=index % 2 == 1)
        made.append(day)
    return made


def _weekdays_before(today: dt.date, count: int) -> list[dt.date]:
    dates: list[dt.date] = []
    day = today
    while len(dates) < count:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            dates.append(day)
    return sorted(dates)


@transaction.atomic
def _planned_day(user: User, site: Site, date: dt.date, cases: list[Case],
                 time_limit: float) -> ClinicDay:
    day = services.do_create_day(user, site, pathway="breast", date=date,
                                 staff_from_site=True, today=date)
    put_demo_rooms(day)
    for index, case in enumerate(cases):
        services.do_book_case(user, day, case, arrival=(index * 25) % 240)
    scheduling.do_optimise(user, day, now=0, time_limit=time_limit)
    return day


def _run_day(user: User, day: ClinicDay, rng: random.Random, someone_leaves: bool) -> None:
    """The day in time order: arrivals at the desk (one does not come) and consults that
    start when their time has come and their patient and clinicians are free; one consult
    runs OVER_RUN_MINUTES over, so the consults waiting for it start late and the rest of
    the day is re-planned, as at a real clinic. If `someone_leaves`, a patient goes home
    before her last consult: her visit is not one-stop."""
    bookings = list(day.bookings.order_by("id"))
    absent = rng.choice(bookings) if len(bookings) > 2 else None
    skipped = set()
    if someone_leaves:
        leaving = next(b for b in bookings if b != absent)
        last = leaving.consults.exclude(start=None).order_by("-start").first()
        skipped = {last.pk} if last is not None else set()
    arrivals: list[tuple[int, int, Booking]] = []  # (minute, 1 if she does not come, booking)
    for booking in bookings:
        starts = [c.start for c in booking.consults.all() if c.start is not None]
        if starts and booking == absent:
            arrivals.append((min(day.horizon, min(starts) + 15), 1, booking))
        elif starts:
            arrivals.append((max(0, min(starts) - rng.choice(EARLY_MINUTES)), 0, booking))
    arrivals.sort(key=lambda a: (a[0], a[2].pk))
    finishes: dict[int, int] = {}
    over_run_left = 1
    while True:
        event = _next_consult_event(day, finishes, skipped)
        if arrivals and (event is None or arrivals[0][0] <= event[0]):
            minute, absent_flag, booking = arrivals.pop(0)
            if absent_flag:
                day_services.do_no_show(user, booking, minute)
            else:
                day_services.do_check_in(user, booking, minute)
        elif event is None:
            return
        elif event[1] == 0:
            day_services.do_finish_consult(user, event[2], event[0])
        else:
            minute, _kind, consult = event
            day_services.do_call(user, consult, minute)
            day_services.do_start_consult(user, consult, minute)
            late = over_run_left > 0 and rng.random() < 0.15
            over_run_left -= late
            length = consult.duration + (OVER_RUN_MINUTES if late else 0)
            finishes[consult.pk] = min(day.horizon, minute + length)


def _next_consult_event(day: ClinicDay, finishes: dict[int, int],
                        skipped: set[int]) -> tuple[int, int, Consult] | None:
    """(minute, 0 finish / 1 start, consult): the earliest of the running consults' ends
    and the starts of consults whose patient has checked in and whose `after` are done."""
    open_consults = list(Consult.objects.filter(
        booking__day=day, booking__checked_in_at__isnull=False, start__isnull=False,
        actual_end__isnull=True).prefetch_related("clinicians").order_by("start", "id"))
    running = [c for c in open_consults if c.actual_start is not None]
    unfinished = {(c.booking_id, c.code) for c in open_consults}
    events = [(finishes[c.pk], 0, c) for c in running]
    events += [(_ready(c, running, finishes), 1, c) for c in open_consults
               if c.actual_start is None and c.pk not in skipped
               and not any((c.booking_id, code) in unfinished for code in c.after)]
    return min(events, key=lambda e: (e[0], e[1], e[2].pk), default=None)


def _ready(consult: Consult, running: list[Consult], finishes: dict[int, int]) -> int:
    """Its planned start, or later when its patient or a clinician is still in a consult."""
    mine = {s.pk for s in consult.clinicians.all()}
    busy = [finishes[r.pk] for r in running if r.booking_id == consult.booking_id
            or mine & {s.pk for s in r.clinicians.all()}]
    return max([consult.start or 0, *busy])
