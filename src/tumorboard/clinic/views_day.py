"""Pages of the clinic day as it happens: the desk (check-in, no-shows, who waits how long),
the queue screen per room, the clinician's tablet (call, start, finish).

Every form works without JavaScript; the queue screen and the desk refresh themselves with
an htmx poll. Each button is one service call (clinic.day_services)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tumorboard.accounts import door
from tumorboard.clinic import day_board, day_services, presenters, scheduling
from tumorboard.clinic.forms import TimeInput
from tumorboard.clinic.models import Booking, ClinicDay, ClinicianSession, Consult, Reminder
from tumorboard.clinic.views import get_day
from tumorboard.patients.validation import InvalidInput


class AtForm(forms.Form):
    at = forms.TimeField(label=gettext_lazy("At"), required=False, widget=TimeInput())


def _minute(request: HttpRequest, day: ClinicDay) -> int:
    """The time the button was pressed: the form's clock time, else now."""
    form = AtForm(request.POST)
    if not form.is_valid():
        raise InvalidInput({"at": _("Give the time as HH:MM.")})
    at: dt.time | None = form.cleaned_data["at"]
    return presenters.minute_of(day, at) if at else scheduling.minute_now(day)


def _clock_now(day: ClinicDay) -> str:
    return day.clock(scheduling.minute_now(day))


def _desk_context(request: HttpRequest, day: ClinicDay, error: str = "") -> dict[str, Any]:
    now = scheduling.minute_now(day)
    rows = day_board.desk(day, now)
    # the desk shows who each patient is: a read of her record
    presenters.audit_day_view(request.user, day, [row.booking for row in rows], request)
    return {"day": day, "rows": rows, "now": day.clock(now), "error": error,
            "can_write": door.may(request.user, door.CLINICAL, door.CHANGE)}


@require_GET
def desk(request: HttpRequest, day_id: str) -> HttpResponse:
    day = get_day(request.user, day_id)
    return render(request, "clinic/desk.html", _desk_context(request, day))


def _act(request: HttpRequest, day: ClinicDay, action: Callable[[int], object],
         back: str, page: Callable[[str], HttpResponse]) -> HttpResponse:
    """Run one service; on bad input show the page again with the error (422)."""
    try:
        action(_minute(request, day))
    except InvalidInput as error:
        response = page(" ".join(str(v) for v in error.errors.values()))
        response.status_code = 422
        return response
    return redirect(back)


def _desk_page(request: HttpRequest, day: ClinicDay) -> Callable[[str], HttpResponse]:
    return lambda error: render(request, "clinic/desk.html",
                                _desk_context(request, day, error))


def _booking(request: HttpRequest, booking_id: str) -> Booking:
    return door.get(request.user, Booking, booking_id, action=door.CHANGE)


@require_POST
def check_in(request: HttpRequest, booking_id: str) -> HttpResponse:
    booking = _booking(request, booking_id)
    return _act(request, booking.day,
                lambda m: day_services.do_check_in(request.user, booking, m, request=request),
                reverse("clinic-desk", kwargs={"day_id": booking.day.external_id}),
                _desk_page(request, booking.day))


@require_POST
def no_show(request: HttpRequest, booking_id: str) -> HttpResponse:
    booking = _booking(request, booking_id)
    return _act(request, booking.day,
                lambda m: day_services.do_no_show(request.user, booking, m, request=request),
                reverse("clinic-desk", kwargs={"day_id": booking.day.external_id}),
                _desk_page(request, booking.day))


@require_GET
def queue_screen(request: HttpRequest, day_id: str) -> HttpResponse:
    """Queue numbers only, no names: the screen hangs where everyone can read it."""
    day = get_day(request.user, day_id)
    rooms = day_board.queue(day, scheduling.minute_now(day))
    return render(request, "clinic/queue.html", {"day": day, "rooms": rooms,
                                                 "now": _clock_now(day)})


def _session_for(request: HttpRequest, day: ClinicDay) -> ClinicianSession | None:
    """The signed-in clinician's session, or the one chosen (?session=) by a coordinator."""
    chosen = request.GET.get("session", "")
    sessions = day.sessions.select_related("user")
    if "session" in request.GET:  # chosen on the page: one clinician, or everyone
        return sessions.filter(external_id=door.parse_uuid(chosen)).first() if chosen else None
    return sessions.filter(user__pk=request.user.pk or 0).first()


def _tablet_page(request: HttpRequest, day: ClinicDay, session: ClinicianSession | None,
                 error: str = "") -> HttpResponse:
    lines = day_board.tablet(day, session)
    presenters.audit_day_view(request.user, day, [line.consult.booking for line in lines],
                              request)
    return render(request, "clinic/tablet.html", {
        "day": day, "session": session, "lines": lines, "now": _clock_now(day), "error": error,
        "sessions": day.sessions.select_related("user"),
        "can_write": door.may(request.user, door.CLINICAL, door.CHANGE)})


@require_GET
def tablet(request: HttpRequest, day_id: str) -> HttpResponse:
    day = get_day(request.user, day_id)
    return _tablet_page(request, day, _session_for(request, day))


def _consult_action(request: HttpRequest, consult_id: str,
                    service: Callable[..., Consult]) -> HttpResponse:
    consult = door.get(request.user, Consult, consult_id, action=door.CHANGE)
    day = consult.booking.day
    session = day.sessions.filter(external_id=door.parse_uuid(
        request.POST.get("session", ""))).first() if request.POST.get("session") else None
    back = reverse("clinic-tablet", kwargs={"day_id": day.external_id})
    # back to the same list: one clinician's, or everyone's
    back += f"?session={session.external_id}" if session is not None else "?session="
    return _act(request, day,
                lambda m: service(request.user, consult, m, request=request), back,
                lambda error: _tablet_page(request, day, session, error))


@require_POST
def call(request: HttpRequest, consult_id: str) -> HttpResponse:
    return _consult_action(request, consult_id, day_services.do_call)


@require_POST
def start(request: HttpRequest, consult_id: str) -> HttpResponse:
    return _consult_action(request, consult_id, day_services.do_start_consult)


@require_POST
def finish(request: HttpRequest, consult_id: str) -> HttpResponse:
    return _consult_action(request, consult_id, day_services.do_finish_consult)


@require_GET
def reminders(request: HttpRequest, day_id: str) -> HttpResponse:
    """The reminders of the day, sent and failed, with their text as the patient got it."""
    day = get_day(request.user, day_id)
    rows = list(Reminder.objects.filter(booking__day=day)
                .select_related("booking__case__patient").order_by("-created", "-id"))
    presenters.audit_day_view(request.user, day, list({r.booking.pk: r.booking
                                                        for r in rows}.values()), request)
    return render(request, "clinic/reminders.html", {"day": day, "reminders": rows})
