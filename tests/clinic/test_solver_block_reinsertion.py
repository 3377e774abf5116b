"""The block pass: a waiting patient's visit moves to a gap-free block where one fits.

Waiting counts from the start of a patient's first appointment, so a later gap-free visit
beats an earlier gapped one; the pass must keep exactly the booked consults (the first
objective) and may only lower waiting.
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
from tumorboard.clinic.solver.reinsert import reinsert_blocks
from tumorboard.clinic.solver.schedule import patient_waits

LATER = 1e9  # a deadline that never cuts the pass


def day(radiology: list[list[int]], surgery: list[list[int]]) -> Any:
    return parse_instance(
        {
            "horizon": 300,
            "clinicians": [
                {"id": "rad", "specialty": "radiology", "available": radiology},
                {"id": "sur", "specialty": "surgery", "available": surgery},
            ],
            "patients": [
                {
                    "id": "p1",
                    "arrival": 0,
                    "consults": [
                        {"id": "us", "specialties": ["radiology"], "duration": 20},
                        {"id": "op", "specialties": ["surgery"], "duration": 30, "after": ["us"]},
                    ],
                },
                {
                    "id": "p2",
                    "arrival": 0,
                    "consults": [{"id": "ct", "specialties": ["radiology"], "duration": 40}],
                },
            ],
        }
    )


def gapped() -> Schedule:
    """p1: ultrasound 0-20, surgeon 100-130 (80 minutes idle); p2: CT 20-60."""
    return Schedule(
        [
            Appointment("p1", "us", ("rad",), 0, 20),
            Appointment("p1", "op", ("sur",), 100, 130),
            Appointment("p2", "ct", ("rad",), 20, 60),
        ],
        [],
    )


def test_it_closes_a_known_gap_by_moving_the_whole_visit() -> None:
    # the surgeon only comes at 100: the gap-free visit is ultrasound 80-100, surgery 100-130
    instance = day([[0, 300]], [[100, 300]])
    result = reinsert_blocks(instance, gapped(), LATER)
    assert check_schedule(instance, result) == []
    assert patient_waits(result.appointments) == {"p1": 0, "p2": 0}
    booked = {(a.patient, a.consult): (a.start, a.end) for a in result.appointments}
    assert booked == {("p1", "us"): (80, 100), ("p1", "op"): (100, 130), ("p2", "ct"): (20, 60)}


def test_it_leaves_a_visit_alone_when_no_gap_free_block_fits() -> None:
    # radiology only until 60 (the CT holds 20-60), the surgeon from 100: no block fits
    instance = day([[0, 60]], [[100, 300]])
    before = gapped()
    result = reinsert_blocks(instance, before, LATER)
    assert check_schedule(instance, result) == []
    assert sorted(result.appointments, key=str) == sorted(before.appointments, key=str)


def test_it_stops_at_the_deadline_with_what_it_has() -> None:
    instance = day([[0, 300]], [[100, 300]])
    result = reinsert_blocks(instance, gapped(), time.perf_counter() - 1)
    assert sorted(result.appointments, key=str) == sorted(gapped().appointments, key=str)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tight_days())
def test_it_keeps_every_consult_and_never_makes_anyone_wait_more(data: dict[str, Any]) -> None:
    instance = parse_instance(data)
    start = first_come_first_served(instance)
    result = reinsert_blocks(instance, start, LATER)
    assert check_schedule(instance, result) == []
    booked = sorted((a.patient, a.consult) for a in result.appointments)
    assert booked == sorted((a.patient, a.consult) for a in start.appointments)
    before, after = patient_waits(start.appointments), patient_waits(result.appointments)
    for patient, minutes in after.items():
        # a patient either keeps her bookings or gets a gap-free visit
        assert minutes == before[patient] or minutes == 0
        assert minutes <= before[patient]
