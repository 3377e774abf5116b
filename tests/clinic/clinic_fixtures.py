"""A staffed breast clinic day at EAST for the clinic app's tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tests.base import PASSWORD, BaseTestCase, make_case, make_patient
from tumorboard.accounts.services import do_create_user
from tumorboard.clinic import services
from tumorboard.clinic.models import Booking, ClinicDay
from tumorboard.patients.models import Case

FAST = 0.5  # seconds of solver time: these days are small and solved to optimality fast
STAFF = [("radiologist", "radiology"), ("plastic", "plastic_surgery"),
         ("oncologist", "medical_oncology"), ("nurse", "nursing")]


def future(days: int = 30) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


class ClinicTestCase(BaseTestCase):
    day: ClinicDay
    conserving_case: Case

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for username, specialty in STAFF:
            do_create_user(username, role="clinician", site_codes=["EAST"], password=PASSWORD,
                           specialty=specialty)
        other = make_patient(cls.coordinator, cls.site, mrn="A0002", family_name="Smith",
                             given_name="Jane", preferred_language="en")
        cls.conserving_case = make_case(cls.coordinator, other,
                                        details={"planned_surgery": "conserving"})
        cls.day = services.do_create_day(cls.coordinator, cls.site, pathway="breast",
                                         date=future(), staff_from_site=True)

    def book(self, case: Case, **values: Any) -> Booking:
        return services.do_book_case(self.coordinator, self.day, case, **values)

    def extra_breast_case(self, mrn: str, **details: Any) -> Case:
        patient = make_patient(self.coordinator, self.site, mrn=mrn, family_name="Doe",
                               given_name=mrn, preferred_language="en")
        return make_case(self.coordinator, patient,
                         details=details or {"planned_surgery": "mastectomy"})
