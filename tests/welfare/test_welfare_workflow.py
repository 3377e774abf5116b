"""From intake to a settled operation: documents, the means test, two-person approval,
appeal, settlement and release; the ledger is sound after every step."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.test import override_settings
from django.utils import timezone

from tests.base import PASSWORD, BaseTestCase
from tests.board.helpers import FAST_HASHER
from tests.welfare.helpers import (
    AID_FEN,
    assessed,
    make_application,
    make_fund,
    record_operation,
)
from tumorboard.accounts.models import AuditEvent
from tumorboard.accounts.services import do_create_user
from tumorboard.welfare import decisions, ledger, services
from tumorboard.welfare import vocabulary as v
from tumorboard.welfare.models import Fund, LedgerTransaction


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class WorkflowTest(BaseTestCase):
    def test_it_takes_an_application_from_intake_to_a_settled_operation(self) -> None:
        fund = make_fund(self.admin, self.site)
        app = make_application(self.welfare, self.case)
        docs = services.do_request_documents(self.welfare, app, ["income_proof", "hukou"],
                                             timezone.localdate() + dt.timedelta(days=14))
        services.do_receive_document(self.welfare, docs[0])
        app = services.do_assess(self.welfare, app, fund)
        self.assertEqual((app.status, app.assessment["tier"], app.assessment["percent"]),
                         (v.ASSESSED, "reduced", 70))
        decision = decisions.do_decide(self.admin, app, approve=True)
        self.assertEqual(decision.amount_fen, AID_FEN)
        fund.refresh_from_db()
        self.assertEqual((fund.available_fen, fund.committed_fen),
                         (10_000_000 - AID_FEN, AID_FEN))
        operation = record_operation(self.clinician, self.case)
        # 70000 x 40 % x 70 % = 19600
        app = decisions.do_settle(self.welfare, app, operation.external_id, "70000")
        self.assertEqual(app.operation, operation)
        fund.refresh_from_db()
        self.assertEqual((fund.spent_fen, fund.committed_fen, fund.available_fen),
                         (1_960_000, 0, 10_000_000 - 1_960_000))
        self.assertEqual(ledger.check(), [])
        steps = list(app.events.values_list("step", flat=True))
        self.assertEqual(steps, ["created", "documents_requested", "document_received",
                                 "assessed", "approved", "settled"])
        self.assertTrue(AuditEvent.objects.filter(object_type="welfare_application",
                                                  object_id=str(app.external_id)).exists())

    def test_it_hears_an_appeal_by_another_officer(self) -> None:
        fund = make_fund(self.admin, self.site)
        app = assessed(self.welfare, self.case, fund)
        decisions.do_decide(self.admin, app, approve=False, reasons="Income not proven.")
        decisions.do_appeal(self.welfare, app, "Proof of income now attached.")
        with self.assertRaises(services.InvalidInput) as refused:
            decisions.do_decide(self.admin, app, approve=True)  # decided it already
        self.assertEqual(refused.exception.field, "approver")
        second = self.make_officer("welfare2")
        decision = decisions.do_decide(second, app, approve=True)
        self.assertTrue(decision.on_appeal and decision.appeal.grounds)
        self.assertEqual(ledger.check(), [])

    def test_it_releases_the_commitment_of_a_withdrawn_application(self) -> None:
        fund = make_fund(self.admin, self.site)
        app = assessed(self.welfare, self.case, fund)
        decisions.do_decide(self.admin, app, approve=True)
        decisions.do_withdraw(self.welfare, app)
        fund = Fund.objects.get(pk=fund.pk)
        self.assertEqual((fund.available_fen, fund.committed_fen), (10_000_000, 0))
        kinds = list(LedgerTransaction.objects.filter(fund=fund).values_list("kind", flat=True))
        self.assertEqual(kinds, [v.GRANT, v.COMMIT, v.RELEASE])
        self.assertEqual(ledger.check(), [])

    def test_it_marks_reminders_on_overdue_documents_once_a_week(self) -> None:
        app = make_application(self.welfare, self.case)
        today = timezone.localdate()
        services.do_request_documents(self.welfare, app, ["hukou"], today)
        later = today + dt.timedelta(days=3)
        self.assertEqual(services.do_send_reminders(self.welfare, self.site, later), 1)
        self.assertEqual(services.do_send_reminders(self.welfare, self.site, later), 0)

    def make_officer(self, name: str) -> User:
        return do_create_user(name, role="welfare_officer", site_codes=["EAST"],
                              password=PASSWORD)
