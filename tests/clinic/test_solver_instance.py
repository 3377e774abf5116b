"""parse_instance: every kind of bad input names its place; valid input round-trips."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tumorboard.clinic.solver import InstanceError, parse_instance
from tumorboard.clinic.solver.instance import instance_to_json, topological_order


def day() -> dict[str, Any]:
    return {
        "horizon": 540,
        "clinicians": [
            {"id": "dr-wang", "specialty": "breast_surgery", "available": [[0, 240], [300, 540]]},
            {"id": "dr-li", "specialty": "plastic_surgery", "available": [[60, 540]]},
        ],
        "patients": [
            {
                "id": "p17",
                "arrival": 0,
                "consults": [
                    {"id": "us", "specialties": ["radiology"], "duration": 20},
                    {
                        "id": "joint",
                        "specialties": ["breast_surgery", "plastic_surgery"],
                        "duration": 40,
                        "after": ["us"],
                    },
                ],
            }
        ],
    }


def mutate(path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(day())
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


DELETE = object()
CONSULT = ["patients", 0, "consults"]

BAD = [
    ("missing horizon", ["horizon"], DELETE, "horizon", "missing"),
    ("horizon not int", ["horizon"], "540", "horizon", "integer"),
    ("missing clinicians", ["clinicians"], DELETE, "clinicians", "missing"),
    (
        "duration missing",
        [*CONSULT, 1, "duration"],
        DELETE,
        "patients[0].consults[1].duration",
        "missing",
    ),
    (
        "duration negative",
        [*CONSULT, 1, "duration"],
        -5,
        "patients[0].consults[1].duration",
        "positive",
    ),
    ("duration zero", [*CONSULT, 0, "duration"], 0, "patients[0].consults[0].duration", "positive"),
    (
        "duration bool",
        [*CONSULT, 0, "duration"],
        True,
        "patients[0].consults[0].duration",
        "integer",
    ),
    (
        "specialties empty",
        [*CONSULT, 0, "specialties"],
        [],
        "patients[0].consults[0].specialties",
        "at least",
    ),
    (
        "unknown after",
        [*CONSULT, 1, "after"],
        ["ct"],
        "patients[0].consults[1].after[0]",
        "unknown",
    ),
    ("cycle of one", [*CONSULT, 0, "after"], ["us"], "patients[0].consults[0].after", "us -> us"),
    ("cycle of two", [*CONSULT, 0, "after"], ["joint"], "patients[0].consults", "cycle"),
    (
        "window outside",
        ["clinicians", 1, "available"],
        [[60, 600]],
        "clinicians[1].available[0]",
        "outside",
    ),
    (
        "window negative",
        ["clinicians", 1, "available"],
        [[-10, 60]],
        "clinicians[1].available[0]",
        "outside",
    ),
    (
        "window empty",
        ["clinicians", 1, "available"],
        [[60, 60]],
        "clinicians[1].available[0]",
        "not before",
    ),
    (
        "window overlap",
        ["clinicians", 0, "available"],
        [[0, 240], [200, 540]],
        "clinicians[0].available[1]",
        "overlaps",
    ),
    (
        "window shape",
        ["clinicians", 0, "available"],
        [[0, 240, 3]],
        "clinicians[0].available[0]",
        "pair",
    ),
    ("arrival late", ["patients", 0, "arrival"], 540, "patients[0].arrival", "day"),
    ("arrival early", ["patients", 0, "arrival"], -1, "patients[0].arrival", "day"),
    ("priority zero", ["patients", 0, "priority"], 0, "patients[0].priority", ">= 1"),
    ("patient not object", ["patients", 0], "p17", "patients[0]", "object"),
    ("id empty", ["patients", 0, "id"], "", "patients[0].id", "non-empty"),
]


@pytest.mark.parametrize(("name", "path", "value", "place", "words"), BAD, ids=[b[0] for b in BAD])
def test_it_names_the_place_of_bad_input(
    name: str, path: list[Any], value: Any, place: str, words: str
) -> None:
    with pytest.raises(InstanceError) as raised:
        parse_instance(mutate(path, value))
    assert raised.value.place.startswith(place)
    assert words in raised.value.message


def test_it_names_the_whole_cycle() -> None:
    data = day()
    data["patients"][0]["consults"][0]["after"] = ["joint"]
    with pytest.raises(InstanceError) as raised:
        parse_instance(data)
    assert (
        "us -> joint -> us" in raised.value.message
        or "joint -> us -> joint" in raised.value.message
    )


@pytest.mark.parametrize(
    ("where", "place"),
    [("patients", "patients[1].id"), ("clinicians", "clinicians[2].id")],
)
def test_it_rejects_duplicate_ids(where: str, place: str) -> None:
    data = day()
    data[where].append(copy.deepcopy(data[where][0]))
    with pytest.raises(InstanceError) as raised:
        parse_instance(data)
    assert raised.value.place == place
    assert "duplicate" in raised.value.message


def test_it_rejects_a_duplicate_consult_id_within_a_patient() -> None:
    data = day()
    data["patients"][0]["consults"][1]["id"] = "us"
    with pytest.raises(InstanceError) as raised:
        parse_instance(data)
    assert raised.value.place == "patients[0].consults[1].id"


def test_it_accepts_a_specialty_nobody_has() -> None:
    instance = parse_instance(day())  # radiology has no clinician: not bad input
    assert instance.clinicians_of("radiology") == ()


def test_it_round_trips_and_orders_consults() -> None:
    instance = parse_instance(day())
    assert parse_instance(instance_to_json(instance)) == instance
    assert [c.id for c in topological_order(instance.patients[0])] == ["us", "joint"]
    assert instance.patients[0].priority == 1
