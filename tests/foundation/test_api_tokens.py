"""API tokens expire (90 days by default, --days on the command), are listed and revocable."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from tests.base import BaseTestCase
from tumorboard.accounts.models import ApiToken, hash_token
from tumorboard.accounts.tokens import do_issue_token


class TokenExpiryTest(BaseTestCase):
    def get(self, raw: str, path: str = "/api/v1/patients") -> int:
        return self.client.get(path, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code

    def test_it_accepts_a_fresh_token(self) -> None:
        raw = do_issue_token(self.clinician)
        self.assertEqual(self.get(raw), 200)
        self.assertEqual(self.get(raw, "/fhir/R4/Patient"), 200)

    def test_it_issues_tokens_for_ninety_days_by_default(self) -> None:
        raw = do_issue_token(self.clinician)
        token = ApiToken.objects.get(key_hash=hash_token(raw))
        self.assertAlmostEqual((token.expires_at - timezone.now()).total_seconds(),
                               timedelta(days=90).total_seconds(), delta=60)

    def test_it_refuses_an_expired_token(self) -> None:
        raw = do_issue_token(self.clinician)
        ApiToken.objects.filter(key_hash=hash_token(raw)).update(
            expires_at=timezone.now() - timedelta(seconds=1))
        self.assertEqual(self.get(raw), 401)
        self.assertEqual(self.get(raw, "/fhir/R4/Patient"), 401)

    def test_it_refuses_a_revoked_token(self) -> None:
        raw = do_issue_token(self.clinician)
        self.assertEqual(self.get(raw), 200)
        token = ApiToken.objects.get(key_hash=hash_token(raw))
        page = self.client_for(self.clinician)
        response = page.post(f"/accounts/tokens/{token.external_id}/revoke/")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.get(raw), 401)
        self.assertEqual(self.get(raw, "/fhir/R4/Patient"), 401)

    def test_it_takes_days_on_the_command(self) -> None:
        out = io.StringIO()
        call_command("token", "clinician", "--days", "7", stdout=out)
        token = ApiToken.objects.get(key_hash=hash_token(out.getvalue().strip()))
        self.assertAlmostEqual((token.expires_at - timezone.now()).total_seconds(),
                               timedelta(days=7).total_seconds(), delta=60)


class TokenPageTest(BaseTestCase):
    def test_it_lists_only_the_users_own_tokens(self) -> None:
        mine = do_issue_token(self.clinician)
        theirs = do_issue_token(self.coordinator)
        page = self.client_for(self.clinician).get("/accounts/tokens/").content.decode()
        self.assertIn(f"tb_{mine[3:11]}", page)
        self.assertNotIn(f"tb_{theirs[3:11]}", page)

    def test_it_lists_everybodys_tokens_for_an_admin(self) -> None:
        theirs = do_issue_token(self.coordinator)
        page = self.client_for(self.admin).get("/accounts/tokens/").content.decode()
        self.assertIn(f"tb_{theirs[3:11]}", page)

    def test_it_lets_an_admin_but_not_another_user_revoke(self) -> None:
        raw = do_issue_token(self.coordinator)
        token = ApiToken.objects.get(key_hash=hash_token(raw))
        url = f"/accounts/tokens/{token.external_id}/revoke/"
        self.assertEqual(self.client_for(self.clinician).post(url).status_code, 403)
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)
        self.assertEqual(self.client_for(self.admin).post(url).status_code, 302)
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
