"""An independent validator: every rule of shared/contracts/schedule.md, named.

It deliberately shares no logic with the solvers (only the data classes), so a solver bug
is not mirrored here.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .instance import Clinician, Consult, Instance, Patient
from .schedule import Appointment, Schedule, parse_schedule

METRICS_TOLERANCE = 0.01


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


def check_schedule(instance: Instance, schedule: Mapping[str, Any] | Schedule) -> list[Violation]:
    """All violations of the contract by `schedule` (JSON object or Schedule) on `instance`.

    Raises InstanceError if the schedule is not even shaped like one.
    """
    data = schedule.to_json(instance) if isinstance(schedule, Schedule) else schedule
    parsed = parse_schedule(data)
    violations: list[Violation] = []
    known = _known_appointments(instance, parsed, violations)
    _check_coverage(instance, parsed, violations)
    for appointment, patient, consult in known:
        _check_appointment(instance, appointment, patient, consult, violations)
    _check_overlaps(parsed.appointments, violations)
    _check_precedence(instance, parsed, violations)
    _check_metrics(instance, parsed.appointments, data.get("metrics"), violations)
    return violations


def _label(patient: str, consult: str) -> str:
    return f"{patient}/{consult}"


def _known_appointments(
    instance: Instance, schedule: Schedule, violations: list[Violation]
) -> list[tuple[Appointment, Patient, Consult]]:
    patients = {p.id: p for p in instance.patients}
    known = []
    for a in schedule.appointments:
        patient = patients.get(a.patient)
        consult = (
            next((c for c in patient.consults if c.id == a.consult), None) if patient else None
        )
        if patient is None or consult is None:
            violations.append(
                Violation(
                    "unknown", f"appointment for unknown consult {_label(a.patient, a.consult)}"
                )
            )
            continue
        known.append((a, patient, consult))
    return known


def _check_coverage(instance: Instance, schedule: Schedule, violations: list[Violation]) -> None:
    """Each consult exactly once across appointments and unscheduled."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for a in schedule.appointments:
        counts[(a.patient, a.consult)] += 1
    for u in schedule.unscheduled:
        counts[(u.patient, u.consult)] += 1
    expected = {(p.id, c.id) for p in instance.patients for c in p.consults}
    for key in sorted(expected):
        if counts[key] == 0:
            violations.append(Violation("coverage", f"consult {_label(*key)} is missing"))
        elif counts[key] > 1:
            violations.append(
                Violation("coverage", f"consult {_label(*key)} appears {counts[key]} times")
            )
    for key in sorted(set(counts) - expected):
        violations.append(Violation("unknown", f"unscheduled entry for unknown {_label(*key)}"))


def _check_appointment(
    instance: Instance,
    a: Appointment,
    patient: Patient,
    consult: Consult,
    violations: list[Violation],
) -> None:
    label = _label(a.patient, a.consult)
    if a.end - a.start != consult.duration:
        violations.append(
            Violation(
                "duration",
                f"{label} lasts {a.end - a.start} min, needs {consult.duration}",
            )
        )
    if a.start < patient.arrival:
        violations.append(
            Violation("arrival", f"{label} starts at {a.start} before arrival {patient.arrival}")
        )
    if a.start < 0 or a.end > instance.horizon:
        violations.append(
            Violation("horizon", f"{label} [{a.start}, {a.end}) is outside [0, {instance.horizon}]")
        )
    _check_clinicians(instance, a, consult, violations)


def _check_clinicians(
    instance: Instance, a: Appointment, consult: Consult, violations: list[Violation]
) -> None:
    label = _label(a.patient, a.consult)
    by_id: dict[str, Clinician] = {c.id: c for c in instance.clinicians}
    if len(a.clinicians) != len(consult.specialties):
        violations.append(
            Violation(
                "clinicians",
                f"{label} lists {len(a.clinicians)} clinicians for specialties "
                f"{list(consult.specialties)}",
            )
        )
        return
    for clinician_id, specialty in zip(a.clinicians, consult.specialties, strict=True):
        clinician = by_id.get(clinician_id)
        if clinician is None:
            violations.append(Violation("clinicians", f"{label}: unknown clinician {clinician_id}"))
            continue
        if clinician.specialty != specialty:
            violations.append(
                Violation(
                    "clinicians",
                    f"{label}: {clinician_id} is {clinician.specialty}, slot needs {specialty}",
                )
            )
        if not any(s <= a.start and a.end <= e for s, e in clinician.available):
            violations.append(
                Violation(
                    "window",
                    f"{label} [{a.start}, {a.end}) is outside every window of {clinician_id}",
                )
            )


def _check_overlaps(appointments: list[Appointment], violations: list[Violation]) -> None:
    by_clinician: dict[str, list[Appointment]] = defaultdict(list)
    by_patient: dict[str, list[Appointment]] = defaultdict(list)
    for a in appointments:
        by_patient[a.patient].append(a)
        for clinician_id in a.clinicians:
            by_clinician[clinician_id].append(a)
    for rule, groups in (("clinician_overlap", by_clinician), ("patient_overlap", by_patient)):
        for owner, items in sorted(groups.items()):
            items.sort(key=lambda a: (a.start, a.end))
            for i, first in enumerate(items):
                for second in items[i + 1 :]:
                    if second.start >= first.end:
                        break
                    violations.append(
                        Violation(
                            rule,
                            f"{owner} is in {_label(first.patient, first.consult)} "
                            f"[{first.start}, {first.end}) and "
                            f"{_label(second.patient, second.consult)} "
                            f"[{second.start}, {second.end}) at once",
                        )
                    )


def _check_precedence(instance: Instance, schedule: Schedule, violations: list[Violation]) -> None:
    booked = {(a.patient, a.consult): a for a in schedule.appointments}
    for patient in instance.patients:
        for consult in patient.consults:
            mine = booked.get((patient.id, consult.id))
            if mine is None:
                continue
            for before_id in consult.after:
                before = booked.get((patient.id, before_id))
                label = _label(patient.id, consult.id)
                if before is None:
                    violations.append(
                        Violation(
                            "precedence",
                            f"{label} is scheduled but {before_id}, which must come first, is not",
                        )
                    )
                elif before.end > mine.start:
                    violations.append(
                        Violation(
                            "precedence",
                            f"{label} starts at {mine.start} before {before_id} ends at "
                            f"{before.end}",
                        )
                    )


def _check_metrics(
    instance: Instance,
    appointments: list[Appointment],
    metrics: Any,
    violations: list[Violation],
) -> None:
    if not isinstance(metrics, Mapping):
        violations.append(Violation("metrics", "metrics object is missing"))
        return
    spans: dict[str, tuple[int, int, int]] = {}
    for a in appointments:
        first, last, busy = spans.get(a.patient, (a.start, a.end, 0))
        spans[a.patient] = (min(first, a.start), max(last, a.end), busy + a.end - a.start)
    waits = [last - first - busy for first, last, busy in spans.values()]
    expected: dict[str, float] = {
        "consults": instance.consult_count(),
        "scheduled": len(appointments),
        "mean_wait": sum(waits) / len(waits) if waits else 0.0,
        "makespan": max((a.end for a in appointments), default=0),
    }
    for name, value in expected.items():
        reported = metrics.get(name)
        is_number = isinstance(reported, int | float) and not isinstance(reported, bool)
        if not is_number or not math.isclose(
            float(reported or 0), value, abs_tol=METRICS_TOLERANCE
        ):
            violations.append(
                Violation("metrics", f"{name} is {reported!r}, recomputed {round(value, 3)}")
            )
    seconds = metrics.get("solve_seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        violations.append(Violation("metrics", f"solve_seconds is {seconds!r}"))
    if not isinstance(metrics.get("optimal"), bool):
        violations.append(Violation("metrics", "optimal must be true or false"))
