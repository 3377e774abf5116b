"""A welfare officer starts an application from the welfare home: the hospital number finds
the patient's cases on the officer's own sites (an officer of another site finds nothing),
each with the link to the application form; the search is audited."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse

from tests.base import PASSWORD, BaseTestCase
from tests.board.helpers import FAST_HASHER
from tumorboard.accounts.models import AuditEvent
from tumorboard.accounts.services import do_create_user


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class IntakeSearchTest(BaseTestCase):
    def find(self, user: User, mrn: str, language: str = "en") -> str:
        response = self.client_for(user).get(
            reverse("welfare-home"), {"mrn": mrn}, HTTP_ACCEPT_LANGUAGE=language)
        self.assertEqual(response.status_code, 200)
        return str(response.content.decode())

    def test_it_finds_the_cases_of_the_hospital_number_with_the_link_to_apply(self) -> None:
        apply = reverse("welfare-apply", args=[self.case.external_id])
        for language in ("en", "zh-hans"):
            html = self.find(self.welfare, self.patient.mrn, language)
            self.assertIn(f'href="{apply}"', html)
            self.assertIn(self.patient.family_name + self.patient.given_name, html)
        self.assertTrue(AuditEvent.objects.filter(object_type="welfare_case_search").exists())
        self.assertNotIn(f'href="{apply}"', self.find(self.welfare, "NOSUCH"))

    def test_it_finds_nothing_on_another_site(self) -> None:
        west = do_create_user("west-welfare", role="welfare_officer", site_codes=["WEST"],
                              password=PASSWORD)
        html = self.find(west, self.patient.mrn)
        self.assertNotIn(str(self.case.external_id), html)
        self.assertIn('id="cases-to-apply"', html)
        self.assertNotIn(self.patient.given_name, html)
