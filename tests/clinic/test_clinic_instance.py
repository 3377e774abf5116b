"""From a case and a template to consults, and from a clinic day to the solver's instance."""

from __future__ import annotations

from typing import Any

import pytest

from tests.base import make_case, make_patient
from tests.clinic.clinic_fixtures import ClinicTestCase
from tumorboard.clinic import pathway_rules, scheduling, services
from tumorboard.clinic.models import ClinicianSession
from tumorboard.clinic.pathway_rules import StepSpec
from tumorboard.clinic.solver import parse_instance

BREAST = pathway_rules.DEFAULT_TEMPLATES["breast"].steps


@pytest.mark.parametrize(("pathway", "details", "codes", "joint"), [
    ("breast", {"planned_surgery": "mastectomy"},
     ["imaging", "surgery-joint", "oncology", "nursing"],
     ["breast_surgery", "plastic_surgery"]),
    ("breast", {"planned_surgery": "conserving"}, ["imaging", "surgery", "oncology", "nursing"],
     None),
    ("breast", {}, ["imaging", "surgery", "oncology", "nursing"], None),
    ("rectum", {"distance_from_anal_verge_cm": 4.0},
     ["imaging", "surgery-joint", "oncology", "nursing"],
     ["colorectal_surgery", "radiation_oncology"]),
    ("rectum", {"distance_from_anal_verge_cm": 11.0},
     ["imaging", "surgery", "oncology", "nursing"], None),
    ("sarcoma", {"expected_defect_large": True},
     ["imaging", "surgery-joint", "radiotherapy", "nursing"],
     ["orthopaedic_oncology", "plastic_surgery"]),
    ("bone_metastasis", {"spinal_levels": ["T11"]},
     ["imaging", "surgery-joint", "oncology", "nursing"], ["spine_surgery", "radiation_oncology"]),
])
def test_it_picks_the_joint_consult_from_the_case(pathway: str, details: dict[str, Any],
                                                  codes: list[str], joint: list[str] | None
                                                  ) -> None:
    steps = pathway_rules.DEFAULT_TEMPLATES[pathway].steps
    consults = pathway_rules.consults_for(steps, pathway_rules.case_flags(pathway, details))
    assert [c["code"] for c in consults] == codes
    joints = [c["specialties"] for c in consults if len(c["specialties"]) > 1]
    assert joints == ([joint] if joint else [])
    # a strict chain: each consult after the one before it
    assert [c["after"] for c in consults] == [[]] + [[code] for code in codes[:-1]]


def test_it_lets_steps_of_equal_position_come_in_either_order() -> None:
    steps = [StepSpec("a", "A", ("radiology",), 10, 0), StepSpec("b", "B", ("nursing",), 10, 1),
             StepSpec("c", "C", ("psychology",), 10, 1), StepSpec("d", "D", ("nursing",), 5, 2)]
    after = {c["code"]: c["after"] for c in pathway_rules.consults_for(steps, frozenset())}
    assert after == {"a": [], "b": ["a"], "c": ["a"], "d": ["b", "c"]}


@pytest.mark.parametrize(("windows", "breaks", "away", "expected"), [
    ([[0, 540]], [[240, 300]], None, [[0, 240], [300, 540]]),
    ([[0, 540]], [[240, 300]], 400, [[0, 240], [300, 400]]),
    ([[60, 300]], [[0, 90]], None, [[90, 300]]),
    ([[0, 240], [300, 540]], [], 200, [[0, 200]]),
    ([[0, 540]], [[0, 540]], None, []),
])
def test_it_takes_breaks_and_absence_out_of_the_windows(windows: list[list[int]],
                                                       breaks: list[list[int]], away: int | None,
                                                       expected: list[list[int]]) -> None:
    session = ClinicianSession(windows=windows, breaks=breaks, away_from=away)
    assert scheduling.available_windows(session, 540) == expected


class DayInstanceTest(ClinicTestCase):
    def test_it_maps_the_day_to_a_valid_instance(self) -> None:
        mastectomy = self.book(self.case, arrival=30, priority=2)
        conserving = self.book(self.conserving_case)
        data = scheduling.build_instance(self.day)
        instance = parse_instance(data)  # would raise on a malformed instance
        self.assertEqual(instance.horizon, 540)
        by_id = {p.id: p for p in instance.patients}
        first = by_id[str(mastectomy.external_id)]
        self.assertEqual((first.arrival, first.priority), (30, 2))
        joint = first.consult("surgery-joint")
        self.assertEqual(joint.specialties, ("breast_surgery", "plastic_surgery"))
        self.assertEqual(joint.after, ("imaging",))
        alone = by_id[str(conserving.external_id)].consult("surgery")
        self.assertEqual(alone.specialties, ("breast_surgery",))
        clinicians = {c.id: c for c in instance.clinicians}
        self.assertEqual(set(clinicians), {"clinician", "radiologist", "plastic", "oncologist",
                                           "nurse"})
        # staffed from the site: the whole day (08:00-17:00), lunch 12:30-13:30
        self.assertEqual(clinicians["plastic"].available, ((0, 270), (330, 540)))

    def test_it_leaves_out_consults_done_off_the_schedule(self) -> None:
        booking = self.book(self.case)
        imaging = booking.consults.get(code="imaging")
        services.do_change_consult(self.coordinator, imaging, done=True)
        patient = parse_instance(scheduling.build_instance(self.day)).patients[0]
        self.assertNotIn("imaging", [c.id for c in patient.consults])
        self.assertEqual(patient.consult("surgery-joint").after, ())

    def test_it_books_a_rectal_case_only_into_a_rectal_day(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="R1")
        rectal = make_case(self.coordinator, patient, pathway="rectum",
                           primary_site_code="C20.9", histology_code="8140/3",
                           laterality="", clinical_t="T3", clinical_n="N0", clinical_m="M0",
                           details={"distance_from_anal_verge_cm": "4.0"})
        with self.assertRaises(services.InvalidInput) as raised:
            self.book(rectal)
        self.assertEqual(raised.exception.field, "case")
        day = services.do_create_day(self.coordinator, self.site, pathway="rectum",
                                     date=self.day.date)
        booking = services.do_book_case(self.coordinator, day, rectal)
        codes = list(booking.consults.values_list("code", flat=True))
        self.assertIn("surgery-joint", codes)
