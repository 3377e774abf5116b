"""Re-planning from what actually happened on the day (desk and tablet events).

Once a consult has been started from a clinician's tablet the day runs on facts, not on
the plan:
- a finished consult is history: it leaves the instance, its clinicians' actual minutes
  [actual_start, actual_end) are carved out of their windows, and the patient cannot be
  seen again before it ended (her arrival moves to its end);
- a running consult stays, fixed where it actually started;
- a planned appointment whose start has passed but which has not started is no longer
  fixed: it is booked again, not before now;
- a patient who did not come leaves the instance; one who checked in is there from then.
Before the desk has recorded anything the plan is the state (the solver's usual re-plan:
what was planned to start before now is kept).
"""

from __future__ import annotations

from typing import Any

from tumorboard.clinic.models import Booking, ClinicDay, Consult
from tumorboard.clinic.solver import Appointment
from tumorboard.clinic.solver.neighbourhood import carve


def runs_on_facts(day: ClinicDay) -> bool:
    """Once the desk has checked someone in (or marked her absent) or a consult started,
    only what has started is fixed."""
    return (Booking.objects.filter(day=day, checked_in_at__isnull=False).exists()
            or Booking.objects.filter(day=day, no_show=True).exists()
            or Consult.objects.filter(booking__day=day, actual_start__isnull=False).exists())


def patient_entry(booking: Booking, consults: list[Consult]) -> dict[str, Any] | None:
    """The solver's patient for a booking, from the facts; None if she did not come."""
    if booking.no_show:
        return None
    finished = {c.code: c for c in consults if c.actual_end is not None}
    # a consult marked done off the schedule needs no more time either
    skipped = set(finished) | {c.code for c in consults if c.done and c.start is None}
    arrival = max([booking.arrival, booking.checked_in_at or 0,
                   *(c.actual_end or 0 for c in finished.values())])
    return {
        "id": booking.solver_id, "arrival": arrival, "priority": booking.priority,
        "consults": [{"id": c.code, "specialties": list(c.specialties),
                      "duration": c.duration, "after": [a for a in c.after if a not in skipped]}
                     for c in consults if c.code not in skipped],
    }


def busy_minutes(day: ClinicDay) -> dict[str, list[tuple[int, int]]]:
    """Per clinician (solver id): the actual minutes of finished consults."""
    busy: dict[str, list[tuple[int, int]]] = {}
    finished = (Consult.objects.filter(booking__day=day, actual_start__isnull=False,
                                       actual_end__isnull=False)
                .prefetch_related("clinicians__user"))
    for consult in finished:
        assert consult.actual_start is not None and consult.actual_end is not None
        for session in consult.clinicians.all():
            busy.setdefault(session.solver_id, []).append(
                (consult.actual_start, consult.actual_end))
    return busy


def carve_busy(clinicians: list[dict[str, Any]], busy: dict[str, list[tuple[int, int]]],
               ) -> list[dict[str, Any]]:
    for clinician in clinicians:
        windows = [(s, e) for s, e in clinician["available"]]
        clinician["available"] = [list(w) for w in carve(windows, busy.get(clinician["id"], []))]
    return clinicians


def previous_and_now(day: ClinicDay, appointments: list[Appointment], now: int,
                     ) -> tuple[list[Appointment], int]:
    """The appointments to re-plan from and the minute to re-plan from: running consults
    fixed where they started, planned ones that have not started re-booked from now."""
    running = {(c.booking.solver_id, c.code)
               for c in Consult.objects.filter(booking__day=day, actual_start__isnull=False,
                                               actual_end__isnull=True)
               .select_related("booking")}
    kept = [a for a in appointments if (a.patient, a.consult) in running or a.start >= now]
    starts = [a.start for a in kept if (a.patient, a.consult) in running]
    # the solver fixes what started before "now": a consult started this minute included
    return kept, max([now, *(s + 1 for s in starts)])
