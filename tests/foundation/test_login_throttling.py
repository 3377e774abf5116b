"""Login throttling: one normalised username for counting and signing in, per-address and
global limits, and a per-user delay an attacker cannot stretch into a long lock-out."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from tests.base import PASSWORD, BaseTestCase
from tumorboard.accounts.models import LoginFailure

LOCKED = "Too many failed attempts"


def attempt(username: str, password: str, address: str = "10.0.0.1") -> tuple[Client, int, str]:
    client = Client(REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return client, response.status_code, response.content.decode()


class NormalisedUsernameTest(BaseTestCase):
    def fail_five_times(self, username: str = "clinician") -> None:
        for _ in range(settings.LOGIN_MAX_FAILURES):
            attempt(username, "wrong password")

    def assert_refused(self, username: str) -> None:
        client, _, body = attempt(username, PASSWORD)
        self.assertIn(LOCKED, body)
        self.assertNotIn("_auth_user_id", client.session)

    def test_it_signs_in_with_a_padded_or_fullwidth_username_when_not_locked(self) -> None:
        # Django's login form strips and NFKC-normalises: these variants are the same user.
        for variant in ("clinician ", "ｃｌｉｎｉｃｉａｎ"):
            client, status, _ = attempt(variant, PASSWORD)
            self.assertEqual(status, 302, variant)
            self.assertIn("_auth_user_id", client.session)

    def test_it_refuses_a_trailing_space_variant_while_locked(self) -> None:
        self.fail_five_times()
        self.assert_refused("clinician ")

    def test_it_refuses_a_fullwidth_variant_while_locked(self) -> None:
        self.fail_five_times()
        self.assert_refused("ｃｌｉｎｉｃｉａｎ")

    def test_it_refuses_a_case_variant_while_locked(self) -> None:
        self.fail_five_times()
        self.assert_refused("CLINICIAN")
        self.assert_refused("clinician")

    def test_it_counts_failures_spread_over_variants_together(self) -> None:
        for variant in ("clinician ", "ｃｌｉｎｉｃｉａｎ", "Clinician", " clinician", "clinician"):
            attempt(variant, "wrong password")
        self.assert_refused("clinician")


class AddressAndGlobalLimitTest(BaseTestCase):
    def test_it_throttles_one_password_against_twenty_usernames(self) -> None:
        for number in range(20):
            attempt(f"user{number}", "Spring2025!", address="10.6.6.6")
        # The address is now refused even for an account it never tried ...
        client, _, body = attempt("clinician", PASSWORD, address="10.6.6.6")
        self.assertIn(LOCKED, body)
        self.assertNotIn("_auth_user_id", client.session)
        # ... while the same account from elsewhere still signs in.
        client, status, _ = attempt("clinician", PASSWORD, address="10.0.0.2")
        self.assertEqual(status, 302)

    @override_settings(LOGIN_MAX_FAILURES_GLOBAL=30)
    def test_it_stops_all_password_logins_past_the_global_limit(self) -> None:
        for number in range(30):
            attempt(f"user{number}", "wrong password", address=f"10.1.{number}.1")
        _, _, body = attempt("clinician", PASSWORD, address="10.2.0.1")
        self.assertIn(LOCKED, body)


class AttackerCannotLockOutLongTest(BaseTestCase):
    def test_it_only_delays_the_user_from_other_addresses(self) -> None:
        for _ in range(settings.LOGIN_MAX_FAILURES):
            attempt("clinician", "wrong password", address="10.6.6.6")
        # Right after the attack the user waits a short delay, from anywhere ...
        _, _, body = attempt("clinician", PASSWORD, address="10.0.0.9")
        self.assertIn(LOCKED, body)
        # ... and once LOGIN_USER_DELAY_SECONDS have passed, signs in from their own address,
        LoginFailure.objects.update(
            at=timezone.now() - timedelta(seconds=settings.LOGIN_USER_DELAY_SECONDS + 1))
        client, status, _ = attempt("clinician", PASSWORD, address="10.0.0.9")
        self.assertEqual(status, 302)
        self.assertIn("_auth_user_id", client.session)
        # while the attacker's address stays locked out of that account for the full window.
        _, _, body = attempt("clinician", PASSWORD, address="10.6.6.6")
        self.assertIn(LOCKED, body)
        self.assertLess(settings.LOGIN_USER_DELAY_SECONDS, settings.LOGIN_LOCKOUT_SECONDS)

    def test_it_forgets_failures_older_than_the_window(self) -> None:
        for _ in range(settings.LOGIN_MAX_FAILURES):
            attempt("clinician", "wrong password", address="10.6.6.6")
        LoginFailure.objects.update(
            at=timezone.now() - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1))
        _, status, _ = attempt("clinician", PASSWORD, address="10.6.6.6")
        self.assertEqual(status, 302)
