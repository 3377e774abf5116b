"""check_schedule on hand-made violations of every rule of the contract."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from tumorboard.clinic.solver import InstanceError, check_schedule, parse_instance

INSTANCE = parse_instance(
    {
        "horizon": 200,
        "clinicians": [
            {"id": "rad", "specialty": "radiology", "available": [[0, 100], [120, 200]]},
            {"id": "surg", "specialty": "surgery", "available": [[0, 200]]},
            {"id": "plas", "specialty": "plastic", "available": [[0, 200]]},
        ],
        "patients": [
            {
                "id": "a",
                "arrival": 0,
                "consults": [
                    {"id": "scan", "specialties": ["radiology"], "duration": 20},
                    {
                        "id": "joint",
                        "specialties": ["surgery", "plastic"],
                        "duration": 30,
                        "after": ["scan"],
                    },
                ],
            },
            {
                "id": "b",
                "arrival": 10,
                "consults": [{"id": "scan", "specialties": ["radiology"], "duration": 20}],
            },
        ],
    }
)


def valid() -> dict[str, Any]:
    # a: scan 0-20, joint 20-50 (wait 0); b: scan 20-40 (wait 0)
    return {
        "appointments": [
            {"patient": "a", "consult": "scan", "clinicians": ["rad"], "start": 0, "end": 20},
            {
                "patient": "a",
                "consult": "joint",
                "clinicians": ["surg", "plas"],
                "start": 20,
                "end": 50,
            },
            {"patient": "b", "consult": "scan", "clinicians": ["rad"], "start": 20, "end": 40},
        ],
        "unscheduled": [],
        "metrics": {
            "consults": 3,
            "scheduled": 3,
            "mean_wait": 0.0,
            "makespan": 50,
            "solve_seconds": 0.1,
            "optimal": False,
        },
    }


Edit = Callable[[dict[str, Any]], None]


def appointment(index: int, **changes: Any) -> Edit:
    def edit(schedule: dict[str, Any]) -> None:
        schedule["appointments"][index].update(changes)

    return edit


def metric(name: str, value: Any) -> Edit:
    def edit(schedule: dict[str, Any]) -> None:
        schedule["metrics"][name] = value

    return edit


def drop_appointment(index: int, reason: str | None = None) -> Edit:
    def edit(schedule: dict[str, Any]) -> None:
        gone = schedule["appointments"].pop(index)
        if reason is not None:
            entry = {"patient": gone["patient"], "consult": gone["consult"], "reason": reason}
            schedule["unscheduled"].append(entry)

    return edit


def duplicate(schedule: dict[str, Any]) -> None:
    schedule["unscheduled"].append({"patient": "b", "consult": "scan", "reason": "x"})


def unknown_unscheduled(schedule: dict[str, Any]) -> None:
    schedule["unscheduled"].append({"patient": "z", "consult": "scan", "reason": "x"})


def missing_metrics(schedule: dict[str, Any]) -> None:
    del schedule["metrics"]


def both(*edits: Edit) -> Edit:
    def edit(schedule: dict[str, Any]) -> None:
        for one in edits:
            one(schedule)

    return edit


# (name, edit, rule expected, words expected in a message)
CASES: list[tuple[str, Edit, str, str]] = [
    ("missing consult", drop_appointment(2), "coverage", "b/scan is missing"),
    ("twice", duplicate, "coverage", "appears 2 times"),
    ("unknown entry", unknown_unscheduled, "unknown", "z/scan"),
    ("unknown appointment", appointment(2, patient="zz"), "unknown", "zz/scan"),
    ("duration", appointment(2, end=45), "duration", "lasts 25 min, needs 20"),
    (
        "clinician order",
        appointment(1, clinicians=["plas", "surg"]),
        "clinicians",
        "slot needs surgery",
    ),
    ("too few clinicians", appointment(1, clinicians=["surg"]), "clinicians", "lists 1 clinicians"),
    ("unknown clinician", appointment(2, clinicians=["dr-who"]), "clinicians", "unknown clinician"),
    ("clinician twice", appointment(2, start=10, end=30), "clinician_overlap", "rad is in"),
    (
        "patient twice",
        appointment(1, clinicians=["surg", "plas"], start=10, end=40),
        "patient_overlap",
        "a is in",
    ),
    ("window", appointment(2, start=90, end=110), "window", "outside every window of rad"),
    ("arrival", appointment(2, start=0, end=20), "arrival", "before arrival 10"),
    ("horizon", both(appointment(1, start=180, end=210)), "horizon", "outside [0, 200]"),
    ("precedence order", appointment(0, start=40, end=60), "precedence", "before scan ends at 60"),
    (
        "after unscheduled",
        drop_appointment(0, reason="no room"),
        "precedence",
        "scan, which must come first, is not",
    ),
    ("scheduled count", metric("scheduled", 2), "metrics", "scheduled is 2"),
    ("consult count", metric("consults", 4), "metrics", "consults is 4"),
    ("mean wait", metric("mean_wait", 3.0), "metrics", "mean_wait is 3.0"),
    ("makespan", metric("makespan", 60), "metrics", "makespan is 60"),
    ("solve seconds", metric("solve_seconds", -1), "metrics", "solve_seconds"),
    ("optimal", metric("optimal", "yes"), "metrics", "optimal"),
    ("no metrics", missing_metrics, "metrics", "missing"),
]


def test_it_accepts_the_valid_schedule() -> None:
    assert check_schedule(INSTANCE, valid()) == []


@pytest.mark.parametrize(("name", "edit", "rule", "words"), CASES, ids=[c[0] for c in CASES])
def test_it_names_each_violation(name: str, edit: Edit, rule: str, words: str) -> None:
    schedule = copy.deepcopy(valid())
    edit(schedule)
    violations = check_schedule(INSTANCE, schedule)
    matching = [v for v in violations if v.rule == rule and words in v.message]
    assert matching, violations


def test_it_recomputes_mean_wait_over_patients_with_appointments() -> None:
    schedule = valid()
    # b's scan moves to 40-60 and a's joint to 60-90: a waits 40, b 0 -> mean 20
    schedule["appointments"][1].update(start=60, end=90)
    schedule["appointments"][2].update(start=40, end=60)
    schedule["metrics"].update(mean_wait=20.0, makespan=90)
    assert check_schedule(INSTANCE, schedule) == []


@pytest.mark.parametrize(
    ("schedule", "place"),
    [
        ([], "$"),
        ({"unscheduled": []}, "appointments"),
        ({"appointments": [{"patient": "a"}], "unscheduled": []}, "appointments[0].consult"),
        (
            {
                "appointments": [
                    {
                        "patient": "a",
                        "consult": "scan",
                        "clinicians": ["rad"],
                        "start": "0",
                        "end": 20,
                    }
                ],
                "unscheduled": [],
            },
            "appointments[0].start",
        ),
    ],
)
def test_it_rejects_a_malformed_schedule(schedule: Any, place: str) -> None:
    with pytest.raises(InstanceError) as raised:
        check_schedule(INSTANCE, schedule)
    assert raised.value.place == place
