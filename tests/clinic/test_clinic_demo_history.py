"""The demo's past clinic days are run to their end through the day's services, so the
clinic measures page charts them: planned and actual waiting, a no-show, an over-run."""

from __future__ import annotations

from django.utils import timezone

from tests.clinic.clinic_fixtures import ClinicTestCase
from tumorboard.clinic.demo_history import do_create_demo_history
from tumorboard.clinic.measures import day_measures
from tumorboard.clinic.models import ClinicDay, Consult, DayEvent
from tumorboard.clinic.views_measures import facts_of
from tumorboard.patients.models import Case


class DemoHistoryTest(ClinicTestCase):
    def setUp(self) -> None:
        # patients already treated: the demo's past days book those, not today's referrals
        for number in range(6):
            case = self.extra_breast_case(f"H{number:04d}")
            Case.objects.filter(pk=case.pk).update(status="in_treatment")

    def test_it_runs_past_days_to_their_end_once(self) -> None:
        days = do_create_demo_history("EAST", days=2, patients=3, time_limit=0.3)
        self.assertEqual(len(days), 2)
        self.assertTrue(all(d.date < timezone.localdate() for d in days))
        for day in days:
            kinds = set(DayEvent.objects.filter(day=day).values_list("kind", flat=True))
            self.assertLessEqual({"check-in", "no-show", "called", "started", "finished"},
                                 kinds, day.date)
            came = Consult.objects.filter(booking__day=day, booking__no_show=False)
            # every planned consult of a patient who came was seen and finished, except on
            # the second day the last one of a patient who went home before it
            left = came.filter(start__isnull=False, actual_end__isnull=True).count()
            self.assertEqual(left, 0 if day == days[0] else 1, day.date)
            measures = day_measures(facts_of(day))
            self.assertEqual(measures.no_shows, 1)
            self.assertLessEqual(measures.over_runs, 1)  # one consult a day takes 10 min more
            self.assertEqual(measures.one_stop_rate, 1.0 if day == days[0] else 0.5)
            assert measures.actual_wait is not None
            self.assertLess(measures.actual_wait, 60)  # the day ran, not drifted to the evening
        self.assertEqual(do_create_demo_history("EAST", days=2, patients=3), days)
        self.assertEqual(do_create_demo_history("NOWHERE"), [])

    def test_it_charts_the_days_on_the_measures_page(self) -> None:
        do_create_demo_history("EAST", days=2, patients=3, time_limit=0.3)
        html = self.client_for(self.coordinator).get("/clinic/measures/").content.decode()
        self.assertNotIn("No clinic day has begun yet.", html)
        chart = html.split('id="one-stop-chart"', 1)[1].split("</section>", 1)[0]
        for day in ClinicDay.objects.filter(date__lt=timezone.localdate()):
            self.assertIn(f"{day.date:%m-%d}", chart)

    def test_it_greys_the_past_days_in_the_list_of_clinic_days(self) -> None:
        days = do_create_demo_history("EAST", days=2, patients=3, time_limit=0.3)
        html = self.client_for(self.coordinator).get("/clinic/").content.decode()
        for day in days:
            self.assertIn(f'<tr class="past"><td><a href="/clinic/days/{day.external_id}/"',
                          html)
        self.assertIn(f'<tr><td><a href="/clinic/days/{self.day.external_id}/"', html)
