from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from tests.base import PASSWORD, BaseTestCase
from tumorboard.core.checks import refuse_insecure_production

SRC = str(Path(__file__).resolve().parents[2] / "src")
GOOD = {"production": True, "debug": False, "secret_key": "k" * 50, "insecure_key": "dev",
        "allowed_hosts": ["mdt.example.org"], "national_id_salt": "s" * 20}


@pytest.mark.parametrize(("change", "message"), [
    ({"debug": True}, "DEBUG"),
    ({"secret_key": "dev"}, "SECRET_KEY"),
    ({"allowed_hosts": []}, "ALLOWED_HOSTS"),
    ({"allowed_hosts": ["*"]}, "ALLOWED_HOSTS"),
    ({"national_id_salt": "insecure-development-salt"}, "NATIONAL_ID_SALT"),
])
def test_it_refuses_insecure_production_settings(change: dict[str, object],
                                                  message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        refuse_insecure_production(**{**GOOD, **change})  # type: ignore[arg-type]


def test_it_accepts_secure_production_settings() -> None:
    refuse_insecure_production(**GOOD)  # type: ignore[arg-type]


def test_it_will_not_start_in_production_with_defaults() -> None:
    env = {**os.environ, "PYTHONPATH": SRC, "TUMORBOARD_PRODUCTION": "true"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run([sys.executable, "-m", "tumorboard", "migrate", "--check"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr


def test_it_hashes_passwords_with_argon2() -> None:
    from django.contrib.auth.hashers import make_password

    assert make_password("x" * 12).startswith("argon2")


class LoginThrottleTest(BaseTestCase):
    def test_it_locks_out_after_repeated_failures(self) -> None:
        client = Client()
        for _ in range(5):
            client.post("/accounts/login/", {"username": "clinician", "password": "wrong"})
        response = client.post("/accounts/login/", {"username": "clinician",
                                                    "password": PASSWORD})
        self.assertContains(response, "Too many failed attempts")
        self.assertNotIn("_auth_user_id", client.session)

    def test_it_logs_in_with_the_right_password(self) -> None:
        client = Client()
        response = client.post("/accounts/login/", {"username": "clinician",
                                                    "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        self.assertIn("_auth_user_id", client.session)

    def test_it_sets_protective_headers_and_cookies(self) -> None:
        response = self.client_for(self.clinician).get("/")
        self.assertEqual(response.headers["X-Frame-Options"], "DENY")
        self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
        from django.conf import settings

        self.assertTrue(settings.SESSION_COOKIE_HTTPONLY)
