"""replan(): started appointments stay, the rest moves only after `now`, changes apply."""

from __future__ import annotations

from typing import Any

import pytest

from tumorboard.clinic.solver import (
    InstanceError,
    SolverSettings,
    apply_changes,
    check_schedule,
    parse_instance,
    replan,
    solve,
)

FAST = SolverSettings(time_limit=1.5)


def day() -> dict[str, Any]:
    def chain(pid: str, arrival: int) -> dict[str, Any]:
        return {
            "id": pid,
            "arrival": arrival,
            "consults": [
                {"id": "scan", "specialties": ["radiology"], "duration": 20},
                {"id": "op", "specialties": ["surgery"], "duration": 30, "after": ["scan"]},
                {"id": "nurse", "specialties": ["nursing"], "duration": 15, "after": ["op"]},
            ],
        }

    return {
        "horizon": 480,
        "clinicians": [
            {"id": "rad", "specialty": "radiology", "available": [[0, 480]]},
            {"id": "surg1", "specialty": "surgery", "available": [[0, 480]]},
            {"id": "surg2", "specialty": "surgery", "available": [[0, 240], [300, 480]]},
            {"id": "nurse", "specialty": "nursing", "available": [[0, 480]]},
        ],
        "patients": [chain(f"p{i}", 10 * i) for i in range(6)],
    }


def started_before(schedule: dict[str, Any], now: int) -> list[dict[str, Any]]:
    return [a for a in schedule["appointments"] if a["start"] < now]


@pytest.fixture(scope="module")
def morning() -> dict[str, Any]:
    instance = parse_instance(day())
    return solve(instance, FAST).to_json(instance)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"late": [{"patient": "p5", "arrival": 150}]},
        {"away": [{"clinician": "surg1", "from": 100}]},
        {
            "walk_in": [
                {
                    "id": "walk",
                    "arrival": 90,
                    "consults": [{"id": "scan", "specialties": ["radiology"], "duration": 15}],
                }
            ]
        },
    ],
    ids=["nothing", "late patient", "surgeon away", "walk-in"],
)
def test_it_keeps_started_appointments_and_moves_the_rest_after_now(
    morning: dict[str, Any], changes: dict[str, Any]
) -> None:
    now = 60
    instance = parse_instance(apply_changes(day(), changes))
    result = replan(instance, morning, now, FAST).to_json(instance)
    assert check_schedule(instance, result) == []
    kept = started_before(morning, now)
    assert kept, "the test needs appointments that have started"
    for appointment in kept:
        assert appointment in result["appointments"]
    for appointment in result["appointments"]:
        assert appointment in kept or appointment["start"] >= now
    assert result["metrics"]["scheduled"] >= len(kept)


def test_it_moves_nothing_when_nothing_changed(morning: dict[str, Any]) -> None:
    instance = parse_instance(day())
    result = replan(instance, morning, 60, FAST).to_json(instance)
    assert result["metrics"]["moved"] == 0
    assert sorted(result["appointments"], key=str) == sorted(morning["appointments"], key=str)


def test_it_sees_a_walk_in_and_a_late_patient_after_their_arrival(morning: dict[str, Any]) -> None:
    changes = {
        "late": [{"patient": "p5", "arrival": 200}],
        "walk_in": [
            {
                "id": "walk",
                "arrival": 90,
                "consults": [{"id": "scan", "specialties": ["radiology"], "duration": 15}],
            }
        ],
    }
    instance = parse_instance(apply_changes(day(), changes))
    result = replan(instance, morning, 60, FAST).to_json(instance)
    booked = {(a["patient"], a["consult"]): a for a in result["appointments"]}
    assert booked[("walk", "scan")]["start"] >= 90
    assert min(a["start"] for (p, _), a in booked.items() if p == "p5") >= 200


def test_it_frees_the_absent_surgeon(morning: dict[str, Any]) -> None:
    instance = parse_instance(apply_changes(day(), {"away": [{"clinician": "surg2", "from": 60}]}))
    result = replan(instance, morning, 60, FAST).to_json(instance)
    late = [a for a in result["appointments"] if "surg2" in a["clinicians"]]
    assert all(a["end"] <= 60 for a in late)


def test_it_refuses_a_started_appointment_the_new_day_cannot_hold(morning: dict[str, Any]) -> None:
    running = started_before(morning, 60)[0]
    clinician = running["clinicians"][0]
    changes = {"away": [{"clinician": clinician, "from": running["start"] + 1}]}
    instance = parse_instance(apply_changes(day(), changes))
    with pytest.raises(InstanceError) as raised:
        replan(instance, morning, 60, FAST)
    assert raised.value.place.startswith("previous.appointments[")


@pytest.mark.parametrize(
    ("changes", "place"),
    [
        ({"late": [{"patient": "nobody", "arrival": 3}]}, "changes.late[0].patient"),
        ({"late": [{"patient": "p1", "arrival": "soon"}]}, "changes.late[0].arrival"),
        ({"away": [{"clinician": "dr-x", "from": 3}]}, "changes.away[0].clinician"),
        ({"walk_in": "someone"}, "changes.walk_in"),
    ],
)
def test_it_names_bad_changes(changes: dict[str, Any], place: str) -> None:
    with pytest.raises(InstanceError) as raised:
        apply_changes(day(), changes)
    assert raised.value.place == place
