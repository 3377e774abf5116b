"""The clinic day as it happens: check-in at the desk, no-shows, calling a patient to a
room, starting and finishing a consult from the clinician's tablet.

One user action = one service = one transaction: the fact (on the booking or consult),
its DayEvent row, the audit record and, when the fact breaks the plan, the re-plan from
the actual state (clinic.actual) with as few moves as possible all commit together.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils.translation import gettext as _

from tumorboard.accounts import audit, door
from tumorboard.accounts.access import AnyUser
from tumorboard.clinic import scheduling
from tumorboard.clinic.models import Booking, ClinicDay, Consult, DayEvent
from tumorboard.clinic.services import _real
from tumorboard.patients.validation import InvalidInput


def _check_minute(day: ClinicDay, minute: int) -> None:
    if not 0 <= minute <= day.horizon:
        raise InvalidInput({"at": _("Give a time within the day.")})


def _record(user: AnyUser, booking: Booking, kind: str, minute: int,
            consult: Consult | None, request: HttpRequest | None) -> None:
    DayEvent.objects.create(day=booking.day, booking=booking, consult=consult, kind=kind,
                            minute=minute, by=_real(user))
    detail: dict[str, object] = {"event": kind, "minute": minute}
    if consult is not None:
        detail["consult"] = consult.code
    audit.record(user=user, action="update", object_type="clinic_booking",
                 object_id=booking.external_id, patient_id=booking.case.patient.external_id,
                 site_id=booking.day.site_id, request=request, detail=detail)


def _lock(booking: Booking) -> Booking:
    """The booking row, locked: two desks checking in at once get distinct numbers."""
    return (Booking.objects.select_for_update().select_related("day", "case__patient")
            .get(pk=booking.pk))


@transaction.atomic(durable=True)
def do_check_in(user: AnyUser, booking: Booking, minute: int, *,
                request: HttpRequest | None = None) -> Booking:
    """The patient is at the desk: she gets a queue number; if her plan started earlier
    than she arrived (or she had been marked absent) the day is re-planned from now."""
    door.check(user, booking, door.CHANGE)
    booking = _lock(booking)
    _check_minute(booking.day, minute)
    if booking.checked_in_at is not None:
        raise InvalidInput({"booking": _("This patient has already checked in.")})
    ClinicDay.objects.select_for_update().filter(pk=booking.day_id).first()
    last = booking.day.bookings.aggregate(top=Max("ticket"))["top"] or 0
    was_absent = booking.no_show
    booking.checked_in_at, booking.ticket, booking.no_show = minute, last + 1, False
    booking.save(update_fields=["checked_in_at", "ticket", "no_show", "modified"])
    _record(user, booking, DayEvent.Kind.CHECK_IN, minute, None, request)
    late = booking.consults.filter(start__lt=minute, actual_start__isnull=True).exists()
    if late or was_absent:
        scheduling.do_optimise(user, booking.day, now=minute, event="check-in",
                               time_limit=scheduling.EVENT_TIME_LIMIT, request=request)
    return booking


@transaction.atomic(durable=True)
def do_no_show(user: AnyUser, booking: Booking, minute: int, *,
               request: HttpRequest | None = None) -> Booking:
    """She did not come: her appointments are freed and the day re-planned from now."""
    door.check(user, booking, door.CHANGE)
    booking = _lock(booking)
    _check_minute(booking.day, minute)
    if booking.checked_in_at is not None:
        raise InvalidInput({"booking": _("This patient has checked in.")})
    booking.no_show = True
    booking.save(update_fields=["no_show", "modified"])
    _record(user, booking, DayEvent.Kind.NO_SHOW, minute, None, request)
    scheduling.do_optimise(user, booking.day, now=minute, event="no-show",
                           time_limit=scheduling.EVENT_TIME_LIMIT, request=request)
    return booking


def _consult(consult: Consult) -> Consult:
    return (Consult.objects.select_for_update()
            .select_related("booking__day", "booking__case__patient").get(pk=consult.pk))


def _require_present(consult: Consult) -> None:
    if consult.booking.checked_in_at is None:
        raise InvalidInput({"consult": _("The patient has not checked in yet.")})
    if consult.actual_end is not None:
        raise InvalidInput({"consult": _("This consult has finished.")})


@transaction.atomic(durable=True)
def do_call(user: AnyUser, consult: Consult, minute: int, *,
            request: HttpRequest | None = None) -> Consult:
    """Call the patient to the room: the queue screen shows her number."""
    door.check(user, consult, door.CHANGE)
    consult = _consult(consult)
    _check_minute(consult.booking.day, minute)
    _require_present(consult)
    consult.called_at = minute
    consult.save(update_fields=["called_at", "modified"])
    _record(user, consult.booking, DayEvent.Kind.CALLED, minute, consult, request)
    return consult


@transaction.atomic(durable=True)
def do_start_consult(user: AnyUser, consult: Consult, minute: int, *,
                     request: HttpRequest | None = None) -> Consult:
    """The consult begins now. The plan follows the fact; when it begins at another time
    than planned, the rest of the day is re-planned around it."""
    door.check(user, consult, door.CHANGE)
    consult = _consult(consult)
    _check_minute(consult.booking.day, minute)
    _require_present(consult)
    if consult.actual_start is not None:
        raise InvalidInput({"consult": _("This consult has already started.")})
    waiting_for = consult.booking.consults.filter(code__in=consult.after, actual_end__isnull=True)
    if waiting_for.exists():
        raise InvalidInput({"consult": _("A consult that comes first has not finished.")})
    planned = consult.start
    consult.actual_start = minute
    consult.start, consult.end = minute, minute + consult.duration
    consult.save(update_fields=["actual_start", "start", "end", "modified"])
    _record(user, consult.booking, DayEvent.Kind.STARTED, minute, consult, request)
    if planned != minute:
        scheduling.do_optimise(user, consult.booking.day, now=minute, event="started",
                               time_limit=scheduling.EVENT_TIME_LIMIT, request=request)
    return consult


@transaction.atomic(durable=True)
def do_finish_consult(user: AnyUser, consult: Consult, minute: int, *,
                      request: HttpRequest | None = None) -> Consult:
    """The consult is over. An over-run re-plans the rest of the day from now."""
    door.check(user, consult, door.CHANGE)
    consult = _consult(consult)
    _check_minute(consult.booking.day, minute)
    if consult.actual_start is None:
        raise InvalidInput({"consult": _("This consult has not started.")})
    if consult.actual_end is not None:
        raise InvalidInput({"consult": _("This consult has finished.")})
    if minute < consult.actual_start:
        raise InvalidInput({"at": _("A consult cannot end before it started.")})
    over_run = consult.end is not None and minute > consult.end
    consult.actual_end, consult.done = minute, True
    consult.end = minute
    consult.save(update_fields=["actual_end", "done", "end", "modified"])
    _record(user, consult.booking, DayEvent.Kind.FINISHED, minute, consult, request)
    if over_run:
        scheduling.do_optimise(user, consult.booking.day, now=minute, event="finished",
                               time_limit=scheduling.EVENT_TIME_LIMIT, request=request)
    return consult
