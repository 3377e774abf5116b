"""The demo (issue 16, "Done when"): after a small `tumorboard demo` load the department has a
waiting list across priority classes, a planned next week, in-patients within its 40 beds,
a bed forecast that counts the planned admissions, and durations resting on recorded
operations; loading again adds nothing."""

from __future__ import annotations

import datetime as dt

from django.test import TestCase, override_settings
from django.utils import timezone

from tests.board.helpers import FAST_HASHER
from tumorboard.capacity import demo, queries
from tumorboard.capacity import demo_people as people
from tumorboard.capacity.models import DayRecord, SessionTemplate, WaitingListEntry
from tumorboard.core import demo_data, demo_loader
from tumorboard.network.models import Department


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class CapacityDemoTest(TestCase):
    department: Department

    @classmethod
    def setUpTestData(cls) -> None:
        sites = demo_loader.do_create_demo_sites()
        demo_loader.do_create_demo_users()
        demo_loader.do_load_patients(demo_data.generate(200, seed=7), sites)
        cls.department = Department.objects.get(site__code="EAST", name=people.DEPARTMENT)

    def test_it_has_a_waiting_list_across_priorities(self) -> None:
        waiting = queries.waiting_list(self.department)
        self.assertGreaterEqual(len(waiting), 30)
        self.assertGreaterEqual({u.entry.priority for u in waiting}, {"P1", "P2", "P3"})
        self.assertEqual(self.department.beds, 40)
        surgeons = {u.entry.surgeon.get_full_name() for u in waiting}
        self.assertNotIn("", surgeons)  # every surgeon has a name to show

    def test_it_plans_next_week_with_the_optimiser(self) -> None:
        week = queries.monday(timezone.localdate()) + dt.timedelta(days=7)
        self.assertEqual(SessionTemplate.objects.filter(department=self.department).count(),
                         20)
        run = queries.latest_run(self.department, week)
        self.assertIsNotNone(run)
        assert run is not None
        self.assertEqual(run.method, "optimiser")
        self.assertGreater(run.cases.count(), 0)
        self.assertEqual(len(queries.week_sessions(self.department, week)), 20)

    def test_it_has_in_patients_and_a_forecast_with_planned_admissions(self) -> None:
        census = queries.inpatients(self.department).count()
        self.assertGreater(census, 0)
        self.assertLessEqual(census, self.department.beds)
        days = queries.occupancy(self.department)
        self.assertEqual(len(days), queries.FORECAST_DAYS)
        self.assertEqual(days[0].inpatients, census)
        self.assertGreater(sum(d.planned for d in days), 0)

    def test_it_predicts_durations_from_recorded_operations(self) -> None:
        self.assertGreater(DayRecord.objects.filter(department=self.department,
                                                    outcome="operated").count(), 0)
        history = queries.duration_history(self.department)
        entries = WaitingListEntry.objects.filter(department=self.department,
                                                  status__in=queries.OPEN)
        counted = [queries.predict(history, e).count for e in entries]
        self.assertGreater(max(counted), 0)

    def test_it_adds_nothing_when_loaded_again(self) -> None:
        before = WaitingListEntry.objects.count()
        demo.do_load_demo_capacity()
        self.assertEqual(WaitingListEntry.objects.count(), before)
