"""Reminders to patients about their clinic day: the day before and on the morning, with
time, place and what to bring, in the patient's language, through a pluggable sender.

The sender is named by the setting (or environment variable) TUMORBOARD_REMINDER_SENDER,
a dotted path to a class with a ``name`` and ``send(message)``; ``send`` raises SendError
when the message did not go. Development: ConsoleSender (default) and FileSender. In
production an SMS gateway or a WeChat template-message sender implements the same
interface; it receives the template parameters as well as the rendered text (template
messages carry parameters, not free text).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tumorboard.accounts import audit
from tumorboard.clinic.day_board import room_of
from tumorboard.clinic.models import Booking, ClinicDay, Reminder

DEFAULT_SENDER = "tumorboard.clinic.reminders.ConsoleSender"
BRING = gettext_noop("Please bring your ID card, your medical insurance card, the list of the "
                     "medicines you take, and any scans, reports or letters you have.")
DAY_BEFORE = gettext_noop("Reminder from %(site)s: your one-stop clinic is tomorrow, "
                          "%(date)s. Please come at %(time)s to %(place)s.")
NO_PHONE = gettext_noop("no phone number")
MORNING = gettext_noop("Today at %(time)s: your one-stop clinic at %(site)s, %(place)s.")


@dataclass(frozen=True)
class Message:
    to: str
    language: str
    text: str
    template: str  # "day-before" or "morning": the production template to use
    params: dict[str, str] = field(default_factory=dict)


class SendError(Exception):
    """The message did not go; its text says why (kept on the Reminder row)."""


class Sender(Protocol):
    name: str

    def send(self, message: Message) -> None: ...


class ConsoleSender:
    name = "console"

    def send(self, message: Message) -> None:
        if not message.to:
            raise SendError(NO_PHONE)
        sys.stdout.write(f"[reminder to {message.to}] {message.text}\n")


class FileSender:
    """Appends each message to TUMORBOARD_REMINDER_FILE (default var/reminders.log)."""

    name = "file"

    def send(self, message: Message) -> None:
        if not message.to:
            raise SendError(NO_PHONE)
        default = Path(getattr(settings, "VAR_DIR", ".")) / "reminders.log"
        path = Path(os.environ.get("TUMORBOARD_REMINDER_FILE", str(default)))
        with path.open("a", encoding="utf-8") as out:
            out.write(f"{message.to}\t{message.language}\t{message.template}\t{message.text}\n")


def sender() -> Sender:
    path = (getattr(settings, "TUMORBOARD_REMINDER_SENDER", "")
            or os.environ.get("TUMORBOARD_REMINDER_SENDER", "") or DEFAULT_SENDER)
    made: Sender = import_string(path)()
    return made


def message(booking: Booking, kind: str) -> Message:
    """The reminder in the patient's language: time, place and what to bring."""
    patient = booking.case.patient
    language = str(patient.preferred_language or settings.LANGUAGE_CODE)
    consults = sorted((c for c in booking.consults.all() if c.start is not None),
                      key=lambda c: c.start or 0)
    day = booking.day
    with translation.override(language):
        params = {"site": day.site.name, "date": day.date.isoformat(),
                  "time": day.clock(consults[0].start if consults and consults[0].start
                                    is not None else booking.arrival),
                  "place": (room_of(consults[0]) if consults else "") or day.site.name}
        head = _(DAY_BEFORE if kind == Reminder.Kind.DAY_BEFORE else MORNING) % params
        text = f"{head} {_(BRING)}"
    return Message(patient.phone.strip(), language, text, kind, params)


def due(today: dt.date, now: dt.time) -> list[tuple[Booking, str]]:
    """(booking, kind) not yet sent: the day before for tomorrow's days; on the morning (before
    opening) for today's; never to a patient marked absent."""
    wanted: list[tuple[ClinicDay, str]] = [
        (d, Reminder.Kind.DAY_BEFORE)
        for d in ClinicDay.objects.filter(date=today + dt.timedelta(days=1))]
    wanted += [(d, Reminder.Kind.MORNING) for d in ClinicDay.objects.filter(date=today)
               if now < d.opening]
    found = []
    for day, kind in wanted:
        bookings = (day.bookings.filter(no_show=False).exclude(
            reminders__kind=kind, reminders__status=Reminder.Status.SENT)
            .select_related("case__patient", "day__site").prefetch_related("consults__clinicians"))
        found += [(b, kind) for b in bookings]
    return found


def do_send_due_reminders(today: dt.date, now: dt.time) -> dict[str, int]:
    """Send what is due; each message is its own transaction (a failure of one is recorded
    and does not undo the others). Run from the command line (cron)."""
    chosen = sender()
    counts = {"sent": 0, "failed": 0}
    for booking, kind in due(today, now):
        with transaction.atomic():
            counts[_send_one(chosen, booking, kind)] += 1
    return counts


def _send_one(chosen: Sender, booking: Booking, kind: str) -> str:
    text = message(booking, kind)
    status, error = Reminder.Status.SENT, ""
    try:
        chosen.send(text)
    except SendError as failure:
        status, error = Reminder.Status.FAILED, str(failure)[:300]
    reminder = Reminder.objects.create(booking=booking, kind=kind, language=text.language,
                                       channel=chosen.name, to=text.to, body=text.text,
                                       status=status, error=error)
    audit.record(user=None, action="export", object_type="clinic_reminder",
                 object_id=reminder.external_id, patient_id=booking.case.patient.external_id,
                 site_id=booking.day.site_id, detail={"kind": kind, "status": status})
    return str(status)
