"""Re-planning during the day: keep what has started, move as little as possible.

Appointments of the previous schedule that started before `now` are fixed (running or
done). Everything else may move, but only to start at or after `now`. The objectives are
the usual ones (consults, then waiting) and then the number of moved appointments (a
changed start or clinician pool), then makespan.

`apply_changes` turns the day's events into a new instance: a late patient (new arrival),
a walk-in (a new patient), a clinician called away (availability cut from a time).
"""

from __future__ import annotations

import copy
import time
from collections.abc import Mapping
from typing import Any

from .check import check_schedule
from .cpsat import ConsultKey
from .instance import Instance, InstanceError, Patient, topological_order
from .neighbourhood import carved_instance
from .optimise import PhasedSolver, SolverSettings
from .schedule import Appointment, Schedule, parse_schedule
from .solve import DEFAULT_TIME_LIMIT, unscheduled_entries
from .timeline import Calendar


def replan(
    instance: Instance,
    previous: Mapping[str, Any] | Schedule,
    now: int,
    settings: SolverSettings | None = None,
) -> Schedule:
    began = time.perf_counter()
    settings = settings or SolverSettings(time_limit=DEFAULT_TIME_LIMIT)
    before = previous if isinstance(previous, Schedule) else parse_schedule(previous)
    fixed = _started(instance, before, now)
    movable = {(a.patient, a.consult): a for a in before.appointments if a.start >= now}
    carved = carved_instance(instance, fixed.values(), instance.patients)
    hint = _repair(instance, carved, fixed, movable, now)
    phased = PhasedSolver(carved, hint, settings, fixed=fixed, previous=movable, not_before=now)
    values, improved, proved = phased.run()
    result = phased.schedule_from(values) if improved else hint
    result.unscheduled = unscheduled_entries(instance, result.appointments)
    if improved and check_schedule(instance, result):
        result, proved = hint, False  # never hand a defective plan to the clinic
    result.optimal = proved
    result.extra["moved"] = _moved(result, movable)
    result.solve_seconds = time.perf_counter() - began
    return result


def _started(instance: Instance, before: Schedule, now: int) -> dict[ConsultKey, Appointment]:
    """Appointments started before `now`; they must still fit the (changed) instance."""
    patients = {p.id: p for p in instance.patients}
    windows = {c.id: c.available for c in instance.clinicians}
    fixed = {}
    for index, a in enumerate(before.appointments):
        if a.start >= now:
            continue
        place = f"previous.appointments[{index}]"
        patient = patients.get(a.patient)
        if patient is None or a.consult not in {c.id for c in patient.consults}:
            raise InstanceError(place, f"started appointment {a.patient}/{a.consult} is unknown")
        for clinician in a.clinicians:
            inside = any(s <= a.start and a.end <= e for s, e in windows.get(clinician, ()))
            if not inside:
                raise InstanceError(
                    place,
                    f"started appointment {a.patient}/{a.consult} no longer fits the "
                    f"availability of {clinician}",
                )
        fixed[(a.patient, a.consult)] = a
    return fixed


def _repair(
    instance: Instance,
    carved: Instance,
    fixed: dict[ConsultKey, Appointment],
    movable: dict[ConsultKey, Appointment],
    now: int,
) -> Schedule:
    """A valid starting plan: keep previous bookings that still fit, rebook the rest."""
    calendar = Calendar(carved)
    placed: dict[ConsultKey, Appointment] = dict(fixed)
    patients = {p.id: p for p in instance.patients}
    for key, a in sorted(movable.items(), key=lambda item: item[1].start):
        if _still_fits(calendar, patients, placed, a, now):
            for clinician in a.clinicians:
                calendar.book(clinician, a.start, a.end)
            placed[key] = a
    ranked = sorted(instance.patients, key=lambda p: (-p.priority, p.arrival))
    for patient in ranked:
        _rebook(instance, calendar, patient, placed, now)
    return Schedule(list(placed.values()), [])


def _still_fits(
    calendar: Calendar,
    patients: dict[str, Patient],
    placed: dict[ConsultKey, Appointment],
    a: Appointment,
    now: int,
) -> bool:
    patient = patients.get(a.patient)
    if patient is None or a.consult not in {c.id for c in patient.consults}:
        return False
    consult = patient.consult(a.consult)
    if a.start < max(now, patient.arrival) or a.end - a.start != consult.duration:
        return False
    mine = [b for (pid, _), b in placed.items() if pid == a.patient]
    if any(b.start < a.end and a.start < b.end for b in mine):
        return False
    for before_id in consult.after:
        earlier = placed.get((a.patient, before_id))
        if earlier is None or earlier.end > a.start:
            return False
    for clinician, specialty in zip(a.clinicians, consult.specialties, strict=False):
        if clinician not in calendar.gaps or specialty not in calendar.by_specialty:
            return False
        if clinician not in calendar.by_specialty[specialty]:
            return False
        if calendar.slack_at(clinician, a.start, a.end - a.start) is None:
            return False
    return len(a.clinicians) == len(consult.specialties)


def _rebook(
    instance: Instance,
    calendar: Calendar,
    patient: Patient,
    placed: dict[ConsultKey, Appointment],
    now: int,
) -> None:
    """Book the patient's remaining consults one after another after all she has."""
    mine = [a for (pid, _), a in placed.items() if pid == patient.id]
    ready = max([now, patient.arrival, *(a.end for a in mine)])
    for consult in topological_order(patient):
        key = (patient.id, consult.id)
        if key in placed:
            continue
        if not all((patient.id, b) in placed for b in consult.after):
            continue
        if any(not instance.clinicians_of(s) for s in consult.specialties):
            continue
        start = calendar.earliest_consult(consult, ready)
        if start is None:
            continue
        clinicians = calendar.pick_clinicians(consult, start)
        for clinician in clinicians:
            calendar.book(clinician, start, start + consult.duration)
        placed[key] = Appointment(
            patient.id, consult.id, clinicians, start, start + consult.duration
        )
        ready = start + consult.duration


def _moved(result: Schedule, movable: dict[ConsultKey, Appointment]) -> int:
    now_at = {(a.patient, a.consult): a for a in result.appointments}
    return sum(
        1
        for key, a in movable.items()
        if key not in now_at
        or (now_at[key].start, now_at[key].clinicians) != (a.start, a.clinicians)
    )


def apply_changes(data: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The instance JSON with the day's events applied (validated later by parse_instance).

    changes = {"late": [{"patient": ID, "arrival": T}],
               "walk_in": [PATIENT, ...],
               "away": [{"clinician": ID, "from": T}]}
    """
    result = copy.deepcopy(dict(data))
    patients = result.get("patients")
    clinicians = result.get("clinicians")
    if not isinstance(patients, list) or not isinstance(clinicians, list):
        raise InstanceError("patients", "instance must list patients and clinicians")
    for index, late in enumerate(_entries(changes, "late")):
        target = _find(patients, late.get("patient"), f"changes.late[{index}].patient")
        target["arrival"] = _minute(late, "arrival", f"changes.late[{index}]")
    patients.extend(_entries(changes, "walk_in"))
    for index, away in enumerate(_entries(changes, "away")):
        place = f"changes.away[{index}]"
        target = _find(clinicians, away.get("clinician"), f"{place}.clinician")
        cut = _minute(away, "from", place)
        windows = target.get("available")
        if not isinstance(windows, list):
            raise InstanceError(f"{place}.clinician", "clinician has no availability list")
        target["available"] = [
            [w[0], min(w[1], cut)]
            for w in windows
            if isinstance(w, list) and len(w) == 2 and w[0] < cut
        ]
    return result


def _entries(changes: Mapping[str, Any], key: str) -> list[Any]:
    items = changes.get(key, [])
    if not isinstance(items, list):
        raise InstanceError(f"changes.{key}", "must be a list")
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise InstanceError(f"changes.{key}[{index}]", "must be a JSON object")
    return items


def _find(items: list[Any], wanted: Any, place: str) -> dict[str, Any]:
    for item in items:
        if isinstance(item, dict) and item.get("id") == wanted:
            return item
    raise InstanceError(place, f"unknown id {wanted!r}")


def _minute(obj: Mapping[str, Any], key: str, place: str) -> int:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(f"{place}.{key}", "must be an integer minute")
    return value
