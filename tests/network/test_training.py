"""The training network: an administrator records who trains whom, the proctored cases and
the sign-off as independent; every role of the site reads the list; another site's users
and roles without the right are refused; a surgeon mentoring themself or a sign-off before
the first proctored case is refused naming the field, with nothing written; the surgeon's
CUSUM in the audit shows the mentor, the proctored cases and the sign-off."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.test import override_settings

from tests.base import BaseTestCase
from tests.board.helpers import FAST_HASHER
from tests.network.audit_helpers import DAY, operate, surgeon
from tumorboard.accounts.models import AuditEvent
from tumorboard.accounts.services import do_create_user
from tumorboard.network import training
from tumorboard.network.models import Mentorship, ProctoredCase
from tumorboard.outcomes.models import Operation
from tumorboard.patients.validation import InvalidInput

ISR = "Ultra-low ISR"


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class TrainingTest(BaseTestCase):
    trainee: User
    mentor: User
    other_admin: User
    operations: list[Operation]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.trainee = surgeon("trainee", "Mei", "Lin")
        cls.mentor = surgeon("mentor", "建国", "陈", site="WEST")
        cls.other_admin = do_create_user("west-admin", role="admin",  # type: ignore[assignment]
                                         site_codes=["WEST"], password=None)
        cls.operations = [operate(cls.coordinator, cls.site, cls.trainee, index, index < 3)
                          for index in range(8)]

    def mentorship(self, **values: Any) -> Mentorship:
        return training.do_record_mentorship(self.admin, self.site, {
            "trainee": self.trainee, "mentor": self.mentor, "technique": ISR,
            "started_on": DAY, **values})

    def form(self, **values: str) -> dict[str, str]:
        return {"site": str(self.site.external_id),
                "trainee": str(self.trainee.profile.external_id),
                "mentor": str(self.mentor.profile.external_id), "technique": ISR,
                "started_on": "2025-07-01", **values}

    def test_it_records_a_mentorship_and_lists_it_without_usernames(self) -> None:
        client = self.client_for(self.admin)
        response = client.post("/network/training/new/", self.form())
        mentorship = Mentorship.objects.get()
        self.assertRedirects(response, f"/network/training/{mentorship.external_id}/",
                             fetch_redirect_response=False)
        self.assertEqual((mentorship.trainee, mentorship.mentor, mentorship.site),
                         (self.trainee, self.mentor, self.site))
        self.assertTrue(AuditEvent.objects.filter(object_type="mentorship").exists())
        for user in (self.admin, self.auditor, self.clinician):
            page = client.get("/network/training/") if user is self.admin else \
                self.client_for(user).get("/network/training/")
            self.assertContains(page, "Mei Lin")
            self.assertContains(page, "陈建国")
            self.assertNotContains(page, ">trainee<")
            self.assertNotContains(page, "mentor</td>")

    def test_it_refuses_a_surgeon_mentoring_themself(self) -> None:
        response = self.client_for(self.admin).post("/network/training/new/", self.form(
            mentor=str(self.trainee.profile.external_id)))
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "cannot be their own mentor", status_code=422)
        with self.assertRaises(InvalidInput) as caught:
            self.mentorship(mentor=self.trainee)
        self.assertEqual(caught.exception.field, "mentor")
        for change, field in [({"started_on": dt.date(2099, 1, 1)}, "started_on"),
                              ({"independent_on": dt.date(2025, 6, 1)}, "independent_on"),
                              ({"technique": " "}, "technique"),
                              ({"trainee": self.outsider}, "trainee")]:
            with self.subTest(field=field), self.assertRaises(InvalidInput) as caught:
                self.mentorship(**change)
            self.assertEqual(caught.exception.field, field)
        self.assertFalse(Mentorship.objects.exists())

    def test_it_records_proctored_cases_and_the_sign_off(self) -> None:
        mentorship = self.mentorship()
        client = self.client_for(self.admin)
        base = f"/network/training/{mentorship.external_id}"
        for op in self.operations[1:3]:
            response = client.post(f"{base}/proctored/", {"operation": str(op.external_id)})
            self.assertEqual(response.status_code, 302)
        self.assertEqual(mentorship.proctored.count(), 2)
        early = client.post(f"{base}/sign-off/", {"independent_on": "2025-07-01"})
        self.assertEqual(early.status_code, 422)
        self.assertContains(early, "before the first proctored case", status_code=422)
        with self.assertRaises(InvalidInput) as caught:
            training.do_sign_off(self.admin, mentorship, dt.date(2025, 7, 1))
        self.assertEqual(caught.exception.field, "independent_on")
        mentorship.refresh_from_db()
        self.assertIsNone(mentorship.independent_on)
        client.post(f"{base}/sign-off/", {"independent_on": "2025-07-04"})
        mentorship.refresh_from_db()
        self.assertEqual(mentorship.independent_on, dt.date(2025, 7, 4))
        page = client.get(f"{base}/")
        self.assertContains(page, "2025-07-04")
        self.assertContains(page, "2025-07-03")  # the second proctored case

    def test_it_refuses_an_operation_that_is_not_the_trainees(self) -> None:
        mentorship = self.mentorship()
        other = operate(self.coordinator, self.site, self.clinician, 50, False)
        with self.assertRaises(InvalidInput) as caught:
            training.do_add_proctored_case(self.admin, mentorship, other)
        self.assertEqual(caught.exception.field, "operation")
        training.do_add_proctored_case(self.admin, mentorship, self.operations[0])
        with self.assertRaises(InvalidInput):
            training.do_add_proctored_case(self.admin, mentorship, self.operations[0])
        self.assertEqual(ProctoredCase.objects.count(), 1)

    def test_it_refuses_other_sites_and_roles_without_the_right(self) -> None:
        mentorship = self.mentorship()
        base = f"/network/training/{mentorship.external_id}"
        op = str(self.operations[0].external_id)
        for user in (self.outsider, self.other_admin):
            client = self.client_for(user)
            with self.subTest(user=user.username):
                self.assertEqual(client.get(f"{base}/").status_code, 403)
                self.assertEqual(client.post(f"{base}/proctored/", {"operation": op})
                                 .status_code, 403)
                self.assertEqual(client.post(f"{base}/sign-off/",
                                             {"independent_on": "2025-07-09"}).status_code, 403)
                self.assertNotContains(client.get("/network/training/"), "Mei Lin")
        self.assertEqual(self.client_for(self.other_admin).post(
            "/network/training/new/", self.form()).status_code, 422)  # not one of its sites
        for user in (self.clinician, self.coordinator, self.auditor):
            client = self.client_for(user)
            with self.subTest(user=user.username):
                self.assertEqual(client.get("/network/training/new/").status_code, 403)
                self.assertEqual(client.post(f"{base}/proctored/", {"operation": op})
                                 .status_code, 403)
                self.assertEqual(client.get(f"{base}/").status_code, 200)
                self.assertNotContains(client.get(f"{base}/"), 'id="sign-off-form"')
        self.assertFalse(ProctoredCase.objects.exists())
        self.assertEqual(Mentorship.objects.count(), 1)

    def test_it_shows_the_training_beside_the_surgeons_cusum(self) -> None:
        mentorship = self.mentorship()
        for op in self.operations[:2]:
            training.do_add_proctored_case(self.admin, mentorship, op)
        training.do_sign_off(self.admin, mentorship, dt.date(2025, 7, 3))
        for index in range(8, 12):  # the network needs 10 operations for a model
            operate(self.coordinator, self.site, self.clinician, index, index == 9)
        page = self.client_for(self.auditor).get("/network/audit/", {
            "indicator": "clavien_dindo_3", "date_from": "2025-01-01",
            "date_to": "2025-12-31"})
        cusum = next(c for c in page.context["sections"][0]["cusum"] if c["name"] == "Mei Lin")
        self.assertEqual([(t["mentor"], t["proctored"], t["independent_on"])
                          for t in cusum["training"]], [("陈建国", 2, dt.date(2025, 7, 3))])
        self.assertIn("Signed off as independent", cusum["svg"])
        self.assertContains(page, "trained by 陈建国")
