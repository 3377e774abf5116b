"""One user action is one service call in one transaction (DESIGN.md, "Architecture
rules"): marking a patient late, booking a walk-in and calling a clinician away each
re-plan the day, and a re-plan that fails leaves the event unrecorded too."""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.db import transaction

from tests.clinic.clinic_fixtures import ClinicTestCase
from tumorboard.accounts.models import AuditEvent
from tumorboard.clinic import scheduling
from tumorboard.clinic.models import Booking, ClinicianSession, ScheduleRun
from tumorboard.patients.validation import InvalidInput

REPLAN_FAILS = InvalidInput({"now": "injected failure of the re-plan"})


class OneActionTest(ClinicTestCase):
    def setUp(self) -> None:
        self.booking = self.book(self.case)
        self.url = f"/clinic/days/{self.day.external_id}/"

    def post(self, action: str, data: dict[str, Any]) -> Any:
        return self.client_for(self.coordinator).post(self.url + action + "/", data)

    def late(self) -> Any:
        return self.post("late", {"booking": self.booking.external_id, "arrival": "09:30",
                                  "now": "09:00"})

    def test_it_marks_late_and_replans_in_one_call(self) -> None:
        response = self.late()
        self.assertEqual(response.status_code, 302)
        self.booking.refresh_from_db()
        self.assertEqual(self.booking.arrival, 90)  # 09:30 is 90 minutes after 08:00
        run = ScheduleRun.objects.get(day=self.day)  # the first run: a full solve from 0
        self.assertEqual(run.event, "late")
        self.assertTrue(AuditEvent.objects.filter(object_type="clinic_schedule").exists())

    def test_it_undoes_the_late_mark_when_the_replan_fails(self) -> None:
        with mock.patch.object(scheduling, "do_optimise", side_effect=REPLAN_FAILS):
            response = self.late()
        self.assertEqual(response.status_code, 422)
        self.booking.refresh_from_db()
        self.assertEqual(self.booking.arrival, 0)
        self.assertFalse(AuditEvent.objects.filter(object_type="clinic_booking",
                                                   detail__late=True).exists())

    def test_it_undoes_the_walk_in_booking_when_the_replan_fails(self) -> None:
        walk_in = self.conserving_case
        with mock.patch.object(scheduling, "do_optimise", side_effect=REPLAN_FAILS):
            response = self.post("walk-in", {"mrn": walk_in.patient.mrn, "now": "09:00"})
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Booking.objects.filter(day=self.day, case=walk_in).exists())

    def test_it_undoes_the_call_away_when_the_replan_fails(self) -> None:
        session = ClinicianSession.objects.filter(day=self.day).first()
        assert session is not None
        with mock.patch.object(scheduling, "do_optimise", side_effect=REPLAN_FAILS):
            response = self.post("away", {"session": session.external_id, "start": "10:00"})
        self.assertEqual(response.status_code, 422)
        session.refresh_from_db()
        self.assertIsNone(session.away_from)

    def test_it_refuses_to_run_inside_another_transaction(self) -> None:
        # Durable: the action's commit is its own, never a savepoint of a caller's block.
        with self.assertRaises(RuntimeError), transaction.atomic():
            scheduling.do_mark_late_and_replan(self.coordinator, self.booking, 90, 60)
