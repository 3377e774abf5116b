"""Services of the capacity app: the waiting list from a signed plan, urgency order,
durations from history with their fallbacks, re-planning around fixed cases, the bed
forecast on a hand-worked census, and the on-the-day record."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.base import BaseTestCase, make_case, make_patient
from tests.board.helpers import FAST_HASHER
from tests.capacity import helpers
from tumorboard.accounts.services import do_create_user
from tumorboard.capacity import durations, planning, queries, services
from tumorboard.capacity.models import WaitingListEntry
from tumorboard.capacity.vocabulary import DEFAULT_DURATION_MIN


class CapacityServicesTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.dept = helpers.department(cls.site, beds=3)
        cls.other_surgeon = do_create_user("zhang", role="clinician", site_codes=["EAST"],
                                           password="x" * 20, specialty="orthopaedic_oncology",
                                           validate=False)

    def _case(self, mrn: str):
        return make_case(self.coordinator, make_patient(self.coordinator, self.site, mrn=mrn))

    def test_it_lists_the_surgery_of_a_signed_recommendation(self) -> None:
        from tests.access_objects import build

        with self.settings(PASSWORD_HASHERS=FAST_HASHER):
            objects = build(self.site, self.coordinator, "R1")
        entry = WaitingListEntry.objects.get(case=objects.case, recommendation__isnull=False)
        self.assertEqual(entry.recommendation, objects.rec)
        self.assertEqual(entry.procedure, "MAST")  # "乳房切除术" in the plan
        self.assertEqual(entry.priority, "P2")
        self.assertEqual(entry.target_date - entry.listed_on, dt.timedelta(days=28))

    def test_it_lists_breaches_then_near_breaches_first(self) -> None:
        today = timezone.localdate()
        late = helpers.entry(self.dept, self._case("B1"), self.clinician, priority="P3",
                             listed_on=today - dt.timedelta(days=100))  # target +91: breached
        near = helpers.entry(self.dept, self._case("B2"), self.clinician, priority="P2",
                             listed_on=today - dt.timedelta(days=25))  # 3 days left, P2 warns at 7
        calm = helpers.entry(self.dept, self._case("B3"), self.clinician, priority="P1",
                             target_date=today + dt.timedelta(days=3))
        order = [u.entry for u in queries.waiting_list(self.dept, today)]
        self.assertEqual(order, [late, near, calm])

    def test_it_refuses_a_p1_without_a_target_date(self) -> None:
        from tumorboard.patients.validation import InvalidInput

        with self.assertRaises(InvalidInput) as caught:
            helpers.entry(self.dept, self._case("P1"), self.clinician, priority="P1")
        self.assertEqual(caught.exception.field, "target_date")

    def test_it_predicts_durations_from_history_with_fallbacks(self) -> None:
        history = {("WLE", "a"): [60.0, 70.0, 80.0, 90.0], ("WLE", "b"): [200.0],
                   ("AMPUTATION", "a"): [100.0]}
        own = durations.predict(history, "WLE", "a", 120)
        # Hyndman-Fan 7 on 60,70,80,90: median 75, 80th percentile at h = 2.4 -> 84.
        self.assertEqual((own.median, own.upper, own.count, own.basis),
                         (75, 84, 4, durations.SURGEON))
        pooled = durations.predict(history, "WLE", "b", 120)  # b has one: pool all five
        self.assertEqual((pooled.median, pooled.count, pooled.basis),
                         (80, 5, durations.PROCEDURE))
        fallback = durations.predict(history, "AMPUTATION", "a", 120)
        self.assertEqual((fallback.upper, fallback.count, fallback.basis),
                         (120, 0, durations.DEFAULT))

    def test_it_keeps_fixed_cases_when_it_replans(self) -> None:
        monday = helpers.next_monday()
        early = helpers.session(self.dept, self.clinician, monday)
        late = helpers.session(self.dept, self.clinician, monday + dt.timedelta(days=2))
        first = helpers.entry(self.dept, self._case("F1"), self.clinician,
                              expected_los_days=1)
        second = helpers.entry(self.dept, self._case("F2"), self.clinician,
                               expected_los_days=1)
        fixed = {str(second.external_id): (str(late.external_id), "13:00")}
        run = planning.do_replan_week(self.coordinator, self.dept, monday, fixed=fixed,
                                      time_limit=2.0)
        placed = {p.entry_id: p for p in run.cases.all()}
        self.assertEqual(placed[second.pk].session, late)
        self.assertEqual(placed[second.pk].start, dt.time(13, 0))
        self.assertTrue(placed[second.pk].fixed)
        self.assertIn(first.pk, placed)
        self.assertIn(placed[first.pk].session, (early, late))
        # Re-planning again, keeping the fixed one as the page does, leaves it in place.
        keep = planning.fixed_from(run, {str(second.external_id)})
        again = planning.do_replan_week(self.coordinator, self.dept, monday, fixed=keep,
                                        time_limit=2.0)
        kept = again.cases.get(entry=second)
        self.assertEqual((kept.session, kept.start, kept.fixed), (late, dt.time(13, 0), True))

    def test_it_refuses_a_case_in_another_surgeons_session(self) -> None:
        from tumorboard.patients.validation import InvalidInput

        monday = helpers.next_monday()
        theirs = helpers.session(self.dept, self.other_surgeon, monday)
        mine = helpers.entry(self.dept, self._case("S1"), self.clinician)
        with self.assertRaises(InvalidInput) as caught:
            planning.do_replan_week(self.coordinator, self.dept, monday, fixed={
                str(mine.external_id): (str(theirs.external_id), "08:00")})
        self.assertEqual(caught.exception.field, "session")

    def test_it_forecasts_beds_on_a_hand_worked_census(self) -> None:
        today = timezone.localdate()
        services.do_admit(None, self.dept, self._case("W1"),
                          {"admitted_on": today - dt.timedelta(days=2),
                           "expected_los_days": 4})  # in today and tomorrow
        services.do_admit(None, self.dept, self._case("W2"),
                          {"admitted_on": today, "expected_los_days": 1})  # today only
        services.do_admit(None, self.dept, self._case("W3"),
                          {"admitted_on": today - dt.timedelta(days=9),
                           "expected_los_days": 3})  # overstayed: still in today
        days = queries.occupancy(self.dept, today, horizon=4, include_plans=False)
        self.assertEqual([d.occupied for d in days], [3, 1, 0, 0])
        self.assertEqual([d.over for d in days], [False] * 4)
        planned = queries.forecast.occupancy(today, 4, 3, [(today, 2)] * 3, [(today, 2)])
        self.assertEqual([d.occupied for d in planned], [4, 4, 0, 0])
        self.assertEqual([d.over for d in planned], [True, True, False, False])

    def test_it_feeds_durations_from_the_day_and_returns_cancelled_cases(self) -> None:
        monday = helpers.next_monday()
        self.dept.beds = 40
        self.dept.save()
        helpers.session(self.dept, self.clinician, monday, "07:00", "19:00")  # 4 x 120 + 3 x 30
        cases = [helpers.entry(self.dept, self._case(f"D{i}"), self.clinician,
                               procedure="WLE", expected_los_days=1) for i in range(4)]
        run = planning.do_replan_week(None, self.dept, monday, time_limit=2.0)
        planned = {p.entry_id: p for p in run.cases.all()}
        self.assertEqual(len(planned), 4)
        for index, item in enumerate(cases[:3]):
            services.do_record_day(self.coordinator, planned[item.pk], {
                "outcome": "operated", "actual_start": dt.time(8 + 2 * index, 0),
                "actual_end": dt.time(8 + 2 * index, 40 + 5 * index)})
        cancelled = services.do_record_day(self.coordinator, planned[cases[3].pk], {
            "outcome": "cancelled", "cancel_reason": "no_bed"})
        prediction = queries.predict(queries.duration_history(self.dept), cases[3])
        self.assertEqual((prediction.median, prediction.count), (45, 3))  # 40, 45, 50
        self.assertNotEqual(prediction.median, DEFAULT_DURATION_MIN)
        self.assertEqual(cancelled.planned.entry.status, "waiting")
        cases[0].refresh_from_db()
        self.assertEqual(cases[0].status, "done")
