"""Plausibility limits: consult durations and clinic-day dates; unscheduled reasons that are
true for the day."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.clinic.clinic_fixtures import ClinicTestCase
from tumorboard.clinic import services
from tumorboard.clinic.models import ClinicDay, Consult
from tumorboard.clinic.solver import parse_instance, solve
from tumorboard.clinic.solver.optimise import SolverSettings
from tumorboard.patients.validation import InvalidInput


class DurationLimitTest(ClinicTestCase):
    def setUp(self) -> None:
        self.booking = self.book(self.case)
        self.consult: Consult = self.booking.consults.get(code="imaging")

    def test_it_refuses_a_100000_minute_consult_naming_the_field(self) -> None:
        with self.assertRaises(InvalidInput) as caught:
            services.do_change_consult(self.coordinator, self.consult, duration=100_000)
        self.assertIn("duration", caught.exception.errors)
        self.consult.refresh_from_db()
        self.assertNotEqual(self.consult.duration, 100_000)

    def test_it_refuses_it_on_the_form_and_the_api_too(self) -> None:
        client = self.client_for(self.coordinator)
        page = client.post(f"/clinic/consults/{self.consult.external_id}/",
                           {"duration": 100000, "after": ""})
        self.assertEqual(page.status_code, 422)
        added = client.post(f"/clinic/bookings/{self.booking.external_id}/consults/",
                            {"label": "Long", "code": "long", "specialties": ["nursing"],
                             "duration": 100000, "after": ""})
        self.assertEqual(added.status_code, 422)
        self.assertFalse(Consult.objects.filter(code="long").exists())

    def test_it_accepts_the_limits_themselves(self) -> None:
        for minutes in (services.MIN_CONSULT_MINUTES, services.MAX_CONSULT_MINUTES):
            services.do_change_consult(self.coordinator, self.consult, duration=minutes)
            self.consult.refresh_from_db()
            self.assertEqual(self.consult.duration, minutes)
        with self.assertRaises(InvalidInput):
            services.do_change_consult(self.coordinator, self.consult,
                                       duration=services.MIN_CONSULT_MINUTES - 1)


class DayDateLimitTest(ClinicTestCase):
    def create(self, date: dt.date) -> ClinicDay:
        return services.do_create_day(self.coordinator, self.site, pathway="rectum", date=date)

    def test_it_refuses_a_day_in_2020_and_one_years_ahead(self) -> None:
        today = timezone.localdate()
        for date in (dt.date(2020, 5, 4), today - dt.timedelta(days=1),
                     today + dt.timedelta(days=services.DAY_DAYS_AHEAD + 1),
                     dt.date(today.year + 5, 1, 5)):
            with self.subTest(date=date), self.assertRaises(InvalidInput) as caught:
                self.create(date)
            self.assertIn("date", caught.exception.errors)
        self.assertFalse(ClinicDay.objects.filter(template__pathway="rectum").exists())

    def test_it_accepts_today_and_the_last_day_allowed(self) -> None:
        today = timezone.localdate()
        self.create(today)
        self.create(today + dt.timedelta(days=services.DAY_DAYS_AHEAD))
        self.assertEqual(ClinicDay.objects.filter(template__pathway="rectum").count(), 2)

    def test_it_shows_the_refusal_on_the_new_day_form(self) -> None:
        response = self.client_for(self.coordinator).post("/clinic/days/new/", {
            "site": "EAST", "pathway": "rectum", "date": "2020-05-04", "opening": "08:00",
            "horizon": 540})
        self.assertEqual(response.status_code, 422)
        self.assertIn("Choose a date from", response.content.decode())


def test_it_gives_a_true_reason_for_a_consult_longer_than_the_day() -> None:
    data = {"horizon": 540,
            "clinicians": [{"id": "r", "specialty": "radiology", "available": [[0, 240]]}],
            "patients": [
                {"id": "a", "arrival": 0, "consults": [
                    {"id": "huge", "specialties": ["radiology"], "duration": 100_000}]},
                {"id": "b", "arrival": 0, "consults": [
                    {"id": "long", "specialties": ["radiology"], "duration": 300}]},
                {"id": "c", "arrival": 500, "consults": [
                    {"id": "late", "specialties": ["radiology"], "duration": 60}]},
            ]}
    instance = parse_instance(data)
    reasons = {u.patient: u.reason for u in solve(instance, SolverSettings(0.5)).unscheduled}
    assert reasons == {
        "a": "100000 min do not fit in the 540 min left after arrival",
        "b": "300 min exceed the longest radiology window after arrival (240 min)",
        "c": "60 min do not fit in the 40 min left after arrival",
    }
