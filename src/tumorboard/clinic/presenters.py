"""What the pages show: the day sheet, the SVG timeline rows, a patient's itinerary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from tumorboard.accounts import audit
from tumorboard.accounts.access import AnyUser
from tumorboard.accounts.people import display_name
from tumorboard.clinic import guidance, pathway_rules, scheduling, services
from tumorboard.clinic.models import Booking, ClinicDay, ClinicianSession, Consult, ScheduleRun
from tumorboard.clinic.svg import PALETTE, Bar, Row, timeline_svg
from tumorboard.clinic.wording import event_label, specialty_label


def minute_of(day: ClinicDay, clock: dt.time) -> int:
    """Minutes from the day's opening to a clock time."""
    opening = day.opening.hour * 60 + day.opening.minute
    return clock.hour * 60 + clock.minute - opening


def person_name(session: ClinicianSession) -> str:
    return display_name(session.user)


def run_line(run: ScheduleRun) -> dict[str, str]:
    """What the run line says: kind, from when, by whom, set off by what (no id)."""
    return {"kind": str(run.get_kind_display()),
            "from": run.now_clock if run.kind == ScheduleRun.Kind.REPLAN else "",
            "by": display_name(run.run_by) if run.run_by else "",
            "event": event_label(run.event)}




def audit_day_view(user: AnyUser, day: ClinicDay, bookings: list[Booking],
                   request: HttpRequest | None) -> None:
    """One view event per patient on the sheet, so a patient's trail shows it."""
    for booking in bookings:
        audit.record(user=user, action="view", object_type="clinic_day",
                     object_id=day.external_id, patient_id=booking.case.patient.external_id,
                     site_id=day.site_id, request=request)


@dataclass
class DaySheet:
    day: ClinicDay
    bookings: list[Booking]
    sessions: list[ClinicianSession]
    unscheduled: list[tuple[Consult, str]] = field(default_factory=list)
    pending: list[Consult] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, patient name)
    svg: str = ""


def day_sheet(day: ClinicDay) -> DaySheet:
    bookings = list(day.bookings.select_related("case__patient")
                    .prefetch_related("consults__clinicians__user").order_by("arrival", "id"))
    sessions = list(day.sessions.select_related("user").order_by("specialty", "user__username"))
    sheet = DaySheet(day, bookings, sessions)
    for booking in bookings:
        for consult in booking.consults.all():
            if consult.start is None and not consult.done:
                if consult.unscheduled_reason:
                    sheet.unscheduled.append((consult, consult.reason_text))
                else:
                    sheet.pending.append(consult)
    sheet.legend = [(PALETTE[index % len(PALETTE)], booking.case.patient.display_name)
                    for index, booking in enumerate(bookings)]
    run = scheduling.latest_run(day)
    sheet.svg = timeline_svg(_rows(day, bookings, sessions), day.horizon, _ticks(day),
                             now=run.now if run and run.kind == "replan" else None)
    return sheet


def _ticks(day: ClinicDay) -> list[tuple[int, str]]:
    first = (60 - day.opening.minute) % 60
    return [(m, day.clock(m)) for m in range(first, day.horizon + 1, 60)]


def _rows(day: ClinicDay, bookings: list[Booking], sessions: list[ClinicianSession]) -> list[Row]:
    bars: dict[int, list[Bar]] = {s.pk: [] for s in sessions}
    for index, booking in enumerate(bookings):
        name = booking.case.patient.display_name
        for consult in booking.consults.all():
            if consult.start is None or consult.end is None:
                continue
            label = guidance.localise(consult.label)
            title = f"{name} — {label}, {day.clock(consult.start)}–{day.clock(consult.end)}"
            for session in consult.clinicians.all():
                bars.setdefault(session.pk, []).append(
                    Bar(consult.start, consult.end, name, title, index))
    return [Row(f"{person_name(s)} ({specialty_label(s.specialty)})",
                scheduling.available_windows(s, day.horizon), bars.get(s.pk, []))
            for s in sessions]


# --- itinerary -------------------------------------------------------------------------


@dataclass(frozen=True)
class ItineraryLine:
    time: str
    label: str
    room: str
    people: list[str]
    joint: bool
    scheduled: bool


def itinerary(booking: Booking) -> dict[str, Any]:
    """The itinerary's content in the active language (call inside translation.override)."""
    day = booking.day
    consults = sorted(booking.consults.all(),
                      key=lambda c: (c.start is None, c.start or 0, c.position))
    lines = []
    for consult in consults:
        sessions = list(consult.clinicians.select_related("user"))
        people = ([f"{person_name(s)} ({specialty_label(s.specialty)})" for s in sessions]
                  or [specialty_label(s) for s in consult.specialties])
        room = next((s.room for s in sessions if s.room), "") or consult.room
        when = (f"{day.clock(consult.start)}–{day.clock(consult.end)}"
                if consult.start is not None and consult.end is not None else "")
        # a joint consult's own label usually says "together" already: no second badge
        joint = len(consult.specialties) > 1 and "together" not in consult.label.lower()
        room_text = guidance.localise(room) if room else ""
        lines.append(ItineraryLine(when, guidance.localise(consult.label), room_text, people,
                                   joint, bool(when)))
    starts = [c.start for c in consults if c.start is not None]
    flags = pathway_rules.case_flags(booking.case.pathway, services.case_details(booking.case))
    sections = [{"heading": guidance.localise(s.heading),
                 "paragraphs": [guidance.localise(p) for p in s.paragraphs]}
                for s in guidance.sections_for(booking.case.pathway, flags)]
    return {
        "labels": {key: guidance.localise(text) for key, text in guidance.LABELS.items()},
        "disclaimer": guidance.localise(guidance.DISCLAIMER),
        "lines": lines,
        "arrive": day.clock(min(starts)) if starts else None,
        "sections": sections,
    }
