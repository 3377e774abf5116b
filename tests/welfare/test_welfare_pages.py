"""A welfare officer takes an application from intake to a settled operation through the
web pages, in English and in Chinese (the second officer decides); every page answers in
the reader's language and shows no code, id or username."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.base import PASSWORD, BaseTestCase
from tests.board.helpers import FAST_HASHER
from tests.welfare.helpers import make_fund, record_operation
from tumorboard.accounts.services import do_create_user
from tumorboard.welfare import ledger
from tumorboard.welfare.models import Application

FORM = {"planned_treatment": "sphincter-preserving low anterior resection",
        "insurance": "urban_rural_resident", "category": "", "food": "15000", "assets": "0",
        "estimated_cost": "80000", "oop_percent": "40", "members-TOTAL_FORMS": "6",
        "members-INITIAL_FORMS": "0", "members-0-relation": "self", "members-0-age": "58",
        "members-0-income": "36000", "members-1-relation": "spouse", "members-1-age": "55",
        "members-1-income": "24000"}


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class WelfarePagesTest(BaseTestCase):
    def test_it_goes_from_intake_to_a_settled_operation_in_both_languages(self) -> None:
        second = do_create_user("welfare2", role="welfare_officer", site_codes=["EAST"],
                                password=PASSWORD)
        for language in ("en", "zh-hans"):
            with self.subTest(language=language):
                self.walk(language, second)
        self.assertEqual(ledger.check(), [])

    def walk(self, language: str, second: User) -> None:
        fund = make_fund(self.admin, self.site, name=f"Fund {language}")
        officer, approver = self.client_for(self.welfare), self.client_for(second)
        head = {"HTTP_ACCEPT_LANGUAGE": language}
        created = officer.post(reverse("welfare-apply", args=[self.case.external_id]), FORM,
                               **head)
        self.assertEqual(created.status_code, 302)
        app = Application.objects.latest("id")
        key = str(app.external_id)
        operation = record_operation(self.clinician, self.case)
        due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
        steps = [(officer, "welfare-documents", {"kinds": ["income_proof"], "due": due}),
                 (officer, "welfare-assess", {"fund": str(fund.external_id)}),
                 (approver, "welfare-decide", {"approve": "yes", "reasons": ""}),
                 (approver, "welfare-letter", {}),
                 (officer, "welfare-settle", {"operation": str(operation.external_id),
                                              "actual_cost": "78000"})]
        for client, route, data in steps:
            response = client.post(reverse(route, args=[key]), data, **head)
            self.assertEqual(response.status_code, 302, (route, response.content[:300]))
        app.refresh_from_db()
        self.assertEqual(app.status, "settled")
        page = officer.get(reverse("welfare-application", args=[key]), **head)
        html = page.content.decode()
        self.assertEqual(page.headers["Content-Language"], language)
        for hidden in (key, str(self.case.external_id), second.username, "income_proof",
                       "urban_rural_resident", "· welfare<"):
            self.assertNotIn(hidden, html.replace(f"/{key}/", "/"))
        for route in ("welfare-home", "welfare-funds", "welfare-policies"):
            self.assertEqual(officer.get(reverse(route), **head).status_code, 200)
        for route in ("welfare-fund", "welfare-report"):
            self.assertEqual(officer.get(reverse(route, args=[fund.external_id]), **head)
                             .status_code, 200)
        pdf = officer.get(reverse("welfare-report-pdf", args=[fund.external_id]), **head)
        self.assertEqual(pdf["Content-Type"], "application/pdf")
