"""Optimising a day, storing the schedule, consults that do not fit, re-planning."""

from __future__ import annotations

from tests.clinic.clinic_fixtures import FAST, ClinicTestCase
from tumorboard.clinic import scheduling, services
from tumorboard.clinic.models import ClinicianSession, Consult
from tumorboard.clinic.solver import check_schedule, first_come_first_served, parse_instance
from tumorboard.clinic.solver.schedule import patient_waits


def fcfs_mean_wait(data: dict[str, object]) -> float:
    waits = patient_waits(first_come_first_served(parse_instance(data)).appointments)
    return sum(waits.values()) / len(waits)


class OptimiseTest(ClinicTestCase):
    def setUp(self) -> None:
        self.bookings = [self.book(self.case), self.book(self.conserving_case)]
        for index in range(4):
            self.bookings.append(self.book(self.extra_breast_case(f"B{index}"), arrival=0))

    def test_it_stores_a_valid_schedule_on_the_consults(self) -> None:
        run = scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=FAST)
        instance = parse_instance(run.instance)
        self.assertEqual(check_schedule(instance, run.schedule), [])
        stored = {(c.booking.solver_id, c.code): c
                  for c in Consult.objects.filter(booking__day=self.day)
                  .select_related("booking").prefetch_related("clinicians__user")}
        self.assertEqual(len(stored), instance.consult_count())
        for item in run.schedule["appointments"]:
            consult = stored[(item["patient"], item["consult"])]
            self.assertEqual((consult.start, consult.end), (item["start"], item["end"]))
            self.assertEqual({s.solver_id for s in consult.clinicians.all()},
                             set(item["clinicians"]))
        self.assertEqual(run.baseline, "fcfs")
        self.assertAlmostEqual(run.mean_wait_before or 0, fcfs_mean_wait(run.instance), 2)
        self.assertLessEqual(run.mean_wait_after or 0, run.mean_wait_before or 0)

    def test_it_compares_a_second_run_with_the_stored_schedule(self) -> None:
        first = scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=FAST)
        second = scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=FAST)
        self.assertEqual(second.baseline, "previous")
        self.assertEqual(second.mean_wait_before, first.mean_wait_after)

    def test_it_reports_consults_that_do_not_fit_with_a_reason(self) -> None:
        ClinicianSession.objects.filter(day=self.day, user__username="plastic").delete()
        run = scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=FAST)
        reasons = {(u["patient"], u["consult"]): u["reason"] for u in run.schedule["unscheduled"]}
        mastectomy = self.bookings[0].solver_id
        self.assertEqual(reasons[(mastectomy, "surgery-joint")], "no plastic_surgery clinician")
        self.assertIn("unscheduled", reasons[(mastectomy, "oncology")])
        stored = Consult.objects.get(booking=self.bookings[0], code="surgery-joint")
        self.assertIsNone(stored.start)
        self.assertEqual(stored.unscheduled_reason, "no plastic_surgery clinician")
        # the conserving patient needs no plastic surgeon and is seen in full
        conserving = self.bookings[1].consults.all()
        self.assertTrue(all(c.start is not None for c in conserving))
        self.assertEqual(check_schedule(parse_instance(run.instance), run.schedule), [])


class ReplanTest(ClinicTestCase):
    def setUp(self) -> None:
        self.bookings = [self.book(self.case), self.book(self.conserving_case)]
        for index in range(3):
            self.bookings.append(self.book(self.extra_breast_case(f"R{index}"), arrival=0))
        self.first = scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=FAST)

    def started_before(self, minute: int) -> set[tuple[str, str, int, int]]:
        return {(a["patient"], a["consult"], a["start"], a["end"])
                for a in self.first.schedule["appointments"] if a["start"] < minute}

    def test_it_keeps_started_appointments_when_a_patient_is_late(self) -> None:
        late = self.bookings[-1]
        services.do_mark_late(self.coordinator, late, 150)
        run = scheduling.do_optimise(self.coordinator, self.day, now=40, time_limit=FAST)
        self.assertEqual(run.kind, "replan")
        kept = {(a["patient"], a["consult"], a["start"], a["end"])
                for a in run.schedule["appointments"]}
        fixed = self.started_before(40)
        self.assertTrue(fixed)
        self.assertLessEqual(fixed, kept)
        late_starts = [a["start"] for a in run.schedule["appointments"]
                       if a["patient"] == late.solver_id and a["start"] >= 40]
        self.assertTrue(all(start >= 150 for start in late_starts))
        self.assertEqual(check_schedule(parse_instance(run.instance), run.schedule), [])

    def test_it_replans_around_a_clinician_called_away(self) -> None:
        session = ClinicianSession.objects.get(day=self.day, user__username="oncologist")
        services.do_call_away(self.coordinator, session, 100)
        run = scheduling.do_optimise(self.coordinator, self.day, now=100, time_limit=FAST)
        self.assertLessEqual(self.started_before(100),
                             {(a["patient"], a["consult"], a["start"], a["end"])
                              for a in run.schedule["appointments"]})
        session.refresh_from_db()
        for a in run.schedule["appointments"]:
            if "oncologist" in a["clinicians"] and a["start"] >= 100:
                self.fail(f"booked with the absent oncologist: {a}")
        self.assertEqual(check_schedule(parse_instance(run.instance), run.schedule), [])

    def test_it_fits_a_walk_in_without_moving_started_appointments(self) -> None:
        walk_in = self.book(self.extra_breast_case("W1"), arrival=120, walk_in=True)
        run = scheduling.do_optimise(self.coordinator, self.day, now=120, time_limit=FAST)
        patients = {a["patient"] for a in run.schedule["appointments"]}
        self.assertIn(walk_in.solver_id, patients)
        self.assertLessEqual(self.started_before(120),
                             {(a["patient"], a["consult"], a["start"], a["end"])
                              for a in run.schedule["appointments"]})
