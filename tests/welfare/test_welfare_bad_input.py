"""Bad input is refused naming the field, and nothing is written."""

from __future__ import annotations

from typing import Any

from django.test import override_settings

from tests.base import BaseTestCase
from tests.board.helpers import FAST_HASHER
from tests.welfare.helpers import MEMBERS, assessed, make_application, make_fund
from tumorboard.patients.validation import InvalidInput
from tumorboard.welfare import decisions, ledger
from tumorboard.welfare import vocabulary as v
from tumorboard.welfare.models import (
    Application,
    ApplicationEvent,
    Decision,
    Fund,
    HouseholdMember,
    LedgerLine,
    LedgerTransaction,
)

TABLES = (Application, HouseholdMember, ApplicationEvent, Decision, LedgerTransaction,
          LedgerLine)


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class BadInputTest(BaseTestCase):
    def counts(self) -> dict[str, int]:
        return {t.__name__: t.objects.count() for t in TABLES}

    def refused(self, field: str, call: Any) -> None:
        before = self.counts()
        with self.assertRaises(InvalidInput) as error:
            call()
        self.assertEqual(error.exception.field, field)
        self.assertEqual(self.counts(), before, "nothing written")

    def test_it_refuses_a_negative_income(self) -> None:
        members = [{**MEMBERS[0], "income": "-100"}]
        self.refused("members.0.income",
                     lambda: make_application(self.welfare, self.case, members=members))

    def test_it_refuses_negative_food_spending(self) -> None:
        self.refused("food", lambda: make_application(self.welfare, self.case, food="-1"))

    def test_it_refuses_a_household_without_members(self) -> None:
        self.refused("members", lambda: make_application(self.welfare, self.case, members=[]))

    def test_it_refuses_an_approval_above_the_available_balance(self) -> None:
        fund = make_fund(self.admin, self.site, budget="10000")  # the aid is 22400
        app = assessed(self.welfare, self.case, fund)
        self.refused("amount", lambda: decisions.do_decide(self.admin, app, approve=True))
        app.refresh_from_db()
        fund.refresh_from_db()
        self.assertEqual((app.status, fund.available_fen, fund.committed_fen),
                         (v.ASSESSED, 1_000_000, 0))

    def test_it_refuses_an_approval_by_the_assessor(self) -> None:
        app = assessed(self.welfare, self.case, make_fund(self.admin, self.site))
        self.refused("approver", lambda: decisions.do_decide(self.welfare, app, approve=True))
        self.assertEqual(Fund.objects.get().committed_fen, 0)

    def test_it_refuses_a_second_approval(self) -> None:
        app = assessed(self.welfare, self.case, make_fund(self.admin, self.site))
        decisions.do_decide(self.admin, app, approve=True)
        self.refused("status", lambda: decisions.do_decide(self.admin, app, approve=True))
        self.assertEqual(ledger.check(), [])

    def test_it_refuses_a_refusal_without_reasons(self) -> None:
        app = assessed(self.welfare, self.case, make_fund(self.admin, self.site))
        self.refused("reasons", lambda: decisions.do_decide(self.admin, app, approve=False))

    def test_it_refuses_a_fund_whose_purpose_does_not_cover_the_case(self) -> None:
        fund = make_fund(self.admin, self.site, pathway="rectum")  # the case is breast
        app = assessed(self.welfare, self.case, fund)
        self.refused("fund", lambda: decisions.do_decide(self.admin, app, approve=True))
