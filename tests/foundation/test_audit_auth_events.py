"""Authentication and authorisation events are in the trail, with the client's address."""

from __future__ import annotations

from django.test import Client, override_settings

from tests.base import PASSWORD, BaseTestCase
from tumorboard.accounts.models import AuditEvent
from tumorboard.accounts.services import do_change_role, do_create_user
from tumorboard.accounts.tokens import do_issue_token

PROXY = {"TRUSTED_PROXY_HEADER": "HTTP_X_FORWARDED_FOR", "TRUSTED_PROXIES": ["10.0.0.1"]}


def last(action: str) -> AuditEvent:
    event = AuditEvent.objects.filter(action=action).order_by("-id").first()
    assert event is not None, f"no {action} event"
    return event


class AuthEventsTest(BaseTestCase):
    def login(self, password: str, **meta: str) -> Client:
        client = Client()
        client.post("/accounts/login/", {"username": "clinician", "password": password}, **meta)
        return client

    def test_it_records_a_successful_login_with_the_address(self) -> None:
        self.login(PASSWORD, REMOTE_ADDR="192.0.2.7")
        event = last("login")
        self.assertEqual((event.username, event.user_id), ("clinician", self.clinician.pk))
        self.assertEqual(event.ip_address, "192.0.2.7")

    def test_it_records_a_failed_login_with_the_address(self) -> None:
        self.login("wrong password", REMOTE_ADDR="198.51.100.9")
        event = last("login_failed")
        self.assertEqual((event.username, event.ip_address), ("clinician", "198.51.100.9"))
        self.assertFalse(AuditEvent.objects.filter(action="login").exists())

    def test_it_records_a_logout(self) -> None:
        client = self.client_for(self.auditor)
        client.post("/accounts/logout/", REMOTE_ADDR="192.0.2.8")
        event = last("logout")
        self.assertEqual((event.username, event.ip_address), ("auditor", "192.0.2.8"))

    def test_it_records_user_creation_role_changes_and_tokens(self) -> None:
        user = do_create_user("newcomer", role="clinician", site_codes=["EAST"])
        created = last("user_create")
        self.assertEqual((created.object_id, created.detail["role"]), (str(user.pk), "clinician"))
        do_change_role(self.admin, user, role="auditor", site_codes=["EAST", "WEST"])
        changed = last("role_change")
        self.assertEqual(changed.username, "admin")
        self.assertEqual(changed.detail["role"], ["clinician", "auditor"])
        self.assertEqual(changed.detail["sites"], [["EAST"], ["EAST", "WEST"]])
        raw = do_issue_token(user)
        issued = last("token_issue")
        self.assertEqual(issued.detail["user"], "newcomer")
        self.assertTrue(raw.startswith("tb_" + issued.detail["prefix"]))

    def test_it_records_refused_pages_and_api_calls(self) -> None:
        self.client_for(self.clinician).get("/audit/", REMOTE_ADDR="192.0.2.10")
        page = last("refused")
        self.assertEqual((page.username, page.path, page.channel), ("clinician", "/audit/", "web"))
        self.assertEqual(page.ip_address, "192.0.2.10")
        self.client.get(f"/api/v1/patients/{self.patient.external_id}",
                        **self.bearer(self.outsider))
        api = last("refused")
        self.assertEqual((api.username, api.channel), ("outsider", "api"))

    def test_it_does_not_record_allowed_requests_as_refused(self) -> None:
        self.client_for(self.auditor).get("/audit/")
        self.assertFalse(AuditEvent.objects.filter(action="refused").exists())

    @override_settings(**PROXY)
    def test_it_takes_the_client_address_from_a_trusted_proxy(self) -> None:
        self.login("wrong", REMOTE_ADDR="10.0.0.1",
                   HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.20, 10.0.0.1")
        self.assertEqual(last("login_failed").ip_address, "198.51.100.20")

    @override_settings(**PROXY)
    def test_it_ignores_the_header_from_anyone_else(self) -> None:
        self.login("wrong", REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="203.0.113.99")
        self.assertEqual(last("login_failed").ip_address, "192.0.2.50")

    def test_it_ignores_the_header_when_no_proxy_is_configured(self) -> None:
        self.login("wrong", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.99")
        self.assertEqual(last("login_failed").ip_address, "10.0.0.1")
