"""Demo clinic: clinicians of every specialty the templates need, and clinic days at EAST
with breast cases booked and optimised. Called by `tumorboard demo` (idempotent)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tumorboard.accounts.models import Profile
from tumorboard.accounts.services import do_create_user
from tumorboard.clinic import scheduling, services
from tumorboard.clinic.models import ClinicDay
from tumorboard.network.models import Site
from tumorboard.patients.models import Case

# username, specialty, room; password demo-<first part>-2026 like the other demo users
DEMO_CLINICIANS = [
    ("radiologist", "radiology", "Imaging 1"),
    ("radiologist.2", "radiology", "Imaging 2"),
    ("plastic", "plastic_surgery", "Room 3"),
    ("oncologist", "medical_oncology", "Room 5"),
    ("nurse", "nursing", "Room 7"),
    ("breast.2", "breast_surgery", "Room 4"),
    ("colorectal", "colorectal_surgery", "Room 4"),
    ("radiotherapist", "radiation_oncology", "Room 6"),
    ("orthopaedic", "orthopaedic_oncology", "Room 6"),
]
# People have names and titles, on the day view and itineraries as everywhere else.
DEMO_PEOPLE = {
    "radiologist": ("昊", "吴", "attending_physician"),
    "radiologist.2": ("蕾", "徐", "associate_chief_physician"),
    "plastic": ("悦", "孙", "associate_chief_physician"),
    "oncologist": ("骏", "马", "chief_physician"),
    "nurse": ("婷", "胡", "nurse_in_charge"),
    "breast.2": ("晨", "郭", "attending_physician"),
    "colorectal": ("斌", "罗", "chief_physician"),
    "radiotherapist": ("峰", "高", "associate_chief_physician"),
    "orthopaedic": ("宇", "梁", "chief_physician"),
}


def put_demo_rooms(day: ClinicDay) -> None:
    """Each demo clinician's session in her room (the queue screen calls patients to it)."""
    rooms = {username: room for username, _s, room in DEMO_CLINICIANS}
    for session in day.sessions.select_related("user"):
        session.room = rooms.get(session.user.username, "Room 3")
        session.save(update_fields=["room"])


def _next_weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


@transaction.atomic
def do_create_demo_clinic(site_code: str = "EAST", *, patients: int = 12,
                          time_limit: float = 2.0) -> ClinicDay | None:
    """A breast one-stop clinic day on the next weekday, staffed and with `patients`
    breast cases booked and optimised. Returns None if the site or its users are missing."""
    site = Site.objects.filter(code=site_code).first()
    coordinator = User.objects.filter(username="coordinator").first()
    if site is None or coordinator is None:
        return None
    for username, specialty, _room in DEMO_CLINICIANS:
        if not Profile.objects.filter(user__username=username).exists():
            first, last, title = DEMO_PEOPLE[username]
            do_create_user(username, role="clinician", site_codes=[site_code],
                           specialty=specialty, password=f"demo-{username.split('.')[0]}-2026",
                           validate=False, first_name=first, last_name=last, title=title)
    date = _next_weekday(timezone.localdate() + dt.timedelta(days=1))
    existing = ClinicDay.objects.filter(site=site, date=date, template__pathway="breast").first()
    if existing is not None:
        return existing
    day = services.do_create_day(coordinator, site, pathway="breast", date=date,
                                 staff_from_site=True)
    put_demo_rooms(day)
    cases = (Case.objects.filter(site=site, pathway="breast", status__in=["referred", "work_up"])
             .select_related("patient").order_by("created", "id")[:patients])
    for index, case in enumerate(cases):
        services.do_book_case(coordinator, day, case, arrival=(index * 20) % 240)
    scheduling.do_optimise(coordinator, day, now=0, time_limit=time_limit)
    return day
