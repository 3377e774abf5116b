"""Schedules: appointments, unscheduled consults, metrics, and their JSON form."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .instance import Instance, InstanceError


@dataclass(frozen=True)
class Appointment:
    patient: str
    consult: str
    clinicians: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Unscheduled:
    patient: str
    consult: str
    reason: str


@dataclass
class Schedule:
    appointments: list[Appointment]
    unscheduled: list[Unscheduled]
    solve_seconds: float = 0.0
    optimal: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self, instance: Instance) -> dict[str, Any]:
        appointments = sorted(self.appointments, key=lambda a: (a.start, a.patient, a.consult))
        metrics: dict[str, Any] = compute_metrics(instance, appointments)
        metrics["solve_seconds"] = round(self.solve_seconds, 3)
        metrics["optimal"] = self.optimal
        metrics.update(self.extra)  # e.g. "moved" when re-planning
        return {
            "appointments": [
                {
                    "patient": a.patient,
                    "consult": a.consult,
                    "clinicians": list(a.clinicians),
                    "start": a.start,
                    "end": a.end,
                }
                for a in appointments
            ],
            "unscheduled": [
                {"patient": u.patient, "consult": u.consult, "reason": u.reason}
                for u in self.unscheduled
            ],
            "metrics": metrics,
        }


def patient_waits(appointments: Iterable[Appointment]) -> dict[str, int]:
    """Idle minutes per patient between her first start and her last end."""
    spans: dict[str, list[int]] = {}
    for a in appointments:
        first, last, busy = spans.setdefault(a.patient, [a.start, a.end, 0])
        spans[a.patient] = [min(first, a.start), max(last, a.end), busy + a.end - a.start]
    return {patient: last - first - busy for patient, (first, last, busy) in spans.items()}


def compute_metrics(instance: Instance, appointments: Sequence[Appointment]) -> dict[str, Any]:
    waits = patient_waits(appointments)
    mean_wait = sum(waits.values()) / len(waits) if waits else 0.0
    return {
        "consults": instance.consult_count(),
        "scheduled": len(appointments),
        "mean_wait": round(mean_wait, 3),
        "makespan": max((a.end for a in appointments), default=0),
    }


def objective_key(instance: Instance, schedule: Schedule) -> tuple[int, int, int]:
    """Lower is better: (-priority-weighted consults, total wait, makespan)."""
    priority = {p.id: p.priority for p in instance.patients}
    weighted = sum(priority[a.patient] for a in schedule.appointments)
    total_wait = sum(patient_waits(schedule.appointments).values())
    makespan = max((a.end for a in schedule.appointments), default=0)
    return (-weighted, total_wait, makespan)


def parse_schedule(data: Any) -> Schedule:
    """Read the JSON shape of a schedule; raise InstanceError if it is malformed.

    Only the shape is checked here; check_schedule judges the content.
    """
    if not isinstance(data, Mapping):
        raise InstanceError("$", "schedule must be a JSON object")
    appointments = [
        _parse_appointment(item, f"appointments[{i}]")
        for i, item in enumerate(_list(data, "appointments"))
    ]
    unscheduled = []
    for index, item in enumerate(_list(data, "unscheduled")):
        place = f"unscheduled[{index}]"
        obj = _object(item, place)
        reason = obj.get("reason", "")
        unscheduled.append(
            Unscheduled(_text(obj, "patient", place), _text(obj, "consult", place), str(reason))
        )
    return Schedule(appointments, unscheduled)


def _parse_appointment(item: Any, place: str) -> Appointment:
    obj = _object(item, place)
    patient, consult = _text(obj, "patient", place), _text(obj, "consult", place)
    clinicians = obj.get("clinicians")
    if not isinstance(clinicians, list) or not all(isinstance(c, str) for c in clinicians):
        raise InstanceError(f"{place}.clinicians", "must be a list of clinician ids")
    return Appointment(
        patient=patient,
        consult=consult,
        clinicians=tuple(clinicians),
        start=_integer(obj, "start", place),
        end=_integer(obj, "end", place),
    )


def _list(obj: Mapping[str, Any], key: str) -> list[Any]:
    value = obj.get(key)
    if not isinstance(value, list):
        raise InstanceError(key, "missing field or not a list")
    return value


def _object(value: Any, place: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InstanceError(place, "must be a JSON object")
    return value


def _text(obj: Mapping[str, Any], key: str, place: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise InstanceError(f"{place}.{key}", "missing field or not a string")
    return value


def _integer(obj: Mapping[str, Any], key: str, place: str) -> int:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(f"{place}.{key}", "missing field or not an integer")
    return value
