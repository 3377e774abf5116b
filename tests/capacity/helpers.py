"""A department with a surgeon's weekly session, a ready waiting-list entry planned into next
week's list, and an in-patient: the objects the capacity pages name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from tumorboard.capacity import planning, queries, services
from tumorboard.capacity.models import Admission, PlannedCase, TheatreSession, WaitingListEntry
from tumorboard.network.models import Department, Site
from tumorboard.patients.models import Case

READY = {"anaesthetic": "done", "consent": "done"}


@dataclass
class CapacityObjects:
    department: Department
    session: TheatreSession
    entry: WaitingListEntry
    planned: PlannedCase
    admission: Admission


def next_monday() -> dt.date:
    return queries.monday(timezone.localdate()) + dt.timedelta(days=7)


def department(site: Site, beds: int = 40) -> Department:
    made, _created = Department.objects.get_or_create(
        site=site, name="Bone and soft-tissue tumour surgery", defaults={"beds": beds})
    return made


def session(dept: Department, surgeon: User, date: dt.date, start: str = "08:00",
            end: str = "17:00", room: str = "OR3") -> TheatreSession:
    return services.do_add_session(None, dept, {
        "date": date, "room": room, "start": dt.time.fromisoformat(start),
        "end": dt.time.fromisoformat(end), "surgeon": surgeon})


def entry(dept: Department, case: Case, surgeon: User, **values: object) -> WaitingListEntry:
    data = {"procedure": "LIMB_SPARING", "surgeon": surgeon, "priority": "P2",
            "expected_los_days": 3, **READY}
    data.update(values)
    return services.do_add_entry(None, dept, case, data)


def build(site: Site, case: Case, surgeon: User) -> CapacityObjects:
    dept = department(site)
    sess = session(dept, surgeon, next_monday())
    item = entry(dept, case, surgeon)
    run = planning.do_replan_week(None, dept, next_monday(), time_limit=2.0)
    planned = run.cases.get(entry=item)
    admission = services.do_admit(None, dept, case, {"expected_los_days": 4, "ward": "7B"})
    return CapacityObjects(dept, sess, item, planned, admission)


def surgeon(username: str, family: str, given: str, site_code: str = "EAST") -> User:
    """A clinician of the site with a name (pages show names, never usernames)."""
    from tumorboard.accounts.services import do_create_user

    user = do_create_user(username, role="clinician", site_codes=[site_code],
                          specialty="orthopaedic_oncology", password=None)
    user.last_name, user.first_name = family, given
    user.save(update_fields=["last_name", "first_name"])
    return User.objects.get(pk=user.pk)
