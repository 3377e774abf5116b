"""A service repeats the door's check, so a caller that skipped it (a new view, a script)
is refused: another site's user, or a role without the right, changes nothing."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.core.exceptions import PermissionDenied

from tests.base import BaseTestCase
from tumorboard.decisions import services as decisions
from tumorboard.outcomes import services as outcomes
from tumorboard.patients import services as patients
from tumorboard.patients.models import Case, Patient


class ServicesCheckTheDoorTest(BaseTestCase):
    def attempts(self) -> list[tuple[str, object]]:
        case = Case.objects.get(pk=self.case.pk)
        patient = Patient.objects.get(pk=self.patient.pk)
        return [
            ("create patient", lambda u: patients.do_create_patient(
                u, self.site, {"mrn": "X9", "family_name": "李", "given_name": "娜",
                               "sex": "female", "birth_date": dt.date(1980, 1, 1)})),
            ("update patient", lambda u: patients.do_update_patient(u, patient, {"phone": "1"})),
            ("create case", lambda u: patients.do_create_case(u, patient, {
                "pathway": "breast", "primary_site_code": "C50.4",
                "histology_code": "8500/3", "diagnosis_date": dt.date(2025, 1, 1)})),
            ("update case", lambda u: patients.do_update_case(u, case, {"notes": "x"})),
            ("change status", lambda u: patients.do_change_case_status(u, case, "work_up")),
            ("screen", lambda u: decisions.do_screen_case(u, case)),
            ("record score", lambda u: decisions.do_record_score(
                u, case, "cci", {"complications": []})),
            ("record follow-up", lambda u: outcomes.do_record_follow_up(
                u, case, {"type": "last_contact", "date": dt.date(2026, 1, 1)})),
        ]

    def test_it_refuses_a_user_of_another_site(self) -> None:
        for name, attempt in self.attempts():
            with self.subTest(name), self.assertRaises(PermissionDenied):
                attempt(self.outsider)  # type: ignore[operator]

    def test_it_refuses_roles_that_may_not_change_clinical_data(self) -> None:
        for user in (self.welfare, self.auditor):
            for name, attempt in self.attempts():
                with self.subTest(name, user=user.username), self.assertRaises(PermissionDenied):
                    attempt(user)  # type: ignore[operator]

    def test_it_changes_nothing_when_refused(self) -> None:
        before = (Patient.objects.count(), Case.objects.count(),
                  Case.objects.get(pk=self.case.pk).ecog)
        for _name, attempt in self.attempts():
            with contextlib.suppress(PermissionDenied):
                attempt(self.outsider)  # type: ignore[operator]
        self.assertEqual((Patient.objects.count(), Case.objects.count(),
                          Case.objects.get(pk=self.case.pk).ecog), before)

    def test_it_lets_a_clinician_of_the_site_through(self) -> None:
        case = patients.do_update_case(self.clinician, Case.objects.get(pk=self.case.pk),
                                       {"ecog": 2})
        self.assertEqual(case.ecog, 2)
