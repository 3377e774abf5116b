"""Several officers approve against the last money of one fund at the same moment
(PostgreSQL: row locks). Exactly the affordable approvals succeed, the others are refused
naming the amount, no balance goes below zero, and `ledger --check` passes afterwards.
Skipped on SQLite, where writers are serialised by the database's single write lock."""

from __future__ import annotations

import threading
import unittest
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings

from tests.base import PASSWORD, make_case, make_patient
from tests.board.helpers import FAST_HASHER
from tests.welfare.helpers import AID_FEN, assessed, make_fund
from tumorboard.accounts.services import do_create_user
from tumorboard.network.models import Site
from tumorboard.patients.validation import InvalidInput
from tumorboard.welfare import decisions, ledger
from tumorboard.welfare.models import Application, Fund, LedgerTransaction

THREADS = 8


@unittest.skipUnless(connection.vendor == "postgresql", "row locks are a PostgreSQL test")
@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class ConcurrentApprovalTest(TransactionTestCase):
    def setUp(self) -> None:
        self.site = Site.objects.create(code="EAST", name="East River Cancer Centre")
        self.users = {role: do_create_user(role, role=role, site_codes=["EAST"],
                                           password=PASSWORD)
                      for role in ("coordinator", "welfare_officer", "admin")}
        patient = make_patient(self.users["coordinator"], self.site)
        self.case = make_case(self.users["coordinator"], patient)

    def race(self, user: User, apps: list[Application]) -> Counter[str]:
        barrier = threading.Barrier(len(apps))

        def approve(app: Application) -> str:
            try:
                barrier.wait(timeout=30)
                decisions.do_decide(user, app, approve=True)
                return "approved"
            except InvalidInput as refused:
                return refused.field
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=len(apps)) as pool:
            return Counter(pool.map(approve, apps))

    def test_it_approves_exactly_the_affordable_applications(self) -> None:
        officer = self.users["welfare_officer"]
        fund = make_fund(officer, self.site, budget=str(3 * AID_FEN // 100 + 10000))
        apps = [assessed(officer, self.case, fund) for _ in range(THREADS)]
        outcome = self.race(self.users["admin"], apps)
        self.assertEqual(outcome, Counter({"approved": 3, "amount": THREADS - 3}))
        fund = Fund.objects.get(pk=fund.pk)
        self.assertEqual((fund.committed_fen, fund.available_fen), (3 * AID_FEN, 1_000_000))
        self.assertEqual(LedgerTransaction.objects.filter(kind="commit").count(), 3)
        self.assert_ledger_sound()

    def test_it_commits_one_application_once_whoever_approves_it(self) -> None:
        officer = self.users["welfare_officer"]
        app = assessed(officer, self.case, make_fund(officer, self.site))
        outcome = self.race(self.users["admin"], [app] * 4)
        self.assertEqual(outcome, Counter({"approved": 1, "status": 3}))
        self.assertEqual(LedgerTransaction.objects.filter(kind="commit").count(), 1)
        self.assert_ledger_sound()

    def assert_ledger_sound(self) -> None:
        self.assertEqual(ledger.check(), [])
        call_command("welfare", "ledger", "--check", stdout=_Null())


class _Null:
    def write(self, *_args: Any) -> None:
        return None
