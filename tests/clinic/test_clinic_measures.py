"""Measures of a clinic day: a table of hand-worked days for the pure rules, then the page
(per day, the one-stop chart, only the user's sites, only clinical roles)."""

from __future__ import annotations

import pytest

from tests.clinic.clinic_fixtures import ClinicTestCase
from tumorboard.clinic import day_services, scheduling
from tumorboard.clinic.measures import DayMeasures, PatientFacts, day_measures, idle, rate_chart
from tumorboard.clinic.models import Consult
from tumorboard.clinic.views_measures import facts_of

# (name, patients, expected) -- worked by hand
CASES = [
    ("back to back as planned, on time",
     [PatientFacts([(0, 20), (20, 50)], [(0, 20), (20, 50)], [(20, 20), (30, 30)], 2, 0, False)],
     DayMeasures(1, 1, 0, 2, 2, 0, 0.0, 0.0, 1.0)),
    # the first consult takes 10 minutes more than booked; the second starts 10 late behind
    # it and takes its own 30: one over-run, not two. Actual idle = 60 - 0 - 60 = 0
    ("a late start behind an over-run is not an over-run",
     [PatientFacts([(0, 20), (20, 50)], [(0, 30), (30, 60)], [(20, 30), (30, 30)], 2, 0, False)],
     DayMeasures(1, 1, 0, 2, 2, 1, 0.0, 0.0, 1.0)),
    # planned gap 10; she checks in 15 before her first start; the second consult over-runs
    # by 10 (> 5 grace): actual idle = (75 - (-15)) - (20 + 40) = 30
    ("early arrival and an over-run",
     [PatientFacts([(0, 20), (30, 60)], [(0, 20), (35, 75)], [(20, 20), (30, 40)], 2, -15,
                   False)],
     DayMeasures(1, 1, 0, 2, 2, 1, 10.0, 30.0, 1.0)),
    # one came and finished 1 of 2; one did not come: rate 0 of 1
    ("a partial visit and a no-show",
     [PatientFacts([(0, 20), (20, 40)], [(0, 20)], [(20, 20)], 2, 0, False),
      PatientFacts([(40, 60)], [], [], 1, None, True)],
     DayMeasures(2, 1, 1, 3, 1, 0, 0.0, 0.0, 0.0)),
    ("nobody came yet", [PatientFacts([(0, 20)], [], [], 1, None, False)],
     DayMeasures(1, 0, 0, 1, 0, 0, 0.0, None, None)),
]


@pytest.mark.parametrize(("name", "patients", "expected"), CASES, ids=[c[0] for c in CASES])
def test_it_measures_hand_worked_days(name: str, patients: list[PatientFacts],
                                      expected: DayMeasures) -> None:
    assert day_measures(patients) == expected


def test_it_counts_idle_minutes_from_check_in() -> None:
    assert idle([(10, 20), (30, 40)]) == 10
    assert idle([(10, 20), (30, 40)], begin=0) == 20


def test_it_draws_the_rate_chart_with_escaped_labels() -> None:
    svg = rate_chart([("12-01", 0.5), ("<b>", 1.0)], "rate")
    assert svg.count('class="point"') == 2
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert ">50%<" in svg


class MeasuresPageTest(ClinicTestCase):
    def test_it_shows_a_begun_day_to_the_team_only(self) -> None:
        booking = self.book(self.case)
        scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=0.3)
        day_services.do_check_in(self.coordinator, booking, 0)
        imaging = Consult.objects.get(booking=booking, code="imaging")
        day_services.do_start_consult(self.clinician, imaging, imaging.start or 0)
        day_services.do_finish_consult(self.clinician, imaging, (imaging.end or 0))
        page = self.client_for(self.coordinator).get("/clinic/measures/")
        self.assertEqual(page.status_code, 200)
        html = page.content.decode()
        self.assertIn(self.day.date.isoformat(), html)
        self.assertIn('class="measure-chart"', html)
        self.assertIn("1 / 4", html)  # one of her four consults completed
        other = self.client_for(self.outsider).get("/clinic/measures/")
        self.assertEqual(other.status_code, 200)
        self.assertNotIn(self.day.date.isoformat(), other.content.decode())
        for user in (self.welfare, self.auditor):
            self.assertEqual(self.client_for(user).get("/clinic/measures/").status_code, 403)

    def test_it_counts_one_over_run_when_the_next_consult_starts_late_behind_it(self) -> None:
        booking = self.book(self.case)
        scheduling.do_optimise(self.coordinator, self.day, now=0, time_limit=0.3)
        day_services.do_check_in(self.coordinator, booking, 0)
        first, second = booking.consults.exclude(start=None).order_by("start")[:2]
        assert first.start is not None and first.end is not None
        day_services.do_start_consult(self.clinician, first, first.start)
        day_services.do_finish_consult(self.clinician, first, first.end + 10)  # over-runs
        second.refresh_from_db()
        late = max(second.start or 0, first.end + 10)  # it waited for the first
        day_services.do_start_consult(self.clinician, second, late)
        day_services.do_finish_consult(self.clinician, second, late + second.duration)
        self.assertEqual(day_measures(facts_of(self.day)).over_runs, 1)
