"""Booking the one-stop clinic closes the case's "book the one-stop clinic" action (issue 12:
actions are closed by the event that fulfils them), and no other case's action."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.base import make_case, make_patient
from tests.board.helpers import BoardTestCase
from tumorboard.board.models import Action
from tumorboard.clinic import services as clinic
from tumorboard.clinic.models import ClinicDay
from tumorboard.patients.validation import InvalidInput


class ClinicBookingClosesTest(BoardTestCase):
    def _day(self) -> ClinicDay:
        return clinic.do_create_day(self.coordinator, self.site, pathway="breast",
                                    date=timezone.localdate() + dt.timedelta(days=3))

    def test_it_plans_a_clinic_booking_when_options_are_to_be_offered(self) -> None:
        rec = self.signed()
        assert rec.raised_options, "the test case must raise an option to offer"
        action = Action.objects.get(recommendation=rec, kind="clinic")
        assert action.done_date is None and action.params["days"] == 14

    def test_it_closes_the_clinic_action_of_the_booked_case_only(self) -> None:
        rec = self.signed()
        other_case = make_case(self.coordinator, make_patient(self.coordinator, self.site,
                                                              mrn="A0002"))
        other = Action.objects.create(case=other_case, kind="clinic", params={"days": 14},
                                      due_date=timezone.localdate(), owner=self.clinician)
        clinic.do_book_case(self.coordinator, self._day(), self.case)
        action = Action.objects.get(recommendation=rec, kind="clinic")
        assert action.done_date == timezone.localdate()
        assert action.closed_by == "clinic_booking"
        other.refresh_from_db()
        assert other.done_date is None and other.closed_by == ""
        # the booking fulfils the clinic action, not the treatment
        assert Action.objects.get(recommendation=rec,
                                  kind="neoadjuvant_therapy").done_date is None

    def test_it_leaves_the_action_open_when_the_booking_is_refused(self) -> None:
        rec = self.signed()
        day = clinic.do_create_day(self.coordinator, self.site, pathway="rectum",
                                   date=timezone.localdate() + dt.timedelta(days=3))
        with pytest.raises(InvalidInput) as error:
            clinic.do_book_case(self.coordinator, day, self.case)
        assert error.value.field == "case"
        assert Action.objects.get(recommendation=rec, kind="clinic").done_date is None
