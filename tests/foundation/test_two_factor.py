"""Two-factor login (TOTP) for clinical roles when TUMORBOARD_REQUIRE_2FA is on."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import struct
import subprocess
import sys
import time
from pathlib import Path

from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.base import PASSWORD, BaseTestCase
from tumorboard.accounts.tokens import do_issue_token

SRC = str(Path(__file__).resolve().parents[2] / "src")


def totp(secret: bytes, at: float | None = None, digits: int = 6) -> str:
    """RFC 6238 (2011) TOTP with HMAC-SHA1 and 30-second steps, on RFC 4226 truncation."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10 ** digits).zfill(digits)


def test_it_computes_the_rfc_6238_test_vectors() -> None:
    # RFC 6238 Appendix B, SHA1 seed "12345678901234567890", 8 digits.
    seed = b"12345678901234567890"
    assert totp(seed, 59, 8) == "94287082"
    assert totp(seed, 1111111109, 8) == "07081804"
    assert totp(seed, 2000000000, 8) == "69279037"


@override_settings(TUMORBOARD_REQUIRE_2FA=True)
class TwoFactorTest(BaseTestCase):
    def password_login(self, username: str = "clinician") -> Client:
        client = Client()
        response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        return client

    def patient_url(self) -> str:
        return f"/patients/{self.patient.external_id}/"

    def assert_sent_to_second_step(self, client: Client) -> None:
        response = client.get(self.patient_url())
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/accounts/two-factor/"))

    def test_it_enrols_and_then_lets_a_clinician_see_a_patient(self) -> None:
        client = self.password_login()
        self.assert_sent_to_second_step(client)
        page = client.get("/accounts/two-factor/", {"next": self.patient_url()}).content.decode()
        secret = re.search(r'id="otp-secret">([A-Z2-7=]+)<', page).group(1)  # type: ignore[union-attr]
        self.assertIn("otpauth://totp/", page)
        self.assertIn(f"secret={secret.rstrip('=')}", page.replace("%3D", "="))
        response = client.post("/accounts/two-factor/", {
            "code": totp(base64.b32decode(secret)), "next": self.patient_url()})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], self.patient_url())
        self.assertEqual(client.get(self.patient_url()).status_code, 200)
        self.assertTrue(TOTPDevice.objects.get(user=self.clinician).confirmed)

    def test_it_refuses_a_wrong_code(self) -> None:
        device = TOTPDevice.objects.create(user=self.clinician, name="phone", confirmed=True)
        client = self.password_login()
        right = totp(device.bin_key)
        wrong = str((int(right) + 1) % 1_000_000).zfill(6)
        response = client.post("/accounts/two-factor/", {"code": wrong})
        self.assertEqual(response.status_code, 400)
        self.assert_sent_to_second_step(client)

    def test_it_asks_an_enrolled_user_for_the_code(self) -> None:
        device = TOTPDevice.objects.create(user=self.clinician, name="phone", confirmed=True)
        client = self.password_login()
        self.assert_sent_to_second_step(client)
        page = client.get("/accounts/two-factor/").content.decode()
        self.assertNotIn("otp-secret", page)
        client.post("/accounts/two-factor/", {"code": totp(device.bin_key)})
        self.assertEqual(client.get(self.patient_url()).status_code, 200)

    def test_it_does_not_count_a_password_only_session_on_the_api(self) -> None:
        client = self.password_login()
        self.assertEqual(client.get("/api/v1/patients").status_code, 401)

    def test_it_leaves_api_tokens_alone(self) -> None:
        raw = do_issue_token(self.clinician)
        response = self.client.get("/api/v1/patients", HTTP_AUTHORIZATION=f"Bearer {raw}")
        self.assertEqual(response.status_code, 200)

    def test_it_covers_coordinators_admins_and_auditors_but_not_welfare(self) -> None:
        for username in ("coordinator", "admin", "auditor"):
            response = self.password_login(username).get("/")
            self.assertEqual(response.status_code, 302, username)
        self.assertEqual(self.password_login("welfare").get("/").status_code, 200)


class TwoFactorOffTest(BaseTestCase):
    def test_it_is_off_by_default_outside_production(self) -> None:
        client = Client()
        client.post("/accounts/login/", {"username": "clinician", "password": PASSWORD})
        self.assertEqual(client.get(f"/patients/{self.patient.external_id}/").status_code, 200)


def test_it_will_not_start_in_production_without_two_factor() -> None:
    env = {**os.environ, "PYTHONPATH": SRC, "TUMORBOARD_PRODUCTION": "true",
           "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "mdt.example.org",
           "NATIONAL_ID_SALT": "s" * 20, "TUMORBOARD_REQUIRE_2FA": "false"}
    result = subprocess.run([sys.executable, "-m", "tumorboard", "migrate", "--check"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "TUMORBOARD_REQUIRE_2FA" in result.stderr
