"""solve() on small days whose optimum is known by hand (reasoning in each case)."""

from __future__ import annotations

from typing import Any

import pytest

from tumorboard.clinic.solver import (
    SolverSettings,
    check_schedule,
    first_come_first_served,
    parse_instance,
    solve,
)

FAST = SolverSettings(time_limit=2.0)


def clinician(cid: str, specialty: str, *windows: tuple[int, int]) -> dict[str, Any]:
    return {"id": cid, "specialty": specialty, "available": [list(w) for w in windows]}


def consult(
    cid: str, duration: int, *specialties: str, after: tuple[str, ...] = ()
) -> dict[str, Any]:
    return {"id": cid, "specialties": list(specialties), "duration": duration, "after": list(after)}


def patient(pid: str, arrival: int, *consults: dict[str, Any], priority: int = 1) -> dict[str, Any]:
    return {"id": pid, "arrival": arrival, "priority": priority, "consults": list(consults)}


def run(data: dict[str, Any]) -> dict[str, Any]:
    instance = parse_instance(data)
    schedule = solve(instance, FAST).to_json(instance)
    assert check_schedule(instance, schedule) == []
    return schedule


def starts(schedule: dict[str, Any]) -> dict[tuple[str, str], int]:
    return {(a["patient"], a["consult"]): a["start"] for a in schedule["appointments"]}


# (name, instance, scheduled, mean_wait, makespan) -- each optimum argued in its comment
KNOWN = [
    # one radiologist, two 20-min scans: back to back, nobody waits, 40 min in all
    (
        "two patients one radiologist",
        {
            "horizon": 100,
            "clinicians": [clinician("rad", "radiology", (0, 100))],
            "patients": [
                patient("a", 0, consult("scan", 20, "radiology")),
                patient("b", 0, consult("scan", 20, "radiology")),
            ],
        },
        2,
        0.0,
        40,
    ),
    # the surgeon starts at 50: scan 30-50 then surgery 50-80 waits 0 (FCFS: scan at 0,
    # 30 min idle); the surgery cannot end before 80
    (
        "late surgeon",
        {
            "horizon": 200,
            "clinicians": [
                clinician("rad", "radiology", (0, 200)),
                clinician("surg", "surgery", (50, 200)),
            ],
            "patients": [
                patient(
                    "a",
                    0,
                    consult("scan", 20, "radiology"),
                    consult("op", 30, "surgery", after=("scan",)),
                )
            ],
        },
        2,
        0.0,
        80,
    ),
    # two interchangeable radiologists, one surgeon, scan 30 then surgery 30 for two
    # patients: the surgeon can start at 30 at the earliest, two surgeries end at 90;
    # a: scan 0-30, op 30-60; b: scan 30-60, op 60-90 -> nobody waits
    (
        "pooled radiologists",
        {
            "horizon": 200,
            "clinicians": [
                clinician("rad1", "radiology", (0, 200)),
                clinician("rad2", "radiology", (0, 200)),
                clinician("surg", "surgery", (0, 200)),
            ],
            "patients": [
                patient(
                    "a",
                    0,
                    consult("scan", 30, "radiology"),
                    consult("op", 30, "surgery", after=("scan",)),
                ),
                patient(
                    "b",
                    0,
                    consult("scan", 30, "radiology"),
                    consult("op", 30, "surgery", after=("scan",)),
                ),
            ],
        },
        4,
        0.0,
        90,
    ),
    # radiologist only in [0, 20), surgeon only in [40, 60): 20 min of waiting are forced
    (
        "forced wait",
        {
            "horizon": 100,
            "clinicians": [
                clinician("rad", "radiology", (0, 20)),
                clinician("surg", "surgery", (40, 60)),
            ],
            "patients": [
                patient("a", 0, consult("scan", 20, "radiology"), consult("op", 20, "surgery"))
            ],
        },
        2,
        20.0,
        60,
    ),
    # one hour of radiology, three 30-min scans: two fit
    (
        "not all fit",
        {
            "horizon": 60,
            "clinicians": [clinician("rad", "radiology", (0, 60))],
            "patients": [patient(p, 0, consult("scan", 30, "radiology")) for p in "abc"],
        },
        2,
        0.0,
        60,
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "scheduled", "mean_wait", "makespan"), KNOWN, ids=[k[0] for k in KNOWN]
)
def test_it_finds_the_known_optimum(
    name: str, data: dict[str, Any], scheduled: int, mean_wait: float, makespan: int
) -> None:
    metrics = run(data)["metrics"]
    assert (metrics["scheduled"], metrics["mean_wait"], metrics["makespan"]) == (
        scheduled,
        mean_wait,
        makespan,
    )
    assert metrics["optimal"] is True


def test_it_waits_less_than_first_come_first_served_on_the_late_surgeon() -> None:
    data = KNOWN[1][1]
    instance = parse_instance(data)
    baseline = first_come_first_served(instance).to_json(instance)["metrics"]
    assert baseline["mean_wait"] == 30.0  # scan at 0, surgeon free only at 50
    assert starts(run(data))[("a", "scan")] == 30


@pytest.mark.parametrize("order", [("breast", "plastic"), ("plastic", "breast")])
def test_it_books_a_joint_consult_with_both_clinicians_in_order(order: tuple[str, str]) -> None:
    data = {
        "horizon": 300,
        "clinicians": [
            clinician("dr-b", "breast", (0, 300)),
            clinician("dr-p", "plastic", (60, 300)),
        ],
        "patients": [patient("a", 0, consult("joint", 40, *order))],
    }
    schedule = run(data)
    (booked,) = schedule["appointments"]
    names = {"breast": "dr-b", "plastic": "dr-p"}
    assert booked["clinicians"] == [names[s] for s in order]
    assert (booked["start"], booked["end"]) == (60, 100)  # the plastic surgeon comes at 60


def test_it_keeps_a_partial_visit() -> None:
    data = {
        "horizon": 300,
        "clinicians": [clinician("rad", "radiology", (0, 300))],
        "patients": [
            patient(
                "a",
                0,
                consult("scan", 20, "radiology"),
                consult("nurse", 15, "nursing", after=("scan",)),
                consult("leaflet", 10, "radiology", after=("nurse",)),
            )
        ],
    }
    schedule = run(data)
    assert [a["consult"] for a in schedule["appointments"]] == ["scan"]
    reasons = {u["consult"]: u["reason"] for u in schedule["unscheduled"]}
    assert reasons == {"nurse": "no nursing clinician", "leaflet": "after nurse unscheduled"}


def test_it_sees_the_higher_priority_first_when_not_all_fit() -> None:
    data = {
        "horizon": 100,
        "clinicians": [clinician("rad", "radiology", (0, 30))],
        "patients": [
            patient("low", 0, consult("scan", 30, "radiology")),
            patient("high", 0, consult("scan", 30, "radiology"), priority=3),
        ],
    }
    schedule = run(data)
    assert [a["patient"] for a in schedule["appointments"]] == ["high"]
    assert schedule["unscheduled"] == [
        {"patient": "low", "consult": "scan", "reason": "no radiology clinician free"}
    ]


def test_it_schedules_no_one_before_arrival() -> None:
    data = {
        "horizon": 200,
        "clinicians": [clinician("rad", "radiology", (0, 200))],
        "patients": [patient("a", 75, consult("scan", 20, "radiology"))],
    }
    assert starts(run(data)) == {("a", "scan"): 75}


def test_it_answers_an_empty_day() -> None:
    schedule = run({"horizon": 100, "clinicians": [], "patients": []})
    assert schedule["appointments"] == [] and schedule["metrics"]["scheduled"] == 0
