"""What the desk, the queue screen and the tablet show: each patient's state now, who is
waiting and for how long, who is called to which room."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tumorboard.clinic import guidance
from tumorboard.clinic.models import Booking, ClinicDay, ClinicianSession, Consult


@dataclass
class PatientNow:
    booking: Booking
    state: str  # expected, waiting, called, in-consult, done, no-show
    label: str
    since: int | None = None  # minute the state began
    waited: int | None = None  # minutes waiting so far (waiting or called)
    room: str = ""
    next_consult: Consult | None = None


def room_of(consult: Consult) -> str:
    return next((s.room for s in consult.clinicians.all() if s.room), "") or consult.room


def patient_now(booking: Booking, now: int) -> PatientNow:
    consults = list(booking.consults.all())
    if booking.no_show:
        return PatientNow(booking, "no-show", _("did not come"))
    if booking.checked_in_at is None:
        return PatientNow(booking, "expected", _("expected"), since=booking.arrival)
    running = next((c for c in consults if c.actual_start is not None and c.actual_end is None),
                   None)
    if running is not None:
        return PatientNow(booking, "in-consult", _("in consult"), since=running.actual_start,
                          room=room_of(running), next_consult=running)
    left = sorted((c for c in consults if c.actual_end is None and not c.done),
                  key=lambda c: (c.start is None, c.start or 0, c.position))
    if not left:
        return PatientNow(booking, "done", _("all consults done"))
    ends = [c.actual_end for c in consults if c.actual_end is not None]
    since = max([booking.checked_in_at, *ends])
    # a clinician who called her decides where she goes next, whatever the plan's order
    called = [c for c in left if c.called_at is not None]
    upcoming = max(called, key=lambda c: c.called_at or 0) if called else left[0]
    state = "called" if called else "waiting"
    label = _("called") if called else pgettext("state of a patient in clinic", "waiting")
    return PatientNow(booking, state, label,
                      since=since, waited=max(0, now - since), room=room_of(upcoming),
                      next_consult=upcoming)


def desk(day: ClinicDay, now: int) -> list[PatientNow]:
    """Everyone booked, the longest waiting first, then by expected time."""
    bookings = (day.bookings.select_related("case__patient")
                .prefetch_related("consults__clinicians").order_by("arrival", "id"))
    rows = [patient_now(b, now) for b in bookings]
    order = {"called": 0, "waiting": 0, "in-consult": 1, "expected": 2, "done": 3, "no-show": 4}
    return sorted(rows, key=lambda r: (order[r.state], -(r.waited or 0), r.since or 0))


@dataclass
class RoomQueue:
    room: str
    calling: list[int] = field(default_factory=list)  # queue numbers called to this room
    next: list[int] = field(default_factory=list)


def queue(day: ClinicDay, now: int) -> list[RoomQueue]:
    """Per room: numbers called now, then the next checked-in patients by planned start.
    Only queue numbers: the screen hangs in a waiting room."""
    rooms: dict[str, RoomQueue] = {}
    for row in desk(day, now):
        consult, ticket = row.next_consult, row.booking.ticket
        if consult is None or ticket is None or row.state not in ("called", "waiting"):
            continue
        room = rooms.setdefault(row.room or _("Clinic"), RoomQueue(row.room or _("Clinic")))
        (room.calling if row.state == "called" else room.next).append(ticket)
    return sorted(rooms.values(), key=lambda r: r.room)


@dataclass
class TabletLine:
    consult: Consult
    label: str
    patient: str
    ticket: int | None
    state: str


def tablet(day: ClinicDay, session: ClinicianSession | None) -> list[TabletLine]:
    """The clinician's consults of the day (every scheduled one when no session is
    chosen) in planned order, with what can be done next."""
    consults = Consult.objects.filter(booking__day=day, start__isnull=False)
    if session is not None:
        consults = consults.filter(clinicians=session)
    consults = consults.select_related("booking__case__patient").order_by("start", "id")
    lines = []
    for consult in consults:
        booking = consult.booking
        if consult.actual_end is not None:
            state = "done"
        elif consult.actual_start is not None:
            state = "in-consult"
        elif booking.checked_in_at is None:
            state = "absent" if booking.no_show else "expected"
        else:
            state = "called" if consult.called_at is not None else "waiting"
        lines.append(TabletLine(consult, guidance.localise(consult.label),
                                booking.case.patient.display_name, booking.ticket, state))
    return lines
