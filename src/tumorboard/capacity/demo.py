"""The demo department at EAST: 40 beds, eight surgeons, weekly theatre sessions, a history of
recorded operations (demo_history.py), the current in-patients, a waiting list across P1-P4
and next week planned by the optimiser. Called by the demo loader once the patients and cases
exist; idempotent (a department that already has sessions is left as it is)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tumorboard.accounts import audit
from tumorboard.accounts.models import Profile
from tumorboard.accounts.services import do_create_user
from tumorboard.capacity import demo_history, planning, queries, services
from tumorboard.capacity import demo_people as people
from tumorboard.capacity import vocabulary as v
from tumorboard.capacity.models import SessionTemplate, WaitingListEntry
from tumorboard.network.models import Department, Site
from tumorboard.patients.models import Case

SEED = 20261116
LIST_SIZE = 90
TIME_LIMIT = 5.0


@dataclass
class Pools:
    """The site's cases by pathway: all of them (history) and the living, open ones (list)."""

    any: dict[str, list[Case]] = field(default_factory=dict)
    open: dict[str, list[Case]] = field(default_factory=dict)


def surgeons() -> dict[str, User]:
    """The eight surgeons, made as clinicians of EAST like the clinic demo's staff."""
    made = {}
    for s in people.SURGEONS:
        if not Profile.objects.filter(user__username=s.username).exists():
            do_create_user(s.username, role="clinician", site_codes=[people.SITE],
                           specialty=s.specialty, password=people.PASSWORD, validate=False)
        user = User.objects.get(username=s.username)
        if (user.last_name, user.first_name) != (s.family, s.given):
            user.last_name, user.first_name = s.family, s.given
            user.save(update_fields=["last_name", "first_name"])
        made[s.username] = user
    return made


def _pools(site: Site) -> Pools:
    pools = Pools()
    rows = (Case.objects.filter(site=site, pathway__in=people.PATHWAY_PROCEDURES)
            .select_related("patient").order_by("id"))
    for case in rows:
        pools.any.setdefault(case.pathway, []).append(case)
        if case.patient.date_of_death is None and case.status != "closed":
            pools.open.setdefault(case.pathway, []).append(case)
    return pools


def _templates(department: Department, staff: dict[str, User]) -> None:
    start, end = (dt.time.fromisoformat(t) for t in people.SESSION_HOURS)
    for username, slots in people.TIMETABLE.items():
        for weekday, room in slots:
            services.do_add_template(None, department, {
                "weekday": weekday, "room": people.ROOMS[room], "start": start, "end": end,
                "surgeon": staff[username]})


def _pick(rng: random.Random, mix: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _w in mix], weights=[w for _k, w in mix])[0]


def _list_cases(pools: Pools, rng: random.Random) -> list[Case]:
    """Up to LIST_SIZE living, open cases, three quarters from the department's own pathways
    (a case may come twice, for a second operation, when they run short) and up to a quarter
    reconstructions after a breast cancer."""
    own = [c for p in ("melanoma", "sarcoma", "bone_metastasis") for c in pools.open.get(p, [])]
    rng.shuffle(own)
    wanted = LIST_SIZE * 3 // 4
    chosen = (own + own)[:wanted]
    breast = list(pools.open.get("breast", []))
    rng.shuffle(breast)
    return chosen + breast[:min(LIST_SIZE // 4, LIST_SIZE - len(chosen))]


def _waiting_list(department: Department, staff: dict[str, User], cases: list[Case],
                  rng: random.Random, today: dt.date) -> int:
    for case in cases:
        options = [s for s in people.SURGEONS if people.procedures_for(s, case.pathway)]
        surgeon = rng.choice(options)
        procedure = rng.choice(people.procedures_for(surgeon, case.pathway))
        priority = _pick(rng, people.PRIORITY_MIX)
        target = v.TARGET_DAYS[priority]
        listed = today - dt.timedelta(days=rng.randint(0, round(target * 1.05)))
        values = {"procedure": procedure, "surgeon": staff[surgeon.username],
                  "priority": priority, "listed_on": listed,
                  "expected_los_days": people.TYPICAL[procedure][1],
                  "anaesthetic": "done" if rng.random() < 0.92 else "pending",
                  "consent": "done" if rng.random() < 0.95 else "pending",
                  "funding": "pending" if rng.random() < 0.05 else "not_applicable"}
        if priority == "P1":
            values["target_date"] = listed + dt.timedelta(days=target)
        services.do_add_entry(None, department, case, values)
    return len(cases)


def department_at(site: Site) -> Department:
    made, _created = Department.objects.get_or_create(
        site=site, name=people.DEPARTMENT, defaults={"beds": people.BEDS})
    return made


@transaction.atomic
def do_load_demo_capacity(today: dt.date | None = None, *,
                          time_limit: float = TIME_LIMIT) -> Department | None:
    """The demo department with its history, beds, list and next week's plan; None when
    the site or its cases are not there (a demo of 0 patients)."""
    site = Site.objects.filter(code=people.SITE).first()
    if site is None or not Case.objects.filter(site=site).exists():
        return None
    today = today or timezone.localdate()
    department = department_at(site)
    if SessionTemplate.objects.filter(department=department).exists():
        return department
    rng = random.Random(SEED)
    staff = surgeons()
    _templates(department, staff)
    pools = _pools(site)
    demo_history.load(department, staff, pools.any, rng, today)
    listing = _list_cases(pools, rng)
    listed = _waiting_list(department, staff, listing, rng, today)
    demo_history.top_up_beds(department, pools.open, {c.pk for c in listing}, rng, today)
    week = queries.monday(today) + dt.timedelta(days=7)
    services.do_generate_sessions(None, department, week)
    run = planning.do_replan_week(None, department, week, time_limit=time_limit)
    audit.record(user=None, action="create", object_type="capacity_demo",
                 object_id=department.external_id, site_id=site.pk,
                 detail={"listed": listed, "planned": run.cases.count(),
                         "open": WaitingListEntry.objects.filter(
                             department=department, status__in=queries.OPEN).count()})
    return department
