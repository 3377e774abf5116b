"""Reminders: due the day before and on the morning, in the patient's language, through the
configured sender; failures recorded and listed; a command sends what is due."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone, translation

from tests.clinic.clinic_fixtures import ClinicTestCase
from tumorboard.clinic import reminders, scheduling, services
from tumorboard.clinic.models import Booking, Reminder
from tumorboard.patients.models import Patient

SENT: list[reminders.Message] = []


class CollectingSender:
    name = "test"

    def send(self, message: reminders.Message) -> None:
        if not message.to:
            raise reminders.SendError(reminders.NO_PHONE)
        SENT.append(message)


@override_settings(TUMORBOARD_REMINDER_SENDER="tests.clinic.test_clinic_reminders.CollectingSender")
class ReminderTest(ClinicTestCase):
    def setUp(self) -> None:
        SENT.clear()
        self.today = timezone.localdate()
        self.tomorrow = services.do_create_day(self.coordinator, self.site, pathway="breast",
                                               date=self.today + dt.timedelta(days=1),
                                               staff_from_site=True)
        Patient.objects.filter(pk=self.patient.pk).update(phone="+86 138 0000 0000")
        self.booking = services.do_book_case(self.coordinator, self.tomorrow, self.case)
        self.silent = services.do_book_case(self.coordinator, self.tomorrow,
                                            self.conserving_case)  # Jane Smith: no phone
        scheduling.do_optimise(self.coordinator, self.tomorrow, now=0, time_limit=0.3)

    def test_it_sends_the_day_before_with_time_place_and_what_to_bring(self) -> None:
        counts = reminders.do_send_due_reminders(self.today, dt.time(18, 0))
        self.assertEqual(counts, {"sent": 1, "failed": 1})
        (message,) = SENT
        first = min(c.start for c in self.booking.consults.all() if c.start is not None)
        self.assertEqual(message.template, "day-before")
        self.assertIn(self.tomorrow.clock(first), message.text)
        self.assertIn("Imaging 1", message.text)  # the room of her first consult
        self.assertIn("medical insurance card", message.text)
        failed = Reminder.objects.get(booking=self.silent)
        self.assertEqual((failed.status, failed.error), ("failed", "no phone number"))

    def test_it_does_not_send_twice_but_retries_what_failed(self) -> None:
        reminders.do_send_due_reminders(self.today, dt.time(18, 0))
        Patient.objects.filter(pk=self.conserving_case.patient.pk).update(phone="123")
        counts = reminders.do_send_due_reminders(self.today, dt.time(19, 0))
        self.assertEqual(counts, {"sent": 1, "failed": 0})
        self.assertEqual(Reminder.objects.filter(status="sent").count(), 2)

    def test_it_sends_the_morning_message_before_opening_only(self) -> None:
        tomorrow = self.today + dt.timedelta(days=1)
        self.assertEqual(reminders.do_send_due_reminders(tomorrow, dt.time(9, 0)),
                         {"sent": 0, "failed": 0})  # the clinic opened at 08:00
        reminders.do_send_due_reminders(tomorrow, dt.time(6, 30))
        self.assertEqual([m.template for m in SENT], ["morning"])

    def test_it_writes_in_the_patients_language(self) -> None:
        Patient.objects.filter(pk=self.patient.pk).update(preferred_language="zh-hans")
        seen: list[tuple[str, str | None]] = []
        original = reminders._

        def spy(text: str) -> str:
            seen.append((text, translation.get_language()))
            return original(text)

        reminders._ = spy  # type: ignore[assignment]
        booking = Booking.objects.select_related("case__patient").get(pk=self.booking.pk)
        try:
            message = reminders.message(booking, "day-before")
        finally:
            reminders._ = original  # type: ignore[assignment]
        self.assertEqual(message.language, "zh-hans")
        self.assertEqual({language for _, language in seen}, {"zh-hans"})
        self.assertEqual({text for text, _ in seen}, {reminders.DAY_BEFORE, reminders.BRING})
        english = reminders.message(self.silent, "morning")
        self.assertTrue(english.text.startswith("Today at "))

    def test_it_lists_sent_and_failed_reminders_to_the_team_only(self) -> None:
        reminders.do_send_due_reminders(self.today, dt.time(18, 0))
        url = f"/clinic/days/{self.tomorrow.external_id}/reminders/"
        page = self.client_for(self.clinician).get(url)
        self.assertContains(page, "no phone number")
        self.assertContains(page, self.patient.display_name)
        self.assertEqual(page.content.decode().count('class="status-'), 2)
        # the team reads when reminders go, not the command an administrator schedules
        self.assertContains(page, "Sent automatically the day before the clinic")
        self.assertNotContains(page, "send_clinic_reminders")
        for user in (self.outsider, self.welfare):
            self.assertIn(self.client_for(user).get(url).status_code, (403, 404))

    def test_it_sends_from_the_command_and_refuses_a_bad_date(self) -> None:
        out = StringIO()
        call_command("send_clinic_reminders", "--today", self.today.isoformat(),
                     "--now", "18:00", stdout=out)
        self.assertEqual(out.getvalue().strip(), "sent 1, failed 1")
        with self.assertRaises(CommandError):
            call_command("send_clinic_reminders", "--today", "2026-13-45")


def test_it_picks_the_sender_by_dotted_path(settings: Any) -> None:
    settings.TUMORBOARD_REMINDER_SENDER = "tumorboard.clinic.reminders.FileSender"
    assert reminders.sender().name == "file"
    settings.TUMORBOARD_REMINDER_SENDER = ""
    assert reminders.sender().name == "console"
