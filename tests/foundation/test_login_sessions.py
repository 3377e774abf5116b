"""Changing a password ends the user's other sessions and keeps the current one."""

from __future__ import annotations

from django.test import Client

from tests.base import PASSWORD, BaseTestCase

NEW_PASSWORD = "a different long passphrase 42"


class PasswordChangeTest(BaseTestCase):
    def login(self) -> Client:
        client = Client()
        self.assertTrue(client.login(username="clinician", password=PASSWORD))
        return client

    def test_it_ends_other_sessions_on_password_change(self) -> None:
        laptop, ward_pc = self.login(), self.login()
        self.assertEqual(ward_pc.get("/patients/").status_code, 200)
        response = laptop.post("/accounts/password/", {
            "old_password": PASSWORD, "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD})
        self.assertEqual(response.status_code, 302)
        # The session that changed it goes on ...
        self.assertEqual(laptop.get("/patients/").status_code, 200)
        # ... the other one is sent to the login page.
        other = ward_pc.get("/patients/")
        self.assertEqual(other.status_code, 302)
        self.assertIn("/accounts/login/", other["Location"])

    def test_it_refuses_a_wrong_old_password(self) -> None:
        client = self.login()
        response = client.post("/accounts/password/", {
            "old_password": "wrong", "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD})
        self.assertEqual(response.status_code, 200)
        self.clinician.refresh_from_db()
        self.assertTrue(self.clinician.check_password(PASSWORD))
