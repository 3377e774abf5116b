"""The demo clinic: staffed for every consult of the breast template, booked, optimised."""

from __future__ import annotations

from tests.base import BaseTestCase
from tumorboard.clinic import pathway_rules, scheduling
from tumorboard.clinic.demo import DEMO_PEOPLE, do_create_demo_clinic
from tumorboard.clinic.solver import check_schedule, parse_instance


class DemoClinicTest(BaseTestCase):
    def test_it_creates_a_staffed_optimised_day_once(self) -> None:
        day = do_create_demo_clinic("EAST", time_limit=0.3)
        assert day is not None
        needed = {s for step in pathway_rules.DEFAULT_TEMPLATES["breast"].steps
                  for s in step.specialties}
        self.assertLessEqual(needed, set(day.sessions.values_list("specialty", flat=True)))
        self.assertEqual(day.bookings.count(), 1)  # the cast's one breast case
        run = scheduling.latest_run(day)
        assert run is not None
        self.assertEqual(check_schedule(parse_instance(run.instance), run.schedule), [])
        self.assertEqual(run.schedule["unscheduled"], [])
        self.assertEqual(do_create_demo_clinic("EAST"), day)
        self.assertIsNone(do_create_demo_clinic("NOWHERE"))

    def test_it_names_the_clinic_staff_with_their_titles(self) -> None:
        day = do_create_demo_clinic("EAST", time_limit=0.3)
        assert day is not None
        staff = [s.user for s in day.sessions.select_related("user__profile")
                 if s.user.username in DEMO_PEOPLE]  # the test cast's own are unnamed
        self.assertTrue(staff)
        self.assertEqual([u.username for u in staff if not (u.first_name and u.last_name)], [])
        self.assertEqual([u.username for u in staff if not u.profile.title], [])
