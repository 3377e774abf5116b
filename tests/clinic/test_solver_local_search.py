"""The local search after the group pass: ejections, swaps, shifts and exchanges.

Each move may only keep or improve the day lexicographically (priority-weighted consults,
then total waiting); every schedule it returns must pass check_schedule.
"""

from __future__ import annotations

import time
from typing import Any

from hypothesis import HealthCheck, given, settings

from tests.clinic.test_solver_objective_order import tight_days
from tumorboard.clinic.solver import (
    Appointment,
    Schedule,
    check_schedule,
    first_come_first_served,
    parse_instance,
)
from tumorboard.clinic.solver.exchange import insert_by_ejection, replace_last
from tumorboard.clinic.solver.instance import Instance
from tumorboard.clinic.solver.local_search import Day, local_search
from tumorboard.clinic.solver.schedule import objective_key, patient_waits
from tumorboard.clinic.solver.solve import polish, unscheduled_entries
from tumorboard.clinic.solver.swaps import sweep

LATER = 1e9  # a deadline that never cuts the search


def chain(pid: str, first: str, second: str, arrival: int = 0) -> dict[str, Any]:
    """A patient with two consults, the second after the first."""
    return {
        "id": pid,
        "arrival": arrival,
        "consults": [
            {"id": "a", "specialties": [first], "duration": 20},
            {"id": "b", "specialties": [second], "duration": 30, "after": ["a"]},
        ],
    }


def blocked_day() -> Any:
    """The surgeon works 100-150 only; p2's long CT holds radiology 80-140 in `blocked()`."""
    return parse_instance(
        {
            "horizon": 150,
            "clinicians": [
                {"id": "rad", "specialty": "radiology", "available": [[0, 150]]},
                {"id": "sur", "specialty": "surgery", "available": [[100, 150]]},
            ],
            "patients": [
                chain("p1", "radiology", "surgery"),
                {
                    "id": "p2",
                    "arrival": 0,
                    "consults": [{"id": "ct", "specialties": ["radiology"], "duration": 60}],
                },
            ],
        }
    )


def blocked() -> Schedule:
    """p1: ultrasound 0-20, surgery 100-130 (80 minutes idle); p2's CT 80-140 is in the
    way of every gap-free visit of p1 (her ultrasound must end at 100 or 120)."""
    return Schedule(
        [
            Appointment("p1", "a", ("rad",), 0, 20),
            Appointment("p1", "b", ("sur",), 100, 130),
            Appointment("p2", "ct", ("rad",), 80, 140),
        ],
        [],
    )


def finished(instance: Any, schedule: Schedule) -> Schedule:
    schedule.unscheduled = unscheduled_entries(instance, schedule.appointments)
    return schedule


def test_it_ejects_a_blocker_so_a_waiting_patient_goes_gap_free() -> None:
    instance = blocked_day()
    assert check_schedule(instance, blocked()) == []
    result = finished(instance, local_search(instance, blocked(), LATER))
    assert check_schedule(instance, result) == []
    # the known optimum: p2's CT first thing, p1 ultrasound 80-100 then surgery 100-130
    assert patient_waits(result.appointments) == {"p1": 0, "p2": 0}
    booked = {(a.patient, a.consult): (a.start, a.end) for a in result.appointments}
    assert booked[("p1", "a")] == (80, 100)
    assert booked[("p1", "b")] == (100, 130)


def test_it_stops_at_the_deadline_with_what_it_has() -> None:
    instance = blocked_day()
    result = local_search(instance, blocked(), time.perf_counter() - 1)
    assert sorted(result.appointments, key=str) == sorted(blocked().appointments, key=str)


def nursing_swap_day(p2_minutes: int) -> tuple[Instance, Schedule]:
    """Radiology works 0-20 and nursing 20-50 and 100-130; p1 (radiology, then nursing)
    waits for the late nursing slot while p2's `p2_minutes` of nursing sit at 20."""
    instance = parse_instance(
        {
            "horizon": 200,
            "clinicians": [
                {"id": "rad", "specialty": "radiology", "available": [[0, 20]]},
                {"id": "nur", "specialty": "nursing", "available": [[20, 50], [100, 130]]},
            ],
            "patients": [
                chain("p1", "radiology", "nursing"),
                {
                    "id": "p2",
                    "arrival": 0,
                    "consults": [
                        {"id": "a", "specialties": ["nursing"], "duration": p2_minutes}
                    ],
                },
            ],
        }
    )
    start = Schedule(
        [
            Appointment("p1", "a", ("rad",), 0, 20),
            Appointment("p1", "b", ("nur",), 100, 130),
            Appointment("p2", "a", ("nur",), 20, 20 + p2_minutes),
        ],
        [],
    )
    return instance, start


def assert_swapped_to_zero_waiting(instance: Instance, start: Schedule) -> None:
    assert check_schedule(instance, finished(instance, start)) == []
    day = Day(instance, start)
    assert sweep(day, list(instance.patients), LATER) == {"p1", "p2"}
    result = finished(instance, day.schedule(start))
    assert check_schedule(instance, result) == []
    assert patient_waits(result.appointments) == {"p1": 0, "p2": 0}


def test_it_swaps_two_appointments_of_one_specialty_when_that_cuts_waiting() -> None:
    # both nursing slots are 30 minutes and taken: p1 can only trade hers with p2
    assert_swapped_to_zero_waiting(*nursing_swap_day(30))


def test_it_swaps_appointments_of_different_lengths_where_the_clinicians_are_free() -> None:
    # p2's 20 minutes at 20-40 against p1's 30 at 100-130; nursing is free 40-50, so p1
    # takes 20-50 and p2 100-120 (or 110-130)
    assert_swapped_to_zero_waiting(*nursing_swap_day(20))


def test_it_gives_a_gapped_last_consult_to_an_unscheduled_one_of_equal_priority() -> None:
    instance = parse_instance(
        {
            "horizon": 100,
            "clinicians": [
                {"id": "rad", "specialty": "radiology", "available": [[0, 100]]},
                {"id": "nur", "specialty": "nursing", "available": [[60, 90]]},
            ],
            "patients": [
                chain("p1", "radiology", "nursing"),
                chain("p2", "radiology", "nursing", arrival=20),
            ],
        }
    )
    # one nursing slot (60-90): p1 idles 40 minutes for it, p2 could go straight there
    start = Schedule(
        [
            Appointment("p1", "a", ("rad",), 0, 20),
            Appointment("p1", "b", ("nur",), 60, 90),
            Appointment("p2", "a", ("rad",), 40, 60),
        ],
        [],
    )
    assert check_schedule(instance, finished(instance, start)) == []
    day = Day(instance, start)
    assert replace_last(day, instance.patients[0]) is True
    result = finished(instance, day.schedule(start))
    assert check_schedule(instance, result) == []
    assert objective_key(instance, result)[:2] == (-3, 0)


def test_it_books_an_unscheduled_consult_by_moving_the_patient_in_its_way() -> None:
    # nursing works 20-50 and 60-90; p2 holds 60-90, the only slot after p1's imaging,
    # and 20-50 is free but too early for p1: p2 moves there and p1 gets her nursing
    instance = parse_instance(
        {
            "horizon": 120,
            "clinicians": [
                {"id": "rad", "specialty": "radiology", "available": [[0, 120]]},
                {"id": "nur", "specialty": "nursing", "available": [[20, 50], [60, 90]]},
            ],
            "patients": [
                chain("p1", "radiology", "nursing"),
                {
                    "id": "p2",
                    "arrival": 0,
                    "consults": [{"id": "a", "specialties": ["nursing"], "duration": 30}],
                },
            ],
        }
    )
    start = finished(
        instance,
        Schedule(
            [
                Appointment("p1", "a", ("rad",), 40, 60),
                Appointment("p2", "a", ("nur",), 60, 90),
            ],
            [],
        ),
    )
    assert check_schedule(instance, start) == []
    day = Day(instance, start)
    assert insert_by_ejection(day, LATER) is True
    result = finished(instance, day.schedule(start))
    assert check_schedule(instance, result) == []
    assert objective_key(instance, result)[:2] == (-3, 0)
    booked = {(a.patient, a.consult): (a.start, a.end) for a in result.appointments}
    assert booked[("p1", "b")] == (60, 90)
    assert booked[("p2", "a")] == (20, 50)


def test_polish_keeps_its_input_when_the_search_finds_nothing() -> None:
    instance = blocked_day()
    start = finished(instance, blocked())
    assert polish(instance, start, time.perf_counter() - 1) is start


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tight_days())
def test_it_never_books_fewer_weighted_consults_nor_makes_the_day_wait_more(
    data: dict[str, Any],
) -> None:
    instance = parse_instance(data)
    start = first_come_first_served(instance)
    result = finished(instance, local_search(instance, start, time.perf_counter() + 0.5))
    assert check_schedule(instance, result) == []
    assert objective_key(instance, result)[:2] <= objective_key(instance, start)[:2]
