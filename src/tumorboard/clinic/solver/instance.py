"""A clinic-day instance: frozen dataclasses and a validating parser.

The parser turns the JSON of shared/contracts/schedule.md into an `Instance` or raises
`InstanceError(place, message)`, where `place` is a JSON-path-like string such as
"patients[3].consults[1].duration", so the CLI can name the offending field.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Window = tuple[int, int]


class InstanceError(ValueError):
    """Bad input, with the place (JSON path) where it was found."""

    def __init__(self, place: str, message: str) -> None:
        super().__init__(f"{place}: {message}")
        self.place = place
        self.message = message


@dataclass(frozen=True)
class Clinician:
    id: str
    specialty: str
    available: tuple[Window, ...]


@dataclass(frozen=True)
class Consult:
    id: str
    specialties: tuple[str, ...]
    duration: int
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Patient:
    id: str
    arrival: int
    consults: tuple[Consult, ...]
    priority: int = 1

    def consult(self, consult_id: str) -> Consult:
        for consult in self.consults:
            if consult.id == consult_id:
                return consult
        raise KeyError(consult_id)


@dataclass(frozen=True)
class Instance:
    horizon: int
    clinicians: tuple[Clinician, ...]
    patients: tuple[Patient, ...]

    def clinicians_of(self, specialty: str) -> tuple[Clinician, ...]:
        return tuple(c for c in self.clinicians if c.specialty == specialty)

    def consult_count(self) -> int:
        return sum(len(p.consults) for p in self.patients)


def parse_instance(data: Any) -> Instance:
    """Validate JSON-shaped `data` and build an `Instance`; raise InstanceError if bad."""
    root = _require_object(data, "$")
    horizon = _require_int(root, "horizon", "$")
    if horizon <= 0:
        raise InstanceError("horizon", "must be a positive number of minutes")
    clinicians = _parse_clinicians(_require_list(root, "clinicians", "$"), horizon)
    patients = _parse_patients(_require_list(root, "patients", "$"), horizon)
    return Instance(horizon=horizon, clinicians=clinicians, patients=patients)


def instance_to_json(instance: Instance) -> dict[str, Any]:
    """The inverse of parse_instance (used by re-planning and the benchmark)."""
    return {
        "horizon": instance.horizon,
        "clinicians": [
            {"id": c.id, "specialty": c.specialty, "available": [list(w) for w in c.available]}
            for c in instance.clinicians
        ],
        "patients": [
            {
                "id": p.id,
                "arrival": p.arrival,
                "priority": p.priority,
                "consults": [_consult_to_json(k) for k in p.consults],
            }
            for p in instance.patients
        ],
    }


def _consult_to_json(consult: Consult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": consult.id,
        "specialties": list(consult.specialties),
        "duration": consult.duration,
    }
    if consult.after:
        out["after"] = list(consult.after)
    return out


# --- field helpers ---------------------------------------------------------------------


def _join(parent: str, key: str) -> str:
    return key if parent == "$" else f"{parent}.{key}"


def _require_object(value: Any, place: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InstanceError(place, "must be a JSON object")
    return value


def _require(obj: Mapping[str, Any], key: str, parent: str) -> Any:
    if key not in obj:
        raise InstanceError(_join(parent, key), "missing field")
    return obj[key]


def _require_int(obj: Mapping[str, Any], key: str, parent: str) -> int:
    value = _require(obj, key, parent)
    # bool is a subclass of int in Python but true/false is not a number of minutes
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(_join(parent, key), "must be an integer")
    return value


def _require_list(obj: Mapping[str, Any], key: str, parent: str) -> Sequence[Any]:
    value = _require(obj, key, parent)
    if not isinstance(value, list):
        raise InstanceError(_join(parent, key), "must be a list")
    return value


def _require_id(obj: Mapping[str, Any], key: str, parent: str) -> str:
    value = _require(obj, key, parent)
    if not isinstance(value, str) or not value:
        raise InstanceError(_join(parent, key), "must be a non-empty string")
    return value


# --- clinicians ------------------------------------------------------------------------


def _parse_clinicians(items: Sequence[Any], horizon: int) -> tuple[Clinician, ...]:
    seen: set[str] = set()
    clinicians = []
    for index, item in enumerate(items):
        place = f"clinicians[{index}]"
        obj = _require_object(item, place)
        clinician_id = _require_id(obj, "id", place)
        if clinician_id in seen:
            raise InstanceError(f"{place}.id", f"duplicate clinician id {clinician_id!r}")
        seen.add(clinician_id)
        specialty = _require_id(obj, "specialty", place)
        windows = _parse_windows(_require_list(obj, "available", place), place, horizon)
        clinicians.append(Clinician(clinician_id, specialty, windows))
    return tuple(clinicians)


def _parse_windows(items: Sequence[Any], parent: str, horizon: int) -> tuple[Window, ...]:
    windows: list[tuple[Window, str]] = []
    for index, item in enumerate(items):
        place = f"{parent}.available[{index}]"
        valid_pair = isinstance(item, list) and len(item) == 2
        if not valid_pair or any(isinstance(v, bool) or not isinstance(v, int) for v in item):
            raise InstanceError(place, "must be a pair [start, end] of integers")
        start, end = item
        if start < 0 or end > horizon:
            raise InstanceError(place, f"window [{start}, {end}) lies outside [0, {horizon}]")
        if start >= end:
            raise InstanceError(place, f"window start {start} is not before its end {end}")
        windows.append(((start, end), place))
    windows.sort()
    for (previous, _), (current, place) in itertools.pairwise(windows):
        if current[0] < previous[1]:
            raise InstanceError(place, f"window {list(current)} overlaps {list(previous)}")
    return tuple(window for window, _ in windows)


# --- patients --------------------------------------------------------------------------


def _parse_patients(items: Sequence[Any], horizon: int) -> tuple[Patient, ...]:
    seen: set[str] = set()
    patients = []
    for index, item in enumerate(items):
        place = f"patients[{index}]"
        obj = _require_object(item, place)
        patient_id = _require_id(obj, "id", place)
        if patient_id in seen:
            raise InstanceError(f"{place}.id", f"duplicate patient id {patient_id!r}")
        seen.add(patient_id)
        arrival = _require_int(obj, "arrival", place)
        if not 0 <= arrival < horizon:
            raise InstanceError(f"{place}.arrival", f"must lie in the day [0, {horizon})")
        priority = _require_int(obj, "priority", place) if "priority" in obj else 1
        if priority < 1:
            raise InstanceError(f"{place}.priority", "must be an integer >= 1")
        consults = _parse_consults(_require_list(obj, "consults", place), place)
        patients.append(Patient(patient_id, arrival, consults, priority))
    return tuple(patients)


def _parse_consults(items: Sequence[Any], parent: str) -> tuple[Consult, ...]:
    consults: list[Consult] = []
    places: dict[str, str] = {}
    for index, item in enumerate(items):
        place = f"{parent}.consults[{index}]"
        obj = _require_object(item, place)
        consult_id = _require_id(obj, "id", place)
        if consult_id in places:
            raise InstanceError(f"{place}.id", f"duplicate consult id {consult_id!r}")
        places[consult_id] = place
        specialties = _parse_specialties(_require_list(obj, "specialties", place), place)
        duration = _require_int(obj, "duration", place)
        if duration <= 0:
            raise InstanceError(f"{place}.duration", "must be a positive number of minutes")
        after = _parse_after(obj, place)
        consults.append(Consult(consult_id, specialties, duration, after))
    known = set(places)
    for consult in consults:
        for index, other in enumerate(consult.after):
            if other not in known:
                raise InstanceError(
                    f"{places[consult.id]}.after[{index}]", f"unknown consult id {other!r}"
                )
    _reject_cycles(consults, places)
    return tuple(consults)


def _parse_specialties(items: Sequence[Any], parent: str) -> tuple[str, ...]:
    place = f"{parent}.specialties"
    if not items:
        raise InstanceError(place, "needs at least one specialty")
    for index, value in enumerate(items):
        if not isinstance(value, str) or not value:
            raise InstanceError(f"{place}[{index}]", "must be a non-empty string")
    if len(set(items)) != len(items):
        raise InstanceError(place, "lists a specialty twice")
    return tuple(items)


def _parse_after(obj: Mapping[str, Any], parent: str) -> tuple[str, ...]:
    if "after" not in obj:
        return ()
    items = _require_list(obj, "after", parent)
    for index, value in enumerate(items):
        if not isinstance(value, str) or not value:
            raise InstanceError(f"{parent}.after[{index}]", "must be a consult id (string)")
    return tuple(dict.fromkeys(items))


def _reject_cycles(consults: Sequence[Consult], places: Mapping[str, str]) -> None:
    """Depth-first search for a cycle in `after`; raise naming it, e.g. a -> b -> a."""
    after = {c.id: c.after for c in consults}
    state: dict[str, str] = {}  # "open" while on the DFS stack, "done" afterwards

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        path.append(node)
        for other in after[node]:
            if state.get(other) == "open":
                cycle = [*path[path.index(other) :], other]
                raise InstanceError(
                    f"{places[node]}.after", "cycle in after: " + " -> ".join(cycle)
                )
            if other not in state:
                visit(other, path)
        path.pop()
        state[node] = "done"

    for consult in consults:
        if consult.id not in state:
            visit(consult.id, [])


def topological_order(patient: Patient) -> list[Consult]:
    """The patient's consults in an order where every `after` comes first (stable)."""
    placed: set[str] = set()
    order: list[Consult] = []
    pending = list(patient.consults)
    while pending:
        ready = next(c for c in pending if all(a in placed for a in c.after))
        pending.remove(ready)
        placed.add(ready.id)
        order.append(ready)
    return order
