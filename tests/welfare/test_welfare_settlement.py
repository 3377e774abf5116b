"""Approval commits money, the operation's actual cost settles it: settling names an
operation of the application's case recorded in the outcomes registry (service, web form
and API); another case's operation, a missing one or one that settled another application
is refused naming ``operation`` with nothing written; the application page shows the
operation's date and procedure in the reader's language, no code."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.base import BaseTestCase, make_case, make_patient
from tests.board.helpers import FAST_HASHER
from tests.welfare.helpers import assessed, make_fund, record_operation
from tumorboard.patients.validation import InvalidInput
from tumorboard.welfare import decisions, ledger
from tumorboard.welfare import vocabulary as v
from tumorboard.welfare.models import Application, ApplicationEvent, LedgerTransaction


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class SettlementTest(BaseTestCase):
    def approved(self, case: Any = None) -> Application:
        fund = make_fund(self.admin, self.site, name=f"Fund {Application.objects.count()}")
        app = assessed(self.welfare, case or self.case, fund)
        decisions.do_decide(self.admin, app, approve=True)
        return Application.objects.get(pk=app.pk)

    def written(self) -> tuple[int, int, list[str]]:
        return (LedgerTransaction.objects.count(), ApplicationEvent.objects.count(),
                sorted(Application.objects.values_list("status", flat=True)))

    def test_it_settles_against_the_cases_operation_and_keeps_the_link(self) -> None:
        app = self.approved()
        operation = record_operation(self.clinician, self.case)
        settled = decisions.do_settle(self.welfare, app, str(operation.external_id), "70000")
        settled.refresh_from_db()
        self.assertEqual((settled.status, settled.operation), (v.SETTLED, operation))
        event = settled.events.get(step="settled")
        self.assertEqual(event.detail["operation"], str(operation.external_id))
        self.assertEqual(ledger.check(), [])

    def test_it_refuses_another_cases_missing_or_used_operation_naming_it(self) -> None:
        app = self.approved()
        other_case = make_case(self.coordinator, make_patient(self.coordinator, self.site,
                                                              mrn="A0002"))
        foreign = record_operation(self.clinician, other_case)
        mine = record_operation(self.clinician, self.case)
        second = self.approved()
        decisions.do_settle(self.welfare, second, mine.external_id, "70000")
        before = self.written()
        for key in (foreign.external_id, "", None, "not-a-uuid", mine.external_id):
            with self.subTest(operation=key):
                with self.assertRaises(InvalidInput) as refused:
                    decisions.do_settle(self.welfare, app, key, "70000")
                self.assertEqual(refused.exception.field, "operation")
        self.assertEqual(self.written(), before)
        app.refresh_from_db()
        self.assertEqual((app.status, app.operation), (v.APPROVED, None))

    def test_it_offers_the_cases_operations_on_the_page_and_shows_the_settled_one(self) -> None:
        app = self.approved()
        mine = record_operation(self.clinician, self.case, dt.date(2025, 9, 3), "NSM")
        other_case = make_case(self.coordinator, make_patient(self.coordinator, self.site,
                                                              mrn="A0002"))
        foreign = record_operation(self.clinician, other_case)
        officer = self.client_for(self.welfare)
        url = reverse("welfare-application", args=[app.external_id])
        page = officer.get(url).content.decode()
        self.assertIn(f'value="{mine.external_id}"', page)
        self.assertNotIn(str(foreign.external_id), page)
        settle = reverse("welfare-settle", args=[app.external_id])
        before = self.written()
        for data in ({"operation": str(foreign.external_id), "actual_cost": "70000"},
                     {"actual_cost": "70000"}):
            refused = officer.post(settle, data)
            self.assertEqual(refused.status_code, 422)
            self.assertIn("operation", refused.context["errors"])
        self.assertEqual(self.written(), before)
        done = officer.post(settle, {"operation": str(mine.external_id), "actual_cost": "70000"})
        self.assertEqual(done.status_code, 302)
        for language in ("en", "zh-hans"):
            html = officer.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
            shown = html.split('id="operation">')[1].split("</dd>")[0]
            with translation.override(language):
                label = translation.gettext("Nipple-sparing mastectomy")
            self.assertIn(label, shown)
            self.assertEqual(language == "en", label.startswith("Nipple"))
            self.assertIn("2025", shown)
            self.assertNotIn("NSM", shown)
            self.assertNotIn(str(mine.external_id), html)

    def test_it_says_when_no_operation_is_recorded_yet(self) -> None:
        app = self.approved()
        page = self.client_for(self.welfare).get(
            reverse("welfare-application", args=[app.external_id])).content.decode()
        self.assertIn('id="no-operation"', page)
        self.assertNotIn('id="settle-form"', page)

    def test_it_settles_through_the_api_by_the_operations_external_id(self) -> None:
        app = self.approved()
        operation = record_operation(self.clinician, self.case)
        other_case = make_case(self.coordinator, make_patient(self.coordinator, self.site,
                                                              mrn="A0002"))
        foreign = record_operation(self.clinician, other_case)
        url = f"/api/v1/welfare/applications/{app.external_id}/settle"
        before = self.written()
        for body in ({"actual_cost": "70000"},
                     {"operation": str(foreign.external_id), "actual_cost": "70000"}):
            refused = self.client.post(url, json.dumps(body), content_type="application/json",
                                       **self.bearer(self.welfare))
            self.assertEqual(refused.status_code, 422)
            self.assertIn("operation", refused.content.decode())
        self.assertEqual(self.written(), before)
        done = self.client.post(url, json.dumps({"operation": str(operation.external_id),
                                                 "actual_cost": "70000"}),
                                content_type="application/json", **self.bearer(self.welfare))
        self.assertEqual(done.status_code, 200, done.content)
        self.assertEqual((done.json()["status"], done.json()["operation"]),
                         (v.SETTLED, str(operation.external_id)))
